/**
 * The outer loop shared by the working-set Newton solvers (proximal Newton for the L1 penalty,
 * projected Newton for the L1 ball): gradient on the working set, stop at the target gap, ask
 * the mode's model solver for a direction δ (with Xδ), then an Armijo backtracking line search
 * on the true objective F(z + tXδ) + λ‖w + tδ‖₁ (λ = 0 for the ball, where every t ∈ [0, 1] is
 * feasible because v = w + δ is). float64 plain JS, for the reasons given in lasso-cd.ts.
 */
import type { Datafit } from './datafit.js';
import { columnsTransposeTimes, l1Of } from './columns.js';
import { l1Gap, type L1Mode } from './l1-duality.js';

/** A working-set problem: column-major columns (n·k) of X, the data fit and the L1 form. */
export interface WorkingSetProblem {
  readonly cols: Float64Array;
  readonly n: number;
  readonly fit: Datafit;
  readonly mode: L1Mode;
}

/** A Newton direction δ from w and Xδ, given g = X_wsᵀ∇F, the Hessian diagonal of F and the gap. */
export type ModelSolver = (
  w: Float64Array,
  g: Float64Array,
  hess: Float64Array,
  gap: number,
) => { delta: Float64Array; xDelta: Float64Array };

/** Updates (w, z = X_ws·w) in place until the working-set gap ≤ tolGap; returns Newton steps. */
export function newtonLoop(
  p: WorkingSetProblem,
  w: Float64Array,
  z: Float64Array,
  tolGap: number,
  maxNewton: number,
  model: ModelSolver,
): number {
  const grad = new Float64Array(p.n);
  const hess = new Float64Array(p.n);
  const g = new Float64Array(w.length);
  for (let it = 0; it < maxNewton; it++) {
    p.fit.gradient(z, grad);
    columnsTransposeTimes(p.cols, p.n, grad, g);
    const gap = l1Gap(p.fit, p.mode, z, w, g).gap;
    if (gap <= tolGap) return it;
    const { delta, xDelta } = model(w, g, p.fit.hessianDiagonal(z, hess), gap);
    lineSearch(p, w, z, g, delta, xDelta);
  }
  return maxNewton;
}

/** Armijo backtracking along δ (slope from the linearisation); updates w and z on success. */
function lineSearch(
  p: WorkingSetProblem,
  w: Float64Array,
  z: Float64Array,
  g: Float64Array,
  delta: Float64Array,
  xDelta: Float64Array,
): void {
  const lambda = p.mode.kind === 'penalty' ? p.mode.lambda : 0;
  const objective = (zt: Float64Array, wt: Float64Array) => p.fit.value(zt) + (lambda > 0 ? lambda * l1Of(wt) : 0);
  const k = w.length;
  const wt = new Float64Array(k);
  let slope = 0;
  for (let j = 0; j < k; j++) {
    slope += g[j] * delta[j];
    wt[j] = w[j] + delta[j];
  }
  if (lambda > 0) slope += lambda * (l1Of(wt) - l1Of(w));
  const p0 = objective(z, w);
  const zt = new Float64Array(z.length);
  let t = 1;
  for (let attempt = 0; attempt < 30; attempt++, t /= 2) {
    for (let i = 0; i < z.length; i++) zt[i] = z[i] + t * xDelta[i];
    for (let j = 0; j < k; j++) wt[j] = w[j] + t * delta[j];
    const pt = objective(zt, wt);
    // Near the optimum the objective changes below float64 resolution while the gap (linear in
    // the error of w through the dual rescaling) still can shrink: take the full Newton step then.
    const unmeasurable = attempt === 0 && Math.abs(pt - p0) <= 1e-14 * Math.abs(p0);
    if (pt <= p0 + 1e-4 * t * Math.min(slope, 0) || unmeasurable) {
      w.set(wt);
      z.set(zt);
      return;
    }
  }
}
