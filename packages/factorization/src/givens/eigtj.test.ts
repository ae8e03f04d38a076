import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRng, symmetricEig } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { eigtj, type EigtjResult } from './eigtj.js';

function symmetric(n: number, seed: number): number[][] {
  const g = createRng(seed).normalArray(n * n);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.fround((g[i * n + j] + g[j * n + i]) / 2)));
}

/** ‖U·diag(d)·Uᵀ − L‖_F / ‖L‖_F with U densified. */
function reconstructionError(res: EigtjResult, L: number[][]): number {
  const U = res.U.toDense() as tf.Tensor2D;
  const u = U.arraySync();
  U.dispose();
  const n = L.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += u[i][k] * res.eigenvalues[k] * u[j][k];
      num += (s - L[i][j]) ** 2;
      den += L[i][j] ** 2;
    }
  }
  return Math.sqrt(num / den);
}

describeBackends(['cpu', 'wasm'], 'eigtj', () => {
  it('diagonalises a symmetric matrix: eigenvalues match a dense eigensolver, L = U·D·Uᵀ', async () => {
    const L = symmetric(16, 1);
    const t = tf.tensor2d(L);
    const res = await expectNoLeaks(() => eigtj(t, { nGivens: 2000, tol: 1e-12 }));
    if (!isRight(res)) throw res.left;
    const ref = symmetricEig(t);
    if (!isRight(ref)) throw ref.left;
    const expected = Array.from(ref.right.values.dataSync()).sort((a, b) => a - b);
    expected.forEach((v, k) => expect(res.right.eigenvalues[k]).toBeCloseTo(v, 4));
    expect(res.right.relOffDiag).toBeLessThanOrEqual(1e-12);
    expect(reconstructionError(res.right, L)).toBeLessThan(1e-6);
    tf.dispose([t, ref.right.values, ref.right.vectors]);
  });

  it('trades accuracy for rotations: the error falls as nGivens grows, and U costs n + 2 nonzeros per rotation', () => {
    const L = symmetric(32, 2);
    const t = tf.tensor2d(L);
    const errors = [16, 64, 256].map((nGivens) => {
      const res = eigtj(t, { nGivens });
      if (!isRight(res)) throw res.left;
      expect(res.right.nGivens).toBe(nGivens);
      expect(res.right.U.nnzSum()).toBe(nGivens * (32 + 2) + 32);
      return reconstructionError(res.right, L);
    });
    expect(errors[1]).toBeLessThan(errors[0]);
    expect(errors[2]).toBeLessThan(errors[1]);
    t.dispose();
  });

  it('returns Left for non-symmetric, non-square or non-finite input', () => {
    const bad = [
      tf.tensor2d([
        [1, 2],
        [0, 1],
      ]),
      tf.ones([2, 3]),
      tf.tensor2d([
        [NaN, 0],
        [0, 1],
      ]),
    ];
    for (const b of bad) expect(isLeft(eigtj(b))).toBe(true);
    expect(() => eigtj(bad[0], { nGivens: -1 })).toThrow(/nGivens/);
    tf.dispose(bad);
  });
});
