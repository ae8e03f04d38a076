/**
 * Float64 plain-JS references for solver tests: projections, and high-accuracy solutions of
 * non-negative least squares and the Lasso (objective 1/(2n)‖y − Xw‖² + λ‖w‖₁).
 */

/**
 * Euclidean projection onto {x ≥ 0, Σx = r} (sort-based threshold).
 *
 * @example
 * ```ts
 * import { projectSimplex } from '@sparsekit/solvers/testing';
 * projectSimplex(Float64Array.of(2, 0), 1); // => [1, 0]
 * ```
 */
export function projectSimplex(v: ArrayLike<number>, radius: number): Float64Array {
  const u = Array.from(v).sort((a, b) => b - a);
  let cum = 0;
  let theta = -Infinity;
  for (let j = 0; j < u.length; j++) {
    cum += u[j];
    theta = Math.max(theta, (cum - radius) / (j + 1));
  }
  return Float64Array.from(v, (e) => Math.max(e - theta, 0));
}

/**
 * Euclidean projection onto {‖x‖₁ ≤ r}.
 *
 * @example
 * ```ts
 * import { projectL1Ball } from '@sparsekit/solvers/testing';
 * projectL1Ball(Float64Array.of(2, -2), 1); // => [0.5, -0.5]
 * ```
 */
export function projectL1Ball(v: ArrayLike<number>, radius: number): Float64Array {
  let l1 = 0;
  for (let i = 0; i < v.length; i++) l1 += Math.abs(v[i]);
  if (l1 <= radius) return Float64Array.from(v);
  const p = projectSimplex(Float64Array.from(v, Math.abs), radius);
  return Float64Array.from(p, (e, i) => Math.sign(v[i]) * e);
}

/** Row-major dense matrix in float64. */
export interface Matrix64 {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function residual(X: Matrix64, y: ArrayLike<number>, w: Float64Array): Float64Array {
  const r = Float64Array.from(y);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j] * w[j];
    r[i] -= s;
  }
  return r;
}

/**
 * Lasso objective 1/(2n)‖y − Xw‖² + λ‖w‖₁ in float64.
 *
 * @example
 * ```ts
 * import { lassoObjective } from '@sparsekit/solvers/testing';
 * lassoObjective({ rows: 1, cols: 1, data: Float64Array.of(1) }, [1], Float64Array.of(0), 0.1); // => 0.5
 * ```
 */
export function lassoObjective(X: Matrix64, y: ArrayLike<number>, w: Float64Array, lambda: number): number {
  const r = residual(X, y, w);
  return r.reduce((a, b) => a + b * b, 0) / (2 * X.rows) + lambda * w.reduce((a, b) => a + Math.abs(b), 0);
}

/**
 * Cyclic coordinate descent in float64 for 1/(2n)‖y − Xw‖² + λ‖w‖₁ (λ = 0 with
 * `nonNegative` gives NNLS scaled by 1/(2n)), run until no coordinate moves by more than `tol`.
 *
 * @example
 * ```ts
 * import { coordinateDescent64 } from '@sparsekit/solvers/testing';
 * coordinateDescent64({ rows: 2, cols: 1, data: Float64Array.of(1, 1) }, [1, 1], 0); // => [1]
 * ```
 */
export function coordinateDescent64(
  X: Matrix64,
  y: ArrayLike<number>,
  lambda: number,
  options: { nonNegative?: boolean; tol?: number; maxEpochs?: number } = {},
): Float64Array {
  const { rows: n, cols: p, data } = X;
  const w = new Float64Array(p);
  const r = Float64Array.from(y);
  const colNorm = new Float64Array(p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) colNorm[j] += data[i * p + j] ** 2;
  for (let epoch = 0; epoch < (options.maxEpochs ?? 100000); epoch++) {
    let moved = 0;
    for (let j = 0; j < p; j++) {
      if (colNorm[j] === 0) continue;
      let rho = 0;
      for (let i = 0; i < n; i++) rho += data[i * p + j] * r[i];
      const z = w[j] + rho / colNorm[j];
      const t = (lambda * n) / colNorm[j];
      let next = Math.sign(z) * Math.max(Math.abs(z) - t, 0);
      if (options.nonNegative) next = Math.max(next, 0);
      const delta = next - w[j];
      if (delta !== 0) {
        for (let i = 0; i < n; i++) r[i] -= delta * data[i * p + j];
        w[j] = next;
        moved = Math.max(moved, Math.abs(delta));
      }
    }
    if (moved < (options.tol ?? 1e-13)) break;
  }
  return w;
}
