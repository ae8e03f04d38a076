// Without the addon (not built, or turned off) nothing is registered and every result is the
// stock kernels' own, bit for bit.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installNativeKernels, nativeKernelStatus, NATIVE_ENV_VAR, NATIVE_KERNELS, restoreStockKernels } from './index.js';
import { BACKENDS, randomTensor, rng, selectBackend } from './internal/compare.test-helpers.js';

const stockFuncs = () =>
  Object.fromEntries(BACKENDS.flatMap((b) => NATIVE_KERNELS.map((k) => [`${b}/${k}`, tf.getKernel(k, b)?.kernelFunc])));

function workload(): number[][] {
  const next = rng(41);
  return tf.tidy(() => {
    const x = randomTensor([2, 7, 7, 3], next) as tf.Tensor4D;
    const w = randomTensor([3, 3, 3, 4], next) as tf.Tensor4D;
    const a = randomTensor([3, 6, 5], next);
    const b = randomTensor([5, 4], next);
    const [dx] = tf.grads((p: tf.Tensor) => tf.conv2d(p as tf.Tensor4D, w, 2, 'same').sum())([x]);
    return [
      tf.matMul(a, b),
      tf.conv2d(x, w, 1, 'valid'),
      dx,
      tf.depthwiseConv2d(x, randomTensor([2, 2, 3, 2], next) as tf.Tensor4D, 1, 'same'),
    ].map((t) => Array.from(t.dataSync()));
  });
}

describe('fallback to the stock kernels', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    await selectBackend('cpu');
  });
  afterEach(() => {
    delete process.env[NATIVE_ENV_VAR];
    restoreStockKernels();
  });

  for (const kind of BACKENDS) {
    it(`an absent addon registers nothing and leaves results equal to stock [${kind}]`, async () => {
      delete process.env[NATIVE_ENV_VAR]; // the absent binary is what is under test, not the switch
      await selectBackend(kind);
      const before = stockFuncs();
      const expected = workload();
      const status = installNativeKernels({ addonPath: '/nonexistent/sparsekit_native.node' });
      expect(status).toMatchObject({ available: false, kernels: {} });
      expect(status.reason).toMatch(/no addon at \/nonexistent/);
      expect(stockFuncs()).toEqual(before);
      expect(workload()).toEqual(expected);
    });
  }

  it('SPARSEKIT_NATIVE=0 keeps the stock kernels', () => {
    process.env[NATIVE_ENV_VAR] = '0';
    const status = installNativeKernels();
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/SPARSEKIT_NATIVE=0/);
    expect(nativeKernelStatus().kernels).toEqual({});
  });

  it('restoreStockKernels puts back exactly the registered configs', () => {
    const before = stockFuncs();
    const status = installNativeKernels();
    if (status.available) expect(stockFuncs()).not.toEqual(before);
    else expect(status.reason).toBeTruthy();
    restoreStockKernels();
    expect(stockFuncs()).toEqual(before);
    // wasm has no stock Conv2DBackpropFilter: it is absent again after a restore.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });

  it('rejects invalid options naming them', () => {
    expect(() => installNativeKernels({ threads: 0 })).toThrow(/^threads: expected a positive integer, got 0/);
    expect(() => installNativeKernels({ backends: ['webgl' as 'cpu'] })).toThrow(/^backends: expected a subset/);
    expect(() => installNativeKernels({ thread: 2 } as never)).toThrow(/^options.thread: expected one of/);
  });
});
