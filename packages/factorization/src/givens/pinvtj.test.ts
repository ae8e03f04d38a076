import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { Matrix, pseudoInverse } from 'ml-matrix';
import { createRng } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { pinvtj } from './pinvtj.js';

function pinvOf(a: number[][], options: Parameters<typeof pinvtj>[1]): number[][] {
  const A = tf.tensor2d(a);
  const res = pinvtj(A, options);
  A.dispose();
  if (!isRight(res)) throw res.left;
  const d = res.right.pinv.toDense() as tf.Tensor2D;
  const out = d.arraySync();
  d.dispose();
  return out;
}

function relDiff(a: number[][], b: number[][]): number {
  let num = 0;
  let den = 0;
  a.forEach((r, i) =>
    r.forEach((v, j) => {
      num += (v - b[i][j]) ** 2;
      den += b[i][j] ** 2;
    }),
  );
  return Math.sqrt(num / den);
}

describeBackends(['cpu', 'wasm'], 'pinvtj', () => {
  it('matches the float64 pseudo-inverse when run to convergence (full rank, tall)', () => {
    const rng = createRng(9);
    const a = Array.from({ length: 7 }, () => Array.from(rng.normalArray(4), Math.fround));
    const ref = pseudoInverse(new Matrix(a)).to2DArray();
    expect(relDiff(pinvOf(a, { nGivens: 2000, tol: 1e-10 }), ref)).toBeLessThan(1e-4);
    // few rotations: a coarser inverse
    expect(relDiff(pinvOf(a, { nGivens: 3 }), ref)).toBeGreaterThan(1e-3);
  });

  it('drops the inverse of zero singular values (rank one: v·uᵀ / (‖u‖²‖v‖²))', () => {
    const [u, v] = [
      [1, 2, 0, -1],
      [3, 0, 4],
    ];
    const a = u.map((x) => v.map((y) => x * y));
    const scale = u.reduce((s, x) => s + x * x, 0) * v.reduce((s, y) => s + y * y, 0);
    const ref = v.map((y) => u.map((x) => (x * y) / scale));
    expect(relDiff(pinvOf(a, { nGivens: 500, tol: 1e-12 }), ref)).toBeLessThan(1e-4);
  });

  it('inverts a complex matrix: A⁺·A = I for full column rank', () => {
    const rng = createRng(12);
    const [re, im] = [0, 1].map(() => tf.tensor2d(Float32Array.from(rng.normalArray(6 * 3)), [6, 3]));
    const res = pinvtj({ re, im }, { nGivens: 2000, tol: 1e-12 });
    if (!isRight(res)) throw res.left;
    const prod = res.right.pinv.apply({ re, im });
    const [pr, pi] = [prod.re.arraySync() as number[][], prod.im.arraySync() as number[][]];
    pr.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 4)));
    pi.forEach((row) => row.forEach((v) => expect(v).toBeCloseTo(0, 4)));
    tf.dispose([re, im, prod.re, prod.im]);
  });

  it('rejects a negative rcond and returns Left for NaN', () => {
    const A = tf.tensor2d([
      [1, 0],
      [0, NaN],
    ]);
    expect(() => pinvtj(A, { rcond: -1 })).toThrow(/rcond/);
    expect(isLeft(pinvtj(A))).toBe(true);
    A.dispose();
  });
});
