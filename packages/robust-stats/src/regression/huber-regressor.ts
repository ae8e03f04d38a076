/**
 * Huber M-estimation with a jointly estimated scale, the estimator of scikit-learn's
 * HuberRegressor (Owen's concomitant scale): minimise over (w, c, σ > 0)
 *   nσ + Σ_{|r_i| ≤ εσ} r_i²/σ + Σ_{|r_i| > εσ} (2ε|r_i| − σε²) + α‖w‖²,  r = y − Xw − c.
 * The objective is jointly convex; we solve it in float64 by damped Newton steps on (w, c, σ)
 * (each inlier adds the PSD rank-one term (2/σ)·[x; r/σ][x; r/σ]ᵀ to the Hessian), which reaches
 * the minimiser to machine precision where scikit-learn's L-BFGS-B stops at its tolerance.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { Matrix, solve } from 'ml-matrix';
import { requireInteger, requireNonNegative, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, madScale, median, readMatrix, readVector, type MatrixInput, type VectorInput } from '../internal/dense.js';
import { checkOptionKeys } from '../internal/options.js';
import { InlierGram } from './internal/inlier-gram.js';
import { gemv, gemvT } from '../internal/kernels.js';

/** Options of {@link huberRegressor} (scikit-learn's names and defaults). */
export interface HuberRegressorOptions {
  /** Cutoff in units of σ. Default 1.35 (95% efficiency at the normal). Must be ≥ 1. */
  readonly epsilon?: number;
  /** Ridge penalty α‖w‖² (intercept unpenalised). Default 1e-4. */
  readonly alpha?: number;
  /** Default true. */
  readonly fitIntercept?: boolean;
  /** Newton iterations. Default 100. */
  readonly maxIter?: number;
  /** Stop when the gradient's max-norm ≤ tol·(1 + |objective|). Default 1e-10. */
  readonly tol?: number;
}

/** Fitted Huber model (scikit-learn attribute names in camelCase). */
export interface HuberRegressorResult {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly scale: number;
  /** |r_i| > ε·scale. */
  readonly outliers: boolean[];
  readonly objective: number;
  readonly nIter: number;
  readonly converged: boolean;
}

const KEYS = ['epsilon', 'alpha', 'fitIntercept', 'maxIter', 'tol'];

/**
 * Fits the Huber regressor with joint scale.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { huberRegressor } from '@sparsekit/robust-stats';
 * const X = [[0], [1], [2], [3], [4], [5]];
 * const fit = huberRegressor(X, [0.1, 1, 2.1, 2.9, 4, 50]);
 * if (isRight(fit)) fit.right.outliers; // the last sample is flagged
 * ```
 */
