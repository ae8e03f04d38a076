/**
 * The exact inverse scale space (ISS) path of the squared loss (Libra's `iss()`): the κ → ∞,
 * α → 0 limit of LBI. Piecewise constant in t; each piece is least squares on the active set
 * with signs fixed by the subgradient ρ. Float64 throughout (plain JS + ml-matrix).
 */
import type * as tf from '@tensorflow/tfjs';
import { right, type Either } from 'fp-ts/lib/Either.js';
import { Matrix } from 'ml-matrix';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import type { SolveError } from '../types.js';
import { matTVec, readMatrix, readVector, standardize, type Dense64 } from './internal/design.js';
import { nnls } from './internal/nnls.js';
import { makePath, type RegularizationPath } from './path.js';
import { catchDataErrors } from '../core/data-error.js';

/** Options of {@link iss} (Libra names). */
export interface IssOptions {
  readonly intercept?: boolean;
  readonly normalize?: boolean;
  /** Largest active-set size. Default min(n, p). */
  readonly nvar?: number;
}

/** An ISS path: breakpoints t and the constant coefficients on [t_i, t_{i+1}). */
export interface IssPath extends RegularizationPath {
  /** Subgradient ρ ∈ ∂‖β‖₁ at each breakpoint (standardised scale). */
  readonly rho: readonly Float64Array[];
}

/**
 * Exact ISS path for the squared loss (1/2n)‖y − Xβ‖². Between breakpoints ρ̇ = Xᵀ(y − Xβ)/n on
 * the inactive set; a variable enters when |ρ_j| reaches 1, then β solves the sign-constrained
 * least squares on the active set.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { iss } from '@sparsekit/solvers/paths';
 * const res = iss([[1, 0], [0, 1], [1, 1]], [2, 1, 3], { intercept: false, normalize: false });
 * if (isRight(res)) res.right.at(100).beta; // least squares fit [2, 1]
 * ```
 */
export function iss(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor | readonly number[],
  options: IssOptions = {},
): Either<SolveError, IssPath> {
  return catchDataErrors(() => issUnchecked(x, y, options));
}

function issUnchecked(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor | readonly number[],
  options: IssOptions = {},
): Either<SolveError, IssPath> {
  const intercept = options.intercept ?? true;
  const normalize = options.normalize ?? true;
  const raw = readMatrix('X', x);
  const { rows: n, cols: p } = raw;
  const yv = readVector('y', y);
  if (yv.length !== n) throw new SparsekitError({ argument: 'y', value: y, code: 'shape_mismatch', expected: `${n} responses` });
  const nvar = requireInteger('nvar', options.nvar ?? Math.min(n, p), 1);
  const std = standardize(raw, intercept, normalize);
  const mu = intercept ? yv.reduce((s, v) => s + v, 0) / n : 0;
  const yc = yv.map((v) => v - mu);
  const { ts, betas, rhos } = issSteps(std.x, yc, Math.min(nvar, n, p));
  const beta = betas.map((b) => b.map((v, j) => v / std.normx[j]));
  const icpt = beta.map((b) => Float64Array.of(mu - b.reduce((s, v, j) => s + v * std.meanx[j], 0)));
  const entryTime = Array.from({ length: p }, (_, j) => {
    const k = beta.findIndex((b) => b[j] !== 0);
    return k < 0 ? Infinity : ts[k] * n;
  });
  const path = makePath({
    loss: 'squared',
    t: ts.map((t) => t * n),
    beta,
    intercept: icpt,
    p,
    k: 1,
    entryTime,
    interpolation: 'left',
    kappa: Infinity,
    alpha: 0,
  });
  return right({ ...path, rho: rhos });
}

/** The ISS recursion of Libra's R/iss.R on a standardised design; times in Libra's 1/n units. */
function issSteps(xs: Dense64, y: Float64Array, maxActive: number): { ts: number[]; betas: Float64Array[]; rhos: Float64Array[] } {
  const p = xs.cols;
  const xm = new Matrix(xs.rows, p);
  for (let i = 0; i < xs.rows; i++) for (let j = 0; j < p; j++) xm.set(i, j, xs.data[i * p + j]);
  let res: Float64Array = Float64Array.from(y);
  const rho = new Float64Array(p);
  const active = new Array<boolean>(p).fill(false);
  let t = 0;
  const ts = [0];
  const betas = [new Float64Array(p)];
  const rhos = [new Float64Array(p)];
  for (let it = 0; it < 20 * Math.min(xs.rows, p); it++) {
    const ng = matTVec(xs, res);
    const delta = Array.from(ng, (g, j) => (active[j] || g === 0 ? Infinity : Math.max((1 - rho[j]) / g, (-1 - rho[j]) / g)));
    const dt = Math.min(...delta);
    if (!Number.isFinite(dt)) break;
    t += dt;
    for (let j = 0; j < p; j++) if (!active[j]) rho[j] += dt * ng[j];
    delta.forEach((d, j) => {
      if (d === dt) {
        rho[j] = Math.round(rho[j]);
        active[j] = true;
      }
    });
    const cols = active.flatMap((a, j) => (a ? [j] : []));
    const signed = xm.subMatrixColumn(cols).mulRowVector(cols.map((j) => rho[j]));
    const sol = nnls(signed, y);
    const beta = new Float64Array(p);
    cols.forEach((j, k) => {
      beta[j] = rho[j] * sol.x[k];
      active[j] = sol.x[k] !== 0;
    });
    res = sol.residual;
    ts.push(t);
    betas.push(beta);
    rhos.push(Float64Array.from(rho));
    if (active.filter(Boolean).length >= maxActive) break;
  }
  return { ts, betas, rhos };
}
