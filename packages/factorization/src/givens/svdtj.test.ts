import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRng, svd } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { svdtj } from './svdtj.js';

describeBackends(['cpu', 'wasm'], 'svdtj', () => {
  it('matches a dense SVD when run to convergence, and trades accuracy for rotations', () => {
    const A = tf.tensor2d(Float32Array.from(createRng(3).normalArray(12 * 8)), [12, 8]);
    const res = svdtj(A, { nGivens: 2000, tol: 1e-10 });
    if (!isRight(res)) throw res.left;
    const ref = svd(A);
    if (!isRight(ref)) throw ref.left;
    const expected = Array.from(ref.right.s.dataSync()).sort((a, b) => b - a);
    expected.forEach((v, k) => expect(res.right.s[k]).toBeCloseTo(v, 3));
    expect(res.right.relError).toBeLessThan(1e-5);
    expect(res.right.U.shape).toEqual([12, 12]);
    expect(res.right.V.shape).toEqual([8, 8]);
    const coarse = [4, 16].map((nGivens) => {
      const r = svdtj(A, { nGivens });
      if (!isRight(r)) throw r.left;
      return r.right.relError;
    });
    expect(coarse[1]).toBeLessThan(coarse[0]);
    expect(res.right.relError).toBeLessThan(coarse[1]);
    tf.dispose([A, ref.right.u, ref.right.s, ref.right.v]);
  });

  it('returns Left for non-finite input or a non-matrix', () => {
    const nan = tf.tensor2d([
      [NaN, 1],
      [0, 1],
    ]);
    const vec = tf.ones([3]);
    expect(isLeft(svdtj(nan))).toBe(true);
    expect(isLeft(svdtj(vec))).toBe(true);
    tf.dispose([nan, vec]);
  });
});

describeBackends(['cpu', 'wasm'], 'svdtj on complex matrices', () => {
  it('matches the singular values of the real embedding and reconstructs A = U·diag(s)·Vᴴ', () => {
    const rng = createRng(4);
    const [re, im] = [0, 1].map(() => tf.tensor2d(Float32Array.from(rng.normalArray(9 * 6)), [9, 6]));
    const res = svdtj({ re, im }, { nGivens: 3000, tol: 1e-12 });
    if (!isRight(res)) throw res.left;
    // [[Re, −Im], [Im, Re]] has every singular value of A twice
    const embedding = tf.tidy(() => tf.concat([tf.concat([re, tf.neg(im)], 1), tf.concat([im, re], 1)], 0));
    const ref = svd(embedding);
    if (!isRight(ref)) throw ref.left;
    const pairs = Array.from(ref.right.s.dataSync()).sort((a, b) => b - a);
    res.right.s.forEach((v, k) => expect(v).toBeCloseTo(pairs[2 * k], 3));
    expect(res.right.relError).toBeLessThan(1e-5);
    expect(res.right.U.isComplex && res.right.V.isComplex).toBe(true);
    tf.dispose([re, im, embedding, ref.right.u, ref.right.s, ref.right.v]);
  });
});
