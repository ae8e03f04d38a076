import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { expectClose } from '@sparsekit/tensor/testing';
import { iss, type IssPath } from './iss.js';
import { gaussianMatrix, orthogonalDesign, testRng } from './internal/test-data.test-helpers.js';

function unwrap(res: ReturnType<typeof iss>): IssPath {
  if (!isRight(res)) throw res.left;
  return res.right;
}

/** Float64 ISTA reference for the lasso (1/2n)‖y − Xβ‖² + λ‖β‖₁. */
function lassoIsta(x: number[][], y: number[], lambda: number): number[] {
  const n = x.length;
  const p = x[0].length;
  let b = new Array<number>(p).fill(0);
  const step = 1; // XᵀX/n = I for the orthogonal design used below, so L = 1
  for (let it = 0; it < 2000; it++) {
    const r = x.map((row, i) => row.reduce((s, v, j) => s + v * b[j], 0) - y[i]);
    const g = b.map((_, j) => x.reduce((s, row, i) => s + row[j] * r[i], 0) / n);
    b = b.map((v, j) => {
      const u = v - step * g[j];
      return Math.sign(u) * Math.max(Math.abs(u) - step * lambda, 0);
    });
  }
  return b;
}

describe('iss', () => {
  const n = 40;
  const p = 8;
  const rng = testRng(7);
  const x = orthogonalDesign(rng, n, p);
  const y = rng.normals(n);
  const b = x[0].map((_, j) => x.reduce((s, row, i) => s + row[j] * y[i], 0) / n);

  it('is the hard threshold of b at 1/t on an orthogonal design', () => {
    const path = unwrap(iss(x, y, { intercept: false, normalize: false }));
    const entries = b.map((v) => 1 / Math.abs(v)).sort((u, v) => u - v);
    expectClose(path.t.slice(1, p + 1), entries, { rtol: 1e-10, message: 'breakpoints at 1/|b_j|' });
    for (const t of [0.5 * entries[0], ...entries.map((e) => e * 1.01), 3 * entries[p - 1]]) {
      const expected = b.map((v) => (Math.abs(v) >= 1 / t ? v : 0));
      expectClose(path.at(t).beta, expected, { rtol: 1e-10, atol: 1e-12, message: `t=${t}` });
    }
  });

  it('has the support of the lasso at lambda = 1/t on an orthogonal design', () => {
    const path = unwrap(iss(x, y, { intercept: false, normalize: false }));
    const entries = b.map((v) => 1 / Math.abs(v)).sort((u, v) => u - v);
    for (const t of entries.slice(0, -1).map((e, i) => (e + entries[i + 1]) / 2)) {
      const lasso = lassoIsta(x, y, 1 / t);
      const issSupport = path.support(t);
      const lassoSupport = lasso.flatMap((v, j) => (v !== 0 ? [j] : []));
      expect(issSupport).toEqual(lassoSupport);
      // Same support, but the lasso is biased towards 0 by exactly λ: soft vs hard threshold.
      lassoSupport.forEach((j) => expect(Math.abs(lasso[j])).toBeCloseTo(Math.abs(b[j]) - 1 / t, 8));
    }
  });

  it('satisfies the sign-constrained KKT conditions on each piece and ends at least squares', () => {
    const r2 = testRng(11);
    const xs = gaussianMatrix(r2, 30, 6);
    const ys = r2.normals(30);
    const path = unwrap(iss(xs, ys, { intercept: true, normalize: true }));
    for (let k = 1; k < path.t.length; k++) {
      const beta = path.beta[k];
      const a0 = path.intercept[k][0];
      const res = xs.map((row, i) => ys[i] - a0 - row.reduce((s, v, j) => s + v * beta[j], 0));
      for (let j = 0; j < 6; j++) {
        if (beta[j] === 0) continue;
        const corr = xs.reduce((s, row, i) => s + row[j] * res[i], 0);
        expect(Math.abs(corr)).toBeLessThan(1e-9);
      }
      expect(Math.abs(res.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9);
    }
    expect(path.support(path.t[path.t.length - 1])).toHaveLength(6);
  });

  it('starts at t0 = n / max|Xᵀ(y − ȳ)| on the standardised design', () => {
    const r3 = testRng(5);
    const xs = gaussianMatrix(r3, 25, 5);
    const ys = r3.normals(25);
    const path = unwrap(iss(xs, ys));
    const means = xs[0].map((_, j) => xs.reduce((s, r) => s + r[j], 0) / 25);
    const ym = ys.reduce((s, v) => s + v, 0) / 25;
    const corr = means.map((m, j) => {
      const c = xs.map((r) => r[j] - m);
      const scale = Math.sqrt(c.reduce((s, v) => s + v * v, 0) / 25);
      return Math.abs(c.reduce((s, v, i) => s + (v / scale) * (ys[i] - ym), 0));
    });
    expect(path.t[1]).toBeCloseTo(25 / Math.max(...corr), 10);
    expect(path.support(path.t[1] * 0.999)).toEqual([]);
  });
});
