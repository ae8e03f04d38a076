import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { iss } from '@sparsekit/solvers/paths';
import { lasso } from '@sparsekit/solvers/sparse-glm';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { plantedRegression } from '../data/planted-regression.js';
import { readMatrix, withIntercept } from '../internal/dense.js';
import { projector, type Projector } from '../internal/projector.js';
import { gammaAt } from './outlier-path.js';
import { issProjected } from './internal/iss-projected.js';
import { lassoProjected } from './internal/lasso-projected.js';

// The explicit n×n design I − H: what the implicit (QR) paths must reproduce without forming it.
function explicitProjection(proj: Projector): number[][] {
  const { n, p, q } = proj;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < p; k++) s += q.data[i * p + k] * q.data[j * p + k];
      return (i === j ? 1 : 0) - s;
    }),
  );
}

function setup(seed: number) {
  const d = plantedRegression({ n: 40, p: 3, outlierFraction: 0.1, shift: 6, seed });
  const pr = projector(withIntercept(readMatrix('X', d.X), true));
  if (!isRight(pr)) throw pr.left;
  const y = Float64Array.from(d.y);
  return { d, proj: pr.right, y, A: explicitProjection(pr.right), py: Array.from(pr.right.resid(y)) };
}

describe('projected outlier paths', () => {
  it.each([1, 2])("ISS via QR equals the solvers' iss on the explicit design I − H (seed %s)", (seed) => {
    const { proj, y, A, py } = setup(seed);
    const mine = issProjected(proj, y, 15);
    const ref = iss(A, py, { intercept: false, normalize: false, nvar: 15 });
    if (!isRight(ref)) throw ref.left;
    const n = proj.n;
    // Libra's ISS reports times t·n for the loss (1/2n)‖·‖²; ours are in the units of ½‖·‖².
    const common = Math.min(mine.t.length, ref.right.t.length) - 1;
    expect(common).toBeGreaterThanOrEqual(10);
    for (let k = 1; k <= common; k++) {
      expect(mine.t[k] * n).toBeCloseTo(ref.right.t[k], 6);
      const g = gammaAt(mine, n, mine.t[k]);
      ref.right.beta[k].forEach((b, i) => expect(g[i]).toBeCloseTo(b, 8));
    }
    ref.right.entryTime.forEach((t, i) => {
      if (Number.isFinite(t) && t <= ref.right.t[common]) expect(mine.entryTime[i] * n).toBeCloseTo(t, 6);
    });
  });

  it("the exact Lasso path via QR matches the solvers' lasso on the explicit design at λ between knots", () => {
    const { proj, y, A, py } = setup(4);
    const path = lassoProjected(proj, y, 15);
    const n = proj.n;
    for (const k of [2, 5, 9]) {
      const t = Math.sqrt(path.t[k] * path.t[k + 1]);
      const g = gammaAt(path, n, t);
      expectNoLeaks(() => {
        const res = lasso({ X: { rows: n, cols: n, data: Float64Array.from(A.flat()) }, y: py, lambda: 1 / t / n }, { tol: 1e-12 });
        if (!isRight(res)) throw res.left;
        const w = res.right.x.dataSync();
        // float32 solution tensor of a float64 solve: compare at float32 precision.
        w.forEach((v, i) => expect(Math.abs(v - g[i])).toBeLessThan(1e-5 * (1 + Math.abs(g[i]))));
        tf.dispose(res.right.x);
      });
    }
  });

  it('knots satisfy the Lasso KKT conditions of ½‖(I − H)(y − γ)‖² + λ‖γ‖₁', () => {
    const { proj, y, py } = setup(6);
    const path = lassoProjected(proj, y, 15);
    for (let k = 1; k < path.t.length; k++) {
      const lambda = 1 / path.t[k];
      const g = gammaAt(path, proj.n, path.t[k]);
      const c = proj.resid(Float64Array.from(py, (v, i) => v - g[i]));
      c.forEach((ci, i) => {
        if (g[i] !== 0) expect(ci).toBeCloseTo(lambda * Math.sign(g[i]), 8);
        else expect(Math.abs(ci)).toBeLessThanOrEqual(lambda * (1 + 1e-9));
      });
    }
  });
});