export function huberRegressor(
  X: MatrixInput,
  y: VectorInput,
  options: HuberRegressorOptions = {},
): Either<SparsekitError, HuberRegressorResult> {
  checkOptionKeys('options', options, KEYS);
  const epsilon = requirePositive('epsilon', options.epsilon ?? 1.35);
  if (epsilon < 1) throw new SparsekitError({ argument: 'epsilon', value: epsilon, expected: 'a number ≥ 1 (as scikit-learn)' });
  const alpha = requireNonNegative('alpha', options.alpha ?? 1e-4);
  const maxIter = requireInteger('maxIter', options.maxIter ?? 100, 1);
  const tol = requirePositive('tol', options.tol ?? 1e-10);
  const x = readMatrix('X', X);
  const yv = readVector('y', y);
  if (yv.length !== x.rows)
    return left(new SparsekitError({ argument: 'y', value: yv.length, code: 'shape_mismatch', expected: `${x.rows} responses` }));
  const fx = checkFinite('X', x.data);
  if (fx._tag === 'Left') return fx;
  const fy = checkFinite('y', yv);
  if (fy._tag === 'Left') return fy;
  const fitIntercept = options.fitIntercept ?? true;
  const prob: HuberProblem = {
    x: x.data,
    n: x.rows,
    p: x.cols,
    y: yv,
    epsilon,
    alpha,
    fitIntercept,
    gram: new InlierGram(x.data, x.rows, x.cols, fitIntercept),
  };
  const dim = x.cols + (fitIntercept ? 1 : 0);
  let theta: Float64Array = new Float64Array(dim + 1);
  // Start at the robust location and scale of y rather than (0, 1): the minimiser is unique (the
  // objective is jointly convex, strictly in w for α > 0), and a start in the units of y saves the
  // short damped steps Newton otherwise takes while σ travels from 1 to the residual scale.
  const start = robustStart(yv, fitIntercept);
  if (fitIntercept) theta[x.cols] = start.location;
  theta[dim] = start.scale;
  let ev = withHessian(prob, evaluate(prob, theta));
  let it = 0;
  let converged = false;
  for (; it < maxIter; it++) {
    if (maxAbs(ev.grad) <= tol * (1 + Math.abs(ev.value))) {
      converged = true;
      break;
    }
    const step = newtonStep(prob, theta, ev);
    if (step === null) break;
    theta = step.theta;
    ev = step.ev;
  }
  const r = residuals(prob, theta);
  const scale = theta[dim];
  return right({
    coef: theta.slice(0, x.cols),
    intercept: fitIntercept ? theta[x.cols] : 0,
    scale,
    outliers: Array.from(r, (v) => Math.abs(v) > epsilon * scale),
    objective: ev.value,
    nIter: it,
    converged,
  });
}

interface HuberProblem {
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly epsilon: number;
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly gram: InlierGram;
}
interface Evaluation {
  readonly value: number;
  readonly grad: Float64Array;
  /** Empty until {@link withHessian} fills it. */
  readonly hess: Float64Array;
  /** r_i/σ on the inliers, 0 on the outliers; 1 marks an inlier. */
  readonly u: Float64Array;
  readonly mask: Uint8Array;
  readonly sigma: number;
}

function residuals(pr: HuberProblem, theta: Float64Array): Float64Array {
  const { x, p, n, y } = pr;
  const c = pr.fitIntercept ? theta[p] : 0;
  const r = gemv(x, n, p, theta, -1, new Float64Array(n));
  for (let i = 0; i < n; i++) r[i] += y[i] - c;
  return r;
}

/**
 * Objective and gradient in θ = [w, c?, σ]: one residual pass and one Xᵀa pass. What the Hessian
 * needs (the inlier mask and r/σ) is kept, so an accepted line-search point gets its Hessian without
 * a second evaluation.
 */
function evaluate(pr: HuberProblem, theta: Float64Array): Evaluation {
  const { x, n, p, epsilon: eps, fitIntercept } = pr;
  const d = theta.length;
  const sigma = theta[d - 1];
  const r = residuals(pr, theta);
  const grad = new Float64Array(d);
  const coefs = new Float64Array(n);
  const u = new Float64Array(n);
  const mask = new Uint8Array(n);
  let value = n * sigma,
    gSigma = n,
    gIcpt = 0;
  const cut = eps * sigma;
  for (let i = 0; i < n; i++) {
    const ri = r[i];
    let a: number;
    if (Math.abs(ri) > cut) {
      value += 2 * eps * Math.abs(ri) - sigma * eps * eps;
      a = -2 * eps * Math.sign(ri);
      gSigma -= eps * eps;
    } else {
      const ui = ri / sigma;
      value += ri * ui;
      a = -2 * ui;
      gSigma -= ui * ui;
      mask[i] = 1;
      u[i] = ui;
    }
    gIcpt += a;
    coefs[i] = a;
  }
  gemvT(x, n, p, coefs, grad);
  if (fitIntercept) grad[p] = gIcpt;
  grad[d - 1] = gSigma;
  for (let j = 0; j < p; j++) {
    value += pr.alpha * theta[j] ** 2;
    grad[j] += 2 * pr.alpha * theta[j];
  }
  return { value, grad, hess: new Float64Array(0), u, mask, sigma };
}

