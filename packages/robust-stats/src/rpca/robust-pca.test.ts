import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRng } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { robustPca } from './robust-pca.js';

/** Candès et al.'s synthetic setting: L0 = ABᵀ of rank r, S0 with a fraction of entries ±U(1, 10)·scale. */
function planted(n: number, r: number, frac: number, seed: number): { M: number[][]; L0: number[][]; support: Set<number> } {
  const rng = createRng(seed);
  const A = rng.normalArray(n * r),
    B = rng.normalArray(n * r);
  const L0 = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < r; k++) s += A[i * r + k] * B[j * r + k];
      return s;
    }),
  );
  const idx = rng.permutationArray(n * n).slice(0, Math.round(frac * n * n));
  const mag = rng.uniformArray(idx.length, { low: 1, high: 10 });
  const sign = rng.uniformArray(idx.length);
  const M = L0.map((row) => row.slice());
  idx.forEach((e, k) => {
    M[Math.floor(e / n)][e % n] += (sign[k] < 0.5 ? -1 : 1) * mag[k] * Math.sqrt(r);
  });
  return { M, L0, support: new Set(idx) };
}

const relErr = (L: tf.Tensor2D, L0: number[][]): number => {
  const d = L.arraySync();
  let num = 0,
    den = 0;
  L0.forEach((row, i) =>
    row.forEach((v, j) => {
      num += (d[i][j] - v) ** 2;
      den += v * v;
    }),
  );
  return Math.sqrt(num / den);
};

describe('robustPca (inexact ALM)', () => {
  it('recovers rank-5 + 5% corruption on 200×200 to 1e-3 relative error', () => {
    const { M, L0, support } = planted(200, 5, 0.05, 1);
    expectNoLeaks(() => {
      const r = robustPca(M);
      if (!isRight(r)) throw r.left;
      expect(r.right.converged).toBe(true);
      expect(r.right.rank).toBe(5);
      expect(relErr(r.right.L, L0)).toBeLessThan(1e-3);
      const S = r.right.S.dataSync();
      let outside = 0;
      S.forEach((v, e) => {
        if (!support.has(e) && Math.abs(v) > 1e-2) outside++;
      });
      expect(outside).toBe(0);
      tf.dispose([r.right.L, r.right.S]);
    });
  });

  it('fills missing entries (mask) of a low-rank matrix with sparse corruption', () => {
    const { M, L0 } = planted(80, 3, 0.03, 2);
    const u = createRng(3).uniformArray(80 * 80);
    const mask = M.map((row, i) => row.map((_, j) => (u[i * 80 + j] < 0.2 ? 0 : 1)));
    const holes = M.map((row, i) => row.map((v, j) => (mask[i][j] ? v : Number.NaN)));
    const r = robustPca(holes, { mask });
    if (!isRight(r)) throw r.left;
    expect(relErr(r.right.L, L0)).toBeLessThan(1e-2);
    tf.dispose([r.right.L, r.right.S]);
  });

  it('rejects bad input', () => {
    const bad = robustPca([
      [1, Number.NaN],
      [0, 1],
    ]);
    expect(isLeft(bad) && bad.left.code).toBe('non_finite');
    const shape = robustPca(
      [
        [1, 2],
        [3, 4],
      ],
      { mask: [[1, 1]] },
    );
    expect(isLeft(shape) && shape.left.code).toBe('shape_mismatch');
    expect(() => robustPca([[1]], { lambda: -1 })).toThrow(/lambda/);
    expect(() => robustPca([[1]], { lamda: 1 } as never)).toThrow(/lamda/);
  });
});
