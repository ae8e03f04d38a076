import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { fullSvt, partialSvt, type Dense } from './partial-svt.js';
import { inexactAlm } from './inexact-alm.js';

/** Rank-r signal plus sparse spikes plus small noise: a spectrum with a few large values and a tail. */
function matrix(rows: number, cols: number, r: number, seed: number): Dense {
  const rng = createRng(seed);
  const A = rng.normalArray(rows * r);
  const B = rng.normalArray(cols * r);
  const noise = rng.normalArray(rows * cols);
  const u = rng.uniformArray(rows * cols);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += A[i * r + k] * B[j * r + k];
      data[i * cols + j] = s + 0.01 * noise[i * cols + j] + (u[i * cols + j] < 0.03 ? 5 : 0);
    }
  return { rows, cols, data };
}

function expand(rows: number, cols: number, t: { shrunk: Float64Array; u: Float64Array[]; v: Float64Array[] }): Float64Array {
  const L = new Float64Array(rows * cols);
  t.shrunk.forEach((s, k) => {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) L[i * cols + j] += s * t.u[k][i] * t.v[k][j];
  });
  return L;
}

const relDiff = (a: Float64Array, b: Float64Array): number => {
  let num = 0;
  let den = 0;
  a.forEach((v, k) => {
    num += (v - b[k]) ** 2;
    den += b[k] ** 2;
  });
  return Math.sqrt(num / Math.max(den, 1e-300));
};

describe('partial singular-value thresholding', () => {
  it('keeps the same singular values and the same thresholded matrix as the full SVD, from a cold start', () => {
    const X = matrix(120, 90, 4, 1);
    const full = fullSvt(X, 30);
    for (const guess of [1, 4, 10]) {
      const part = partialSvt(X, 30, guess, [], createRng(2));
      expect(part.sweeps).toBeGreaterThan(0);
      expect(part.shrunk.length).toBe(full.shrunk.length);
      part.shrunk.forEach((s, k) => expect(s).toBeCloseTo(full.shrunk[k], 9));
      expect(relDiff(expand(120, 90, part), expand(120, 90, full))).toBeLessThan(1e-10);
    }
  });

  it('grows the block when more values than guessed are above the threshold, and falls back to the full SVD past half', () => {
    const X = matrix(60, 80, 20, 3);
    const tau = fullSvt(X, 0).shrunk[17];
    const part = partialSvt(X, tau, 2, [], createRng(4));
    const full = fullSvt(X, tau);
    // 17 values above τ from a block of 2 + 8: answered by a grown block, not by the full SVD.
    expect(part.sweeps).toBeGreaterThan(0);
    expect(part.shrunk.length).toBe(full.shrunk.length);
    expect(relDiff(expand(60, 80, part), expand(60, 80, full))).toBeLessThan(1e-9);
    // A guess whose block would pass half of min(m, n) = 60 goes straight to the full SVD.
    const past = partialSvt(X, tau, 25, [], createRng(4));
    expect(past.sweeps).toBe(0);
    expect(Array.from(past.shrunk)).toEqual(Array.from(full.shrunk));
  });

  it('gives the same ALM iterates as the full SVD (rank 5 + 5% corruption, 150×120)', () => {
    const X = matrix(150, 120, 5, 5);
    const normF = Math.sqrt(X.data.reduce((a, v) => a + v * v, 0));
    const norm2 = fullSvt(X, 0).shrunk[0];
    const lambda = 1 / Math.sqrt(150);
    const normInf = X.data.reduce((a, v) => Math.max(a, Math.abs(v)), 0) / lambda;
    const settings = { lambda, rho: 1.5, tol: 1e-7, maxIter: 1000, mu0: 1.25 / norm2, dual: Math.max(norm2, normInf), normF };
    const part = inexactAlm(X.data, 150, 120, null, settings);
    const full = inexactAlm(X.data, 150, 120, null, { ...settings, fullSvd: true });
    expect(part.iterations).toBe(full.iterations);
    expect(part.rank).toBe(full.rank);
    expect(relDiff(part.L, full.L)).toBeLessThan(1e-9);
    expect(relDiff(part.S, full.S)).toBeLessThan(1e-9);
  });
});
