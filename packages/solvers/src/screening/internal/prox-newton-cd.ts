/**
 * Proximal Newton for min F(X_ws w) + λ‖w‖₁ on a working set (as in celer / skglm for sparse
 * logistic regression): the quadratic model of F at w is minimized by coordinate descent (each
 * coordinate touches one column, O(n), maintaining X·δ), then a backtracking line search on the
 * true objective. For the squared loss the model is exact, so this is plain coordinate descent.
 * float64 plain JS, for the reasons given in lasso-cd.ts.
 */
import type { Datafit } from './datafit.js';
import { columnsTransposeTimes, l1Of } from './columns.js';
import { l1Gap } from './l1-duality.js';

export interface PenaltyInner {
  readonly cols: Float64Array;
  readonly n: number;
  readonly fit: Datafit;
  readonly lambda: number;
}

/** Updates (w, z = X_ws·w) in place until the working-set gap ≤ tolGap; returns Newton steps. */
export function proxNewtonCd(p: PenaltyInner, w: Float64Array, z: Float64Array, tolGap: number, maxNewton: number): number {
  const { n, fit, lambda } = p;
  const k = w.length;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const g = new Float64Array(k);
  for (let it = 0; it < maxNewton; it++) {
    fit.gradient(z, grad);
    columnsTransposeTimes(p.cols, n, grad, g);
    if (l1Gap(fit, { kind: 'penalty', lambda }, z, w, g).gap <= tolGap) return it;
    fit.hessianDiagonal(z, hess);
    const { delta, xDelta } = modelStep(p, w, g, hess, fit.name === 'squared' ? 50 : 10);
    lineSearch(p, w, z, g, delta, xDelta);
  }
  return maxNewton;
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

/** Armijo backtracking along δ on F(z + tXδ) + λ‖w + tδ‖₁ (model decrease as reference). */
function lineSearch(p: PenaltyInner, w: Float64Array, z: Float64Array, g: Float64Array, delta: Float64Array, xDelta: Float64Array): void {
  const { fit, lambda } = p;
  const k = w.length;
  let slope = 0;
  const wt = new Float64Array(k);
  for (let j = 0; j < k; j++) { slope += g[j] * delta[j]; wt[j] = w[j] + delta[j]; }
  slope += lambda * (l1Of(wt) - l1Of(w));
  const p0 = fit.value(z) + lambda * l1Of(w);
  const zt = new Float64Array(z.length);
  let t = 1;
  for (let attempt = 0; attempt < 30; attempt++, t /= 2) {
    for (let i = 0; i < z.length; i++) zt[i] = z[i] + t * xDelta[i];
    for (let j = 0; j < k; j++) wt[j] = w[j] + t * delta[j];
    const pt = fit.value(zt) + lambda * l1Of(wt);
    // Near the optimum P changes below float64 resolution while the gap (linear in the error
    // of w through the dual rescaling) still can shrink: take the full Newton step then.
    const unmeasurable = attempt === 0 && Math.abs(pt - p0) <= 1e-14 * Math.abs(p0);
    if (pt <= p0 + 1e-4 * t * Math.min(slope, 0) || unmeasurable) {
      w.set(wt);
      z.set(zt);
      return;
    }
  }
}
