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

function hermitian(n: number, seed: number): { re: number[][]; im: number[][] } {
  const g = createRng(seed).normalArray(2 * n * n);
  const re = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.fround((g[i * n + j] + g[j * n + i]) / 2)));
  const im = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => Math.fround((g[n * n + i * n + j] - g[n * n + j * n + i]) / 2)),
  );
  return { re, im };
}

/** ‖U·diag(d)·Uᴴ − L‖_F / ‖L‖_F for complex U, in float64 from U's float32 entries. */
function hermitianError(res: EigtjResult, L: { re: number[][]; im: number[][] }): number {
  const U = res.U.toDense() as { re: tf.Tensor2D; im: tf.Tensor2D };
  const [ur, ui] = [U.re.arraySync(), U.im.arraySync()];
  tf.dispose([U.re, U.im]);
  const n = L.re.length;
  let [num, den] = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let [sr, si] = [0, 0];
      for (let k = 0; k < n; k++) {
        // U_ik · d_k · conj(U_jk)
        sr += res.eigenvalues[k] * (ur[i][k] * ur[j][k] + ui[i][k] * ui[j][k]);
        si += res.eigenvalues[k] * (ui[i][k] * ur[j][k] - ur[i][k] * ui[j][k]);
      }
      num += (sr - L.re[i][j]) ** 2 + (si - L.im[i][j]) ** 2;
      den += L.re[i][j] ** 2 + L.im[i][j] ** 2;
    }
  }
  return Math.sqrt(num / den);
}

describeBackends(['cpu', 'wasm'], 'eigtj on complex Hermitian matrices', () => {
  it('diagonalises L = U·D·Uᴴ with unitary rotations; eigenvalues match the real embedding', async () => {
    const L = hermitian(12, 3);
    const z = { re: tf.tensor2d(L.re), im: tf.tensor2d(L.im) };
    const res = await expectNoLeaks(() => eigtj(z, { nGivens: 3000, tol: 1e-12 }));
    if (!isRight(res)) throw res.left;
    // [[Re, −Im], [Im, Re]] has every eigenvalue of L twice
    const embedding = tf.tensor2d([...L.re.map((r, i) => [...r, ...L.im[i].map((v) => -v)]), ...L.im.map((r, i) => [...r, ...L.re[i]])]);
    const ref = symmetricEig(embedding);
    if (!isRight(ref)) throw ref.left;
    const pairs = Array.from(ref.right.values.dataSync()).sort((a, b) => a - b);
    res.right.eigenvalues.forEach((v, k) => expect(v).toBeCloseTo(pairs[2 * k], 4));
    expect(res.right.U.isComplex).toBe(true);
    expect(hermitianError(res.right, L)).toBeLessThan(1e-6);
    const coarse = eigtj(z, { nGivens: 20 });
    if (!isRight(coarse)) throw coarse.left;
    expect(hermitianError(coarse.right, L)).toBeGreaterThan(1e-3);
    expect(coarse.right.U.nnzSum()).toBe(20 * (12 + 2) + 12);
    tf.dispose([z.re, z.im, embedding, ref.right.values, ref.right.vectors]);
  });

  it('returns Left for a non-Hermitian complex matrix', () => {
    const z = {
      re: tf.tensor2d([
        [1, 2],
        [2, 1],
      ]),
      im: tf.tensor2d([
        [0, 1],
        [1, 0],
      ]),
    };
    const res = eigtj(z);
    expect(isLeft(res) && res.left.message).toMatch(/Hermitian/);
    tf.dispose([z.re, z.im]);
  });
});
