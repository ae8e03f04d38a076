// Selection of the BLAS-backed kernels of @sparsekit/native. Whether the addon is built depends
// on the machine (a CBLAS and a compiler at install time), so the expectations branch on what
// the package itself reports, and both branches assert something.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { backendInfo, useBackend } from '../index.js';
import { NATIVE_ENV_VAR } from './native-kernels.js';
import { onCi } from '../testing/skip-unless-installed.js';

const stockWasmMatMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
const stockCpuConv = tf.getKernel('Conv2D', 'cpu')!.kernelFunc;

// The run may turn the kernels off for the whole process (SPARSEKIT_NATIVE=0 npm test).
const offAtStart = ['0', 'false', 'off', 'no'].includes(process.env[NATIVE_ENV_VAR]?.trim().toLowerCase() ?? '');

async function addonBuilt(): Promise<boolean> {
  const specifier = '@sparsekit/native';
  const native = (await import(/* @vite-ignore */ specifier)) as { loadAddon(): { ok: boolean } };
  return native.loadAddon().ok;
}

afterEach(() => {
  delete process.env[NATIVE_ENV_VAR];
});

describe('native kernels selection', () => {
  it('uses the native kernels by default when the addon is built, and reports them and the BLAS', async () => {
    const built = (await addonBuilt()) && !offAtStart;
    // CI installs a CBLAS and builds the addon: the fallback branch there would hide a broken build.
    if (onCi() && !offAtStart) expect(built, 'the native addon is built on CI').toBe(true);
    const wasm = await useBackend('wasm');
    expect(E.isRight(wasm)).toBe(true);
    const info = backendInfo();
    if (built) {
      expect(info.native).toEqual(expect.arrayContaining(['BatchMatMul', '_FusedMatMul', 'Conv2D', 'Conv2DBackpropFilter']));
      expect(info.blas).toMatch(/thread/);
      expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).not.toBe(stockWasmMatMul);
      // wasm has no stock filter gradient: with the addon it trains conv layers.
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    } else {
      expect(info.native).toEqual([]);
      expect(info.nativeReason).toMatch(/native/i);
      expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(stockWasmMatMul);
    }
  });

  it('{ native: false } restores exactly the stock kernels of that backend and says why', async () => {
    await useBackend('cpu');
    const off = await useBackend('cpu', { native: false });
    expect(E.isRight(off) && off.right).toMatchObject({ name: 'cpu', native: [], nativeReason: 'turned off (native: false)' });
    expect(tf.getKernel('Conv2D', 'cpu')!.kernelFunc).toBe(stockCpuConv);
    const y = tf.tidy(() => tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid'));
    expect(Array.from(y.dataSync())).toEqual([4, 4, 4, 4]);
    y.dispose();
  });

  it('rejects malformed native options naming them', async () => {
    await expect(useBackend('cpu', { native: 'yes' as never })).rejects.toThrow(/^native: expected a boolean/);
    await expect(useBackend('cpu', { blasThreads: 0 })).rejects.toThrow(/^blasThreads: expected a positive integer, got 0/);
  });

  it('SPARSEKIT_NATIVE=0 turns them off too', async () => {
    await useBackend('wasm');
    process.env[NATIVE_ENV_VAR] = '0';
    const off = await useBackend('wasm');
    expect(E.isRight(off) && off.right).toMatchObject({ native: [], nativeReason: 'turned off (SPARSEKIT_NATIVE=0)' });
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(stockWasmMatMul);
    delete process.env[NATIVE_ENV_VAR];
    const on = await useBackend('wasm');
    expect(E.isRight(on) && on.right.native!.length > 0).toBe(await addonBuilt());
  });
});
