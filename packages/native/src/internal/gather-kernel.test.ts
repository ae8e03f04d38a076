// The row gather against the stock GatherV2 of the same backend: same values and shapes, same
// errors for indices out of range, same gradients; and the cases it leaves to the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeKernelStatus, restoreStockKernels } from '../install.js';
import {
  BACKENDS,
  expectNoLeak,
  randomTensor,
  rng,
  selectBackend,
  skipWithoutAddon,
  stockAndNative,
  withNative,
} from './compare.test-helpers.js';

const read = (t: tf.Tensor) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) });
const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

for (const kind of BACKENDS) {
  describe(`GatherV2 of rows [${kind}]`, () => {
    skipWithoutAddon();
    beforeAll(() => selectBackend(kind));
    afterAll(() => restoreStockKernels([kind]));

    it('equals the stock gather: float32 and int32 data, ranks 1–3, repeated and unsorted rows, index tensors of rank 0–2', () => {
      const next = rng(11);
      const x2 = randomTensor([37, 13], next);
      const x3 = randomTensor([9, 4, 5], next);
      const ints = tf.tensor2d(
        Int32Array.from({ length: 37 * 3 }, (_, i) => (i * 7919) % 1000003),
        [37, 3],
        'int32',
      );
      const x1 = tf.range(0, 20, 1, 'float32');
      const cases: [tf.Tensor, tf.Tensor, number][] = [
        [x2, tf.tensor1d([36, 0, 5, 5, 17, 2], 'int32'), 0],
        [
          x2,
          tf.tensor2d(
            [
              [1, 2],
              [3, 36],
            ],
            [2, 2],
            'int32',
          ),
          0,
        ],
        [x2, tf.scalar(4, 'int32'), -2],
        [x3, tf.tensor1d([8, 0, 8], 'int32'), 0],
        [ints, tf.tensor1d([30, 1, 1, 0], 'int32'), 0],
        [x1, tf.tensor1d([19, 3, 0], 'int32'), 0],
        [x3, tf.tensor1d([3, 0], 'int32'), 1], // not axis 0: the stock kernel
        [x2, tf.tensor1d([], 'int32'), 0], // no rows: the stock kernel
      ];
      const { stock, native } = stockAndNative(kind, () => cases.map(([x, i, axis]) => tf.tidy(() => read(tf.gather(x, i, axis)))));
      expect(nativeKernelStatus().kernels[kind]).toContain('GatherV2');
      expect(native).toEqual(stock);
      tf.dispose([x1, x2, x3, ints, ...cases.map((c) => c[1])]);
    });

    it('raises the stock error for negative and out-of-range indices', () => {
      const x = tf.ones([5, 3]);
      for (const bad of [[-1], [5], [0, 7]]) {
        const indices = tf.tensor1d(bad, 'int32');
        const { stock, native } = stockAndNative(kind, () => errorOf(() => tf.tidy(() => tf.gather(x, indices))));
        expect(stock).toMatch(/GatherV2: the index value/);
        expect(native).toBe(stock);
        indices.dispose();
      }
      x.dispose();
    });

    it('has the stock gradient (on wasm, the stock error: no UnsortedSegmentSum kernel)', () => {
      const next = rng(12);
      const x = randomTensor([6, 4], next);
      const indices = tf.tensor1d([5, 1, 1, 3], 'int32');
      const dy = randomTensor([4, 4], next);
      const gather = (p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, indices), dy));
      let failure = '';
      const grad = () => {
        failure = errorOf(() => tf.tidy(() => tf.grad(gather)(x)));
        return failure === 'no error' ? tf.tidy(() => read(tf.grad(gather)(x))) : failure;
      };
      const { stock, native } = stockAndNative(kind, grad);
      expect(native).toEqual(stock);
      if (kind === 'cpu') expect(failure).toBe('no error');
      tf.dispose([x, indices, dy]);
    });

    it('leaks no tensor and no wasm memory', () => {
      const x = tf.ones([50, 8]);
      const indices = tf.tensor1d([3, 49, 0], 'int32');
      stockAndNative(kind, () => expectNoLeak(() => tf.gather(x, indices).dispose()));
      tf.dispose([x, indices]);
    });
  });
}

describe('GatherV2 of rows when the output grows the wasm heap', () => {
  skipWithoutAddon();
  beforeAll(() => selectBackend('wasm'));
  afterAll(() => restoreStockKernels(['wasm']));

  it('reads the heap after allocating the output', () => {
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
    const x = tf.range(0, 2 * 1024, 1, 'float32').reshape([2, 1024]);
    // more rows than the current heap holds: the output allocation must grow it
    const rows = Math.ceil(heap() / 4096) + 1;
    const indices = tf.tensor1d(
      Int32Array.from({ length: rows }, (_, i) => i % 2),
      'int32',
    );
    withNative('wasm', () => undefined);
    const before = heap();
    const out = tf.gather(x, indices);
    expect(heap()).toBeGreaterThan(before);
    // row i of the output is row i mod 2 of x, whose entries are 1024·row + column
    expect(out.dataSync().every((v, i) => v === (Math.floor(i / 1024) % 2) * 1024 + (i % 1024))).toBe(true);
    out.dispose();
    tf.dispose([x, indices]);
  });
});
