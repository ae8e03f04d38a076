/**
 * Projected Newton for min F(X_ws w) s.t. ‖w‖₁ ≤ τ on a working set: the quadratic model
 * gᵀ(v − w) + ½(v − w)ᵀH(v − w), H = X_wsᵀ diag(F'') X_ws (k×k, formed once per Newton step),
 * is minimized over the ball by FISTA with gradient restart, at O(k²) per iteration whatever n;
 * then the line search along v − w shared with the penalty solver (newton-loop.ts; feasible for
 * every t ∈ [0, 1]). For the squared loss the model is exact and one Newton step solves the
 * working-set problem.
 */
import { largestSingularValue } from '@sparsekit/tensor';
import type { Datafit } from './datafit.js';
import { columnsTimes } from './columns.js';
import { projectL1Ball64 } from './l1-projection.js';
import { newtonLoop } from './newton-loop.js';

export interface BallInner {
  readonly cols: Float64Array;
  readonly n: number;
  readonly fit: Datafit;
  readonly radius: number;
}

/** Updates (w, z = X_ws·w) in place until the working-set FW gap ≤ tolGap; returns Newton steps. */
export function ballNewton(p: BallInner, w: Float64Array, z: Float64Array, tolGap: number, maxNewton: number): number {
  const { cols, n, fit, radius } = p;
  return newtonLoop({ cols, n, fit, mode: { kind: 'ball', radius } }, w, z, tolGap, maxNewton, (wNow, g, hess, gap) => {
    const H = hessian(cols, n, wNow.length, hess);
    // The squared loss's model is exact: solve it to the target. Otherwise a fraction of the
    // current gap is enough, Newton's next step corrects the rest.
    const modelTol = fit.name === 'squared' ? 0.5 * tolGap : Math.max(0.5 * tolGap, 0.1 * gap);
    const delta = fistaOnBall(H, g, wNow, radius, modelTol).map((vj, j) => vj - wNow[j]);
    return { delta, xDelta: columnsTimes(cols, n, delta, new Float64Array(n)) };
  });
}

function hessian(cols: Float64Array, n: number, k: number, h: Float64Array): Float64Array {
  const H = new Float64Array(k * k);
  const hx = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    for (let i = 0; i < n; i++) hx[i] = h[i] * cols[a * n + i];
    for (let b = a; b < k; b++) {
      let s = 0;
      const off = b * n;
      for (let i = 0; i < n; i++) s += hx[i] * cols[off + i];
      H[a * k + b] = s;
      H[b * k + a] = s;
    }
  }
  return H;
}

function matVec(H: Float64Array, v: Float64Array, out: Float64Array): Float64Array {
  const k = v.length;
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += H[a * k + b] * v[b];
    out[a] = s;
  }
  return out;
}

/** Largest eigenvalue of the PSD matrix H (= its largest singular value), raised 1% to stay an upper bound. */
function topEigen(H: Float64Array, k: number): number {
  return 1.01 * largestSingularValue({ rows: k, cols: k, data: H }, { tol: 1e-6 }).value;
}

/** FISTA with gradient restart on the model over the ball, until its FW gap ≤ tol. */
function fistaOnBall(H: Float64Array, g: Float64Array, w: Float64Array, radius: number, tol: number): Float64Array {
  const k = w.length;
  const L = topEigen(H, k);
  if (!(L > 0))
    return projectL1Ball64(
      w.map((wj, j) => wj - g[j]),
      radius,
    );
  let v: Float64Array = Float64Array.from(w);
  const yv = Float64Array.from(w);
  let t = 1;
  const grad = new Float64Array(k);
  const tmp = new Float64Array(k);
  for (let it = 0; it < 20000; it++) {
    // ∇model(y) = g + H(y − w)
    for (let j = 0; j < k; j++) tmp[j] = yv[j] - w[j];
    matVec(H, tmp, grad);
    for (let j = 0; j < k; j++) {
      grad[j] += g[j];
      tmp[j] = yv[j] - grad[j] / L;
    }
    const next = projectL1Ball64(tmp, radius);
    let restart = 0;
    for (let j = 0; j < k; j++) restart += (yv[j] - next[j]) * (next[j] - v[j]);
    const tNext = restart > 0 ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = restart > 0 ? 0 : (t - 1) / tNext;
    for (let j = 0; j < k; j++) yv[j] = next[j] + beta * (next[j] - v[j]);
    v = next;
    t = tNext;
    if (it % 10 === 9 && modelGap(H, g, w, v, radius) <= tol) break;
  }
  return v;
}

/** FW gap of the model at v: ⟨∇q(v), v⟩ + τ‖∇q(v)‖∞. */
function modelGap(H: Float64Array, g: Float64Array, w: Float64Array, v: Float64Array, radius: number): number {
  const k = v.length;
  const d = v.map((vj, j) => vj - w[j]);
  const q = matVec(H, d, new Float64Array(k));
  let dot = 0;
  let inf = 0;
  for (let j = 0; j < k; j++) {
    q[j] += g[j];
    dot += q[j] * v[j];
    inf = Math.max(inf, Math.abs(q[j]));
  }
  return dot + radius * inf;
}
