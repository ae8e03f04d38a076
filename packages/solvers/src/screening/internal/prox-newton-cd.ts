/**
 * Proximal Newton for min F(X_ws w) + λ‖w‖₁ on a working set (as in celer / skglm for sparse
 * logistic regression): the quadratic model of F at w is minimized by coordinate descent (each
 * coordinate touches one column, O(n), maintaining X·δ); the Newton loop and the line search
 * on the true objective are shared with the ball solver (newton-loop.ts). For the squared loss the model is exact, so this is plain coordinate descent.
 * float64 plain JS, for the reasons given in lasso-cd.ts.
 */
import type { Datafit } from './datafit.js';
import { newtonLoop } from './newton-loop.js';

export interface PenaltyInner {
  readonly cols: Float64Array;
  readonly n: number;
  readonly fit: Datafit;
  readonly lambda: number;
}

/** Updates (w, z = X_ws·w) in place until the working-set gap ≤ tolGap; returns Newton steps. */
export function proxNewtonCd(p: PenaltyInner, w: Float64Array, z: Float64Array, tolGap: number, maxNewton: number): number {
  const passes = p.fit.name === 'squared' ? 50 : 10;
  return newtonLoop(
    { cols: p.cols, n: p.n, fit: p.fit, mode: { kind: 'penalty', lambda: p.lambda } },
    w,
    z,
    tolGap,
    maxNewton,
    (wNow, g, hess) => modelStep(p, wNow, g, hess, passes),
  );
}

/** CD passes on gᵀδ + ½δᵀXᵀHXδ + λ‖w + δ‖₁. */
function modelStep(p: PenaltyInner, w: Float64Array, g: Float64Array, hess: Float64Array, passes: number) {
  const { cols, n, lambda } = p;
  const k = w.length;
  const delta = new Float64Array(k);
  const xDelta = new Float64Array(n);
  const lip = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += hess[i] * cols[j * n + i] ** 2;
    lip[j] = s;
  }
  for (let pass = 0; pass < passes; pass++) {
    let change = 0;
    let size = 0;
    for (let j = 0; j < k; j++) {
      if (!(lip[j] > 0)) continue;
      const off = j * n;
      let gj = g[j];
      for (let i = 0; i < n; i++) gj += cols[off + i] * hess[i] * xDelta[i];
      const old = w[j] + delta[j];
      const u = old - gj / lip[j];
      const next = Math.sign(u) * Math.max(Math.abs(u) - lambda / lip[j], 0);
      const d = next - old;
      if (d !== 0) {
        delta[j] += d;
        for (let i = 0; i < n; i++) xDelta[i] += d * cols[off + i];
        change = Math.max(change, Math.abs(d) * Math.sqrt(lip[j]));
      }
      size = Math.max(size, Math.abs(next) * Math.sqrt(lip[j]));
    }
    if (change <= 1e-7 * size) break;
  }
  return { delta, xDelta };
}
