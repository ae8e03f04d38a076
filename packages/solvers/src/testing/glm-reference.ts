/**
 * Float64 references for sparse GLMs (squared or logistic loss, L1 penalty or L1 ball), by
 * FISTA with gradient restart on the full problem: slow (O(np) per iteration) but independent of
 * the working-set solvers it checks. For small test problems only.
 */
import type { Matrix64 } from './reference.js';
import { projectL1Ball } from './reference.js';

/** A small sparse GLM: exactly one of `lambda` (penalty) or `radius` (ball). */
export interface SparseGlm64 {
  readonly X: Matrix64;
  readonly y: ArrayLike<number>;
  readonly loss: 'squared' | 'logistic';
  readonly lambda?: number;
  readonly radius?: number;
}

const softplus = (t: number) => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
const sigmoid = (t: number) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));

function margins(X: Matrix64, w: ArrayLike<number>): Float64Array {
  const z = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j] * w[j];
    z[i] = s;
  }
  return z;
}

/**
 * The objective: (1/n)Σℓ + λ‖w‖₁ (penalty) or (1/n)Σℓ (ball; Infinity outside it).
 *
 * @example
 * ```ts
 * import { sparseGlmObjective } from '@sparsekit/solvers/testing';
 * const X = { rows: 1, cols: 1, data: Float64Array.of(1) };
 * sparseGlmObjective({ X, y: [1], loss: 'logistic', lambda: 0 }, [0]); // log 2
 * ```
 */
export function sparseGlmObjective(p: SparseGlm64, w: ArrayLike<number>): number {
  const z = margins(p.X, w);
  let f = 0;
  for (let i = 0; i < z.length; i++) f += p.loss === 'squared' ? 0.5 * (z[i] - p.y[i]) ** 2 : softplus(-p.y[i] * z[i]);
  f /= p.X.rows;
  let l1 = 0;
  for (let j = 0; j < w.length; j++) l1 += Math.abs(w[j]);
  if (p.radius !== undefined) return l1 <= p.radius * (1 + 1e-9) ? f : Infinity;
  return f + (p.lambda ?? 0) * l1;
}

function gradient(p: SparseGlm64, w: Float64Array): Float64Array {
  const z = margins(p.X, w);
  const { rows: n, cols } = p.X;
  const d = z.map((zi, i) => (p.loss === 'squared' ? zi - p.y[i] : -p.y[i] * sigmoid(-p.y[i] * zi)) / n);
  const g = new Float64Array(cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) g[j] += p.X.data[i * cols + j] * d[i];
  return g;
}

function lipschitz(p: SparseGlm64): number {
  let v = new Float64Array(p.X.cols).fill(1);
  let s = 0;
  for (let it = 0; it < 500; it++) {
    const xv = margins(p.X, v);
    const u = new Float64Array(p.X.cols);
    for (let i = 0; i < p.X.rows; i++) for (let j = 0; j < p.X.cols; j++) u[j] += p.X.data[i * p.X.cols + j] * xv[i];
    s = Math.sqrt(u.reduce((a, b) => a + b * b, 0));
    v = u.map((e) => e / s);
  }
  return ((p.loss === 'squared' ? 1 : 0.25) * s * 1.001) / p.X.rows;
}

/**
 * High-accuracy minimizer (FISTA with restart, float64) of a small sparse GLM.
 *
 * @example
 * ```ts
 * import { sparseGlmReference64 } from '@sparsekit/solvers/testing';
 * const X = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
 * sparseGlmReference64({ X, y: [2, 1], loss: 'squared', radius: 1 }); // ≈ [1, 0]
 * ```
 */
export function sparseGlmReference64(p: SparseGlm64, iterations = 30000): Float64Array {
  const L = lipschitz(p);
  const prox = (v: Float64Array) =>
    p.radius !== undefined ? projectL1Ball(v, p.radius) : v.map((e) => Math.sign(e) * Math.max(Math.abs(e) - (p.lambda ?? 0) / L, 0));
  let x: Float64Array = new Float64Array(p.X.cols);
  let y = Float64Array.from(x);
  let t = 1;
  for (let it = 0; it < iterations; it++) {
    const g = gradient(p, y);
    const next = prox(y.map((e, j) => e - g[j] / L));
    let restart = 0;
    let move = 0;
    for (let j = 0; j < next.length; j++) {
      restart += (y[j] - next[j]) * (next[j] - x[j]);
      move = Math.max(move, Math.abs(next[j] - x[j]));
    }
    const tNext = restart > 0 ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = restart > 0 ? 0 : (t - 1) / tNext;
    y = next.map((e, j) => e + beta * (e - x[j]));
    x = next;
    t = tNext;
    if (it > 10 && move <= 1e-16 * Math.max(1, ...x.map(Math.abs))) break;
  }
  return x;
}
