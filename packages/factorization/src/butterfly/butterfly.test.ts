import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { ComplexTensor } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { butterfly, type ButterflyOptions, type ButterflyResult } from './butterfly.js';
import { bitrevIndices, dft, randButterfly, wht } from '../transforms/transforms.js';
import { dft64, dispose, hadamard64, read, relError, toTensor, type Dense64 } from '../faust/internal/reference.test-helpers.js';

function run(A: tf.Tensor | ComplexTensor, options: ButterflyOptions): ButterflyResult {
  const res = butterfly(A, options);
  if (!isRight(res)) throw res.left;
  return res.right;
}

/** ‖F − ref‖/‖ref‖ with F densified independently of the reported error. */
function errorAgainst(res: ButterflyResult, ref: Dense64): number {
  const d = res.faust.toDense();
  const e = relError(read(d, ref.rows, ref.cols), ref);
  dispose(d);
  return e;
}

describeBackends(['cpu', 'wasm'], 'butterfly', () => {
  it('recovers the DFT with the bit-reversal permutation, N = 8…256, every tree', async () => {
    for (const N of [8, 32, 256]) {
      const ref = dft64(N, false);
      const A = toTensor(ref, true);
      for (const tree of ['balanced', 'right', 'left'] as const) {
        const res = await expectNoLeaks(() => run(A, { permutation: 'bitrev', tree }));
        expect(res.relError).toBeLessThan(1e-6);
        expect(errorAgainst(res, ref)).toBeLessThan(1e-6);
        expect(res.faust.numFactors()).toBe(Math.log2(N) + 1);
        expect(res.faust.nnzSum()).toBe(dft(N).nnzSum());
      }
      dispose(A);
    }
  });

  it('recovers the Hadamard matrix without permutation, N = 8…256', () => {
    for (const N of [8, 64, 256]) {
      const ref = hadamard64(N, false);
      const A = toTensor(ref, false);
      const res = run(A, {});
      expect(res.relError).toBeLessThan(1e-6);
      expect(errorAgainst(res, ref)).toBeLessThan(1e-6);
      expect(res.faust.isComplex).toBe(false);
      expect(res.faust.nnzSum()).toBe(wht(N).nnzSum());
      dispose(A);
    }
  });

  it('fails on the DFT without the bit reversal (error ≥ 0.7, the expected failure)', () => {
    for (const N of [8, 32]) {
      const A = toTensor(dft64(N, false), true);
      expect(run(A, { permutation: 'none' }).relError).toBeGreaterThanOrEqual(0.7);
      dispose(A);
    }
  });

  it('recovers random real and complex butterfly products; balanced and right trees agree', () => {
    for (const complex of [false, true]) {
      const R = randButterfly(64, { seed: 11, complex });
      const A = R.toDense();
      const ref = read(A, 64, 64);
      const balanced = run(A, { tree: 'balanced' });
      const rightTree = run(A, { tree: 'right' });
      expect(errorAgainst(balanced, ref)).toBeLessThan(1e-6);
      expect(errorAgainst(rightTree, ref)).toBeLessThan(1e-6);
      const db = balanced.faust.toDense();
      expect(errorAgainst(rightTree, read(db, 64, 64))).toBeLessThan(2e-6);
      [A, db].forEach(dispose);
    }
  });

  it('takes explicit permutation indices (P[i, perm[i]] = 1)', () => {
    const A = toTensor(dft64(16, false), true);
    const res = run(A, { permutation: bitrevIndices(16) });
    expect(res.relError).toBeLessThan(1e-6);
    dispose(A);
  });

  it('returns Left for non-square, non-power-of-two or non-finite input and throws on bad options', () => {
    const rect = tf.ones([8, 4]);
    const six = tf.ones([6, 6]);
    const nan = tf.tidy(() => tf.ones([4, 4]).mul(tf.tensor1d([1, NaN, 1, 1])));
    expect(isLeft(butterfly(rect))).toBe(true);
    const l = butterfly(six);
    expect(isLeft(l) && l.left.message).toMatch(/N = 2ⁿ/);
    expect(isLeft(butterfly(nan))).toBe(true);
    expect(() => butterfly(nan, { tree: 'bbtree' as never })).toThrow(/tree/);
    const eye = tf.eye(4);
    expect(() => butterfly(eye, { permutation: [0, 1, 1, 2] })).toThrow(/permutation/);
    eye.dispose();
    [rect, six, nan].forEach(dispose);
  });
});
