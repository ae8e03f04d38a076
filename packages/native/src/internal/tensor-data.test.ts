// The wasm heap may grow while a kernel allocates its output, detaching every earlier view of
// it: the native kernels allocate first and take views after. This forces a growth inside calls.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreStockKernels } from '../install.js';
import { skipWithoutAddon, expectWithinBound, randomTensor, rng, selectBackend, withNative } from './compare.test-helpers.js';

function heapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
}

describe('wasm heap growth between and inside native calls', () => {
  skipWithoutAddon();
  beforeAll(() => selectBackend('wasm'));
  afterAll(() => restoreStockKernels());

  it('keeps matmul and conv results right when the output allocation grows the heap', () => {
    const next = rng(31);
    const k = 3;
    const a = randomTensor([64, k], next);
    const before = heapBytes();
    // An output larger than the whole current heap must grow it inside the kernel.
    const cols = Math.ceil(before / 4 / 64) + 1024;
    const b = randomTensor([k, cols], next);
    withNative('wasm', () => {
      const c = tf.matMul(a, b);
      expect(heapBytes()).toBeGreaterThan(before);
      const [av, bv, cv] = [a.dataSync(), b.dataSync(), c.dataSync()];
      const rows = [0, 31, 63];
      const expected = rows.flatMap((i) =>
        [0, cols >> 1, cols - 1].map((j) => av[i * k] * bv[j] + av[i * k + 1] * bv[cols + j] + av[i * k + 2] * bv[2 * cols + j]),
      );
      const bound = rows.flatMap((i) =>
        [0, cols >> 1, cols - 1].map(
          (j) => Math.abs(av[i * k] * bv[j]) + Math.abs(av[i * k + 1] * bv[cols + j]) + Math.abs(av[i * k + 2] * bv[2 * cols + j]),
        ),
      );
      const actual = rows.flatMap((i) => [0, cols >> 1, cols - 1].map((j) => cv[i * cols + j]));
      expectWithinBound(actual, expected, bound, k);
      c.dispose();
      const grown = heapBytes();
      const x = tf.ones([1, 8, 8, 1]) as tf.Tensor4D;
      // Small operands, an output (64·64·channels floats) larger than the grown heap.
      const [image, filter] = [tf.ones([1, 64, 64, 1]) as tf.Tensor4D, tf.ones([1, 1, 1, Math.ceil(grown / 4 / 4096) + 64]) as tf.Tensor4D];
      const allocated = heapBytes();
      const big = tf.conv2d(image, filter, 1, 'valid');
      expect(heapBytes()).toBeGreaterThan(allocated);
      const y = tf.conv2d(x, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid');
      expect(Array.from(y.dataSync()).every((v) => v === 9)).toBe(true);
      expect(big.max().dataSync()[0]).toBe(1);
      tf.dispose([x, big, y, image, filter]);
    });
    tf.dispose([a, b]);
  });
});
