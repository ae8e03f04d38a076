// Threaded wasm is process-global (tfjs initialises wasm once), so it has its own test file:
// vitest runs each file in its own process (pool: 'forks').
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { backendInfo, complexMatMul, createRng, disposeComplex, resolveWasmThreads, useBackend } from '../index.js';
import { expectClose } from '../testing.js';

function matmul64(a: Float32Array, b: Float32Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < n; l++) {
      const ail = a[i * n + l];
      for (let j = 0; j < n; j++) c[i * n + j] += ail * b[l * n + j];
    }
  return c;
}

describe('multi-threaded wasm in Node', () => {
  it('initialises with 2 threads and reports them', async () => {
    // Stock kernels, so the next test exercises XNNPACK's thread pool rather than the BLAS ones.
    const result = await useBackend('wasm', { threads: 2, native: false });
    expect(E.isRight(result) && result.right).toMatchObject({ name: 'wasm', simd: true, threads: 2, native: [] });
    expect(getThreadsCount()).toBe(2);
    expect(backendInfo().threads).toBe(2);
  });

  it('computes a 256×256 matmul (XNNPACK splits it across threads) equal to float64', () => {
    const n = 256;
    const rng = createRng(1);
    const a = Float32Array.from(rng.normalArray(n * n));
    const b = Float32Array.from(rng.normalArray(n * n));
    const c = tf.tidy(() => tf.matMul(tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])).dataSync());
    // Entries are sums of 256 products of N(0,1) values (size ~16); float32 accumulation error is ~1e-5.
    expectClose(c, matmul64(a, b, n), { rtol: 1e-5, atol: 1e-4 });
    const z = { re: tf.tensor2d(a.subarray(0, 64 * 64), [64, 64]), im: tf.tensor2d(b.subarray(0, 64 * 64), [64, 64]) };
    const product = complexMatMul(z, z);
    const [zr, zi] = [z.re.dataSync() as Float32Array, z.im.dataSync() as Float32Array];
    const imim = matmul64(zi, zi, 64);
    const re = matmul64(zr, zr, 64).map((x, i) => x - imim[i]);
    expectClose(product.re, re, { rtol: 1e-5, atol: 1e-4 });
    [product, z].forEach(disposeComplex);
  });

  it('refuses to change the thread count once initialised, accepts an unspecified count', async () => {
    const again = await useBackend('wasm', { threads: 1 });
    expect(E.isLeft(again) && again.left.message).toMatch(
      /^threads: expected 2, the count wasm is already initialised with .*request threads: 1 on the first/,
    );
    expect(E.isLeft(again) && again.left.message).not.toMatch(/install/);
    const same = await useBackend('wasm', { threads: 'auto' });
    expect(E.isRight(same) || (E.isLeft(same) && resolveWasmThreads('auto') !== 2)).toBe(true);
    const unspecified = await useBackend('wasm');
    expect(E.isRight(unspecified) && unspecified.right.threads).toBe(2);
    await expect(useBackend('wasm', { threads: 0 })).rejects.toThrow(/^threads: expected an integer in \[1, 8\] or 'auto', got 0$/);
  });

  it('validates thread counts', () => {
    expect(resolveWasmThreads(3)).toBe(3);
    expect(resolveWasmThreads('auto')).toBeGreaterThanOrEqual(1);
    expect(() => resolveWasmThreads(9)).toThrow(/^threads: expected an integer in \[1, 8\]/);
    expect(() => resolveWasmThreads(1.5)).toThrow(/threads/);
  });
});