/**
 * The Hessian (2/σ)·Σ_inliers z zᵀ with z = [x; 1; r/σ]: the design block from the {@link InlierGram},
 * the σ row and column Σ_inliers z·u from one Xᵀu pass.
 */
function withHessian(pr: HuberProblem, ev: Evaluation): Evaluation {
  const { x, n, p, fitIntercept } = pr;
  const d = ev.grad.length;
  const cross = new Float64Array(d);
  gemvT(x, n, p, ev.u, cross);
  if (fitIntercept) for (let i = 0; i < n; i++) cross[p] += ev.u[i];
  for (let i = 0; i < n; i++) cross[d - 1] += ev.u[i] * ev.u[i];
  return { ...ev, hess: hessian(pr, ev.mask, cross, ev.sigma) };
}

function hessian(pr: HuberProblem, mask: Uint8Array, cross: Float64Array, sigma: number): Float64Array {
  const d = cross.length;
  const { q, s } = pr.gram;
  pr.gram.update(mask);
  const hess = new Float64Array(d * d);
  const w = 2 / sigma;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = w * (b === d - 1 ? cross[a] : s[a * q + b]);
      hess[a * d + b] = v;
      hess[b * d + a] = v;
    }
  }
  for (let j = 0; j < pr.p; j++) hess[j * d + j] += 2 * pr.alpha;
  return hess;
}

/** Newton direction with a tiny ridge (the Hessian is only PSD), Armijo backtracking, σ kept > 0. */
function newtonStep(pr: HuberProblem, theta: Float64Array, ev: Evaluation): { theta: Float64Array; ev: Evaluation } | null {
  const d = theta.length;
  const h = new Matrix(d, d);
  let scale = 0;
  for (let a = 0; a < d; a++) scale = Math.max(scale, ev.hess[a * d + a]);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) h.set(a, b, ev.hess[a * d + b] + (a === b ? 1e-12 * (scale + 1) : 0));
  const dir = solve(h, Matrix.columnVector(Array.from(ev.grad)))
    .getColumn(0)
    .map((v) => -v);
  const slope = dir.reduce((s, v, k) => s + v * ev.grad[k], 0);
  const descent = slope < 0 ? dir : Array.from(ev.grad, (g) => -g);
  const gd = slope < 0 ? slope : -ev.grad.reduce((s, g) => s + g * g, 0);
  let t = 1;
  const floor = 10 * Number.EPSILON;
  while (theta[d - 1] + t * descent[d - 1] <= floor) t /= 2;
  for (let k = 0; k < 60; k++, t /= 2) {
    const cand = theta.map((v, j) => v + t * descent[j]);
    const cev = evaluate(pr, cand);
    if (cev.value <= ev.value + 1e-4 * t * gd || flatButCloser(ev, cev)) return { theta: cand, ev: withHessian(pr, cev) };
  }
  return null;
}

/**
 * Near the minimiser the predicted decrease falls below the rounding of an objective summed over n
 * samples, so Armijo rejects even the exact Newton step and the iteration stalls short of the gradient
 * tolerance. A step that leaves the objective equal up to rounding and shrinks the gradient is accepted.
 */
function flatButCloser(ev: Evaluation, cev: Evaluation): boolean {
  return cev.value <= ev.value + 64 * Number.EPSILON * Math.abs(ev.value) && maxAbs(cev.grad) < maxAbs(ev.grad);
}

function robustStart(y: Float64Array, fitIntercept: boolean): { location: number; scale: number } {
  const location = fitIntercept ? median(y) : 0;
  const scale = madScale(y.map((v) => v - location));
  return { location, scale: scale > 0 && Number.isFinite(scale) ? scale : 1 };
}

function maxAbs(v: Float64Array): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}
