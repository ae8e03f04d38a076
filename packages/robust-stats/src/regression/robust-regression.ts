/**
 * Robust linear regression with a sparse mean-shift vector: y = Xβ + γ + ε. Every method produces a
 * path of γ whose entry times rank the samples by how outlying they are; one point of the path is
 * chosen by a number, She & Owen's BIC, or K-fold cross-validation.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { requireInteger, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, readMatrix, readVector, withIntercept, type MatrixInput, type VectorInput } from '../internal/dense.js';
import { checkOptionKeys } from '../internal/options.js';
import { gammaAt, rankByEntry, type KnotStop, type OutlierPath } from './outlier-path.js';
import { fitPath, type PathSettings } from './internal/fit-path.js';
import { argmin, BicTracker, bicCurve } from './internal/selection.js';
import { cvCurve } from './internal/cross-validation.js';
import { ipod } from './internal/ipod.js';
import type { Projector } from '../internal/projector.js';

/** Options of {@link robustRegression}. */
export interface RobustRegressionOptions {
  /**
   * 'soft': soft-threshold IPOD = Huber M-estimation with cutoff λ at fixed scale; 'hard': hard-threshold
   * IPOD from a robust start; 'path' (default): inverse scale space (or LBI) on the projected problem;
   * 'lasso': the exact Lasso path of the projected problem.
   */
  readonly method?: 'soft' | 'hard' | 'path' | 'lasso';
  /** A threshold λ (time t = 1/λ on the path), 'bic' (default) or 'cv'. */
  readonly lambda?: number | 'bic' | 'cv';
  /** Unpenalised intercept. Default true. */
  readonly intercept?: boolean;
  /** Path algorithm of method 'path'. Default 'iss' (exact); 'lbi' is Libra's discrete iteration. */
  readonly path?: 'iss' | 'lbi';
  /** LBI damping κ. Default 100. */
  readonly kappa?: number;
  /** LBI t_max / t0. Default 100. */
  readonly trate?: number;
  /** Largest flagged fraction of the n − p residual degrees of freedom. Default 0.5. */
  readonly maxOutlierFraction?: number;
  /** λ grid size of 'soft' and 'hard'. Default 100. */
  readonly nLambda?: number;
  /** Start of 'hard'. Default 'lts' (FAST-LTS); 'soft' uses least squares residuals. */
  readonly start?: 'lts' | 'soft';
  /** Folds of lambda 'cv'. Default 5. */
  readonly folds?: number;
  /** Seeds LTS starts and CV folds. Default 0. */
  readonly seed?: number;
}

/** Selection curve over the path's knots. */
export interface SelectionCurve {
  readonly kind: 'bic' | 'cv' | 'fixed';
  readonly t: readonly number[];
  readonly value: readonly number[];
}

/** A robust fit with its outlier ranking. */
export interface RobustRegressionResult {
  readonly coef: Float64Array;
  readonly intercept: number;
  /** Estimated mean shifts (nonzero = flagged). */
  readonly gamma: Float64Array;
  readonly outliers: boolean[];
  /** Per-sample entry time on the path (earlier = more outlying; Infinity = never flagged). */
  readonly entryTime: Float64Array;
  /** Samples ordered by entry time. */
  readonly ranking: number[];
  /** Chosen time and the equivalent threshold λ = 1/t. */
  readonly t: number;
  readonly lambda: number;
  readonly criterion: SelectionCurve;
  readonly path: OutlierPath;
}

const KEYS = ['method', 'lambda', 'intercept', 'path', 'kappa', 'trate', 'maxOutlierFraction', 'nLambda', 'start', 'folds', 'seed'];
const METHODS = ['soft', 'hard', 'path', 'lasso'];

/**
 * Fits y = Xβ + γ + ε with sparse γ.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { robustRegression } from '@sparsekit/robust-stats';
 * const X = Array.from({ length: 20 }, (_, i) => [i]);
 * const y = X.map(([x], i) => 2 * x + 1 + 0.1 * Math.sin(i) + (i === 7 ? 25 : 0));
 * const fit = robustRegression(X, y, { method: 'path', lambda: 'bic' });
 * if (isRight(fit)) fit.right.ranking[0]; // 7, the planted outlier
 * ```
 */
export function robustRegression(
  X: MatrixInput,
  y: VectorInput,
  options: RobustRegressionOptions = {},
): Either<SparsekitError, RobustRegressionResult> {
  const s = settings(options);
  const raw = readMatrix('X', X);
  const yv = readVector('y', y);
  const intercept = options.intercept ?? true;
  const x = withIntercept(raw, intercept);
  if (yv.length !== x.rows)
    return left(new SparsekitError({ argument: 'y', value: yv.length, code: 'shape_mismatch', expected: `${x.rows} responses` }));
  const finX = checkFinite('X', raw.data);
  if (finX._tag === 'Left') return finX;
  const finY = checkFinite('y', yv);
  if (finY._tag === 'Left') return finY;
  if (x.rows <= x.cols + 1) {
    return left(
      new SparsekitError({
        argument: 'X',
        value: `${x.rows} samples for ${x.cols} coefficients`,
        code: 'shape_mismatch',
        expected: 'n > p + 1 (the projected problem lives in the n − p residual dimensions)',
      }),
    );
  }
  const lambda = options.lambda ?? 'bic';
  // With BIC the path is scored while it is built and stops once it is well past the minimum.
  let tracker: BicTracker | undefined;
  const stopFor =
    lambda === 'bic'
      ? (proj: Projector): KnotStop => {
          const bic = new BicTracker(proj, yv);
          tracker = bic;
          // The exact paths start from the empty knot before their first step.
          if (s.method === 'path' || s.method === 'lasso') bic.push({ idx: [], val: new Float64Array(0) });
          return (knot) => {
            bic.push(knot);
            return bic.pastMinimum(knot.idx.length);
          };
        }
      : undefined;
  const fitted = fitPath(x, yv, s, stopFor);
  if (fitted._tag === 'Left') return fitted;
  const { proj, path } = fitted.right;
  let criterion: SelectionCurve;
  let t: number;
  if (typeof lambda === 'number') {
    requirePositive('lambda', lambda);
    t = 1 / lambda;
    criterion = { kind: 'fixed', t: [t], value: [Number.NaN] };
  } else if (lambda === 'bic') {
    const value = tracker?.values.length === path.gamma.length ? tracker.values : bicCurve(proj, yv, path);
    t = path.t[argmin(value)];
    criterion = { kind: 'bic', t: path.t, value };
  } else if (lambda === 'cv') {
    const cv = cvCurve(x, yv, s, path, requireInteger('folds', options.folds ?? 5, 2));
    if (cv._tag === 'Left') return cv;
    t = cv.right.t[argmin(cv.right.value)];
    criterion = { kind: 'cv', ...cv.right };
  } else {
    throw new SparsekitError({ argument: 'lambda', value: lambda, expected: "a positive number, 'bic' or 'cv'" });
  }
  const gamma = s.method === 'soft' && typeof lambda === 'number' ? softAt(proj, yv, lambda) : gammaAt(path, x.rows, t);
  const beta = proj.coef(yv.map((v, i) => v - gamma[i]));
  return right({
    coef: intercept ? beta.slice(1) : beta,
    intercept: intercept ? beta[0] : 0,
    gamma,
    outliers: Array.from(gamma, (g) => g !== 0),
    entryTime: path.entryTime,
    ranking: rankByEntry(path.entryTime),
    t,
    lambda: 1 / t,
    criterion,
    path,
  });
}

/** Soft IPOD at a fixed cutoff, iterated to convergence (the Huber M-estimate at fixed scale). */
function softAt(proj: Projector, y: Float64Array, lambda: number): Float64Array {
  return ipod(proj, y, lambda, 'soft', new Float64Array(proj.n), 1e-13, 200000).gamma;
}

function settings(o: RobustRegressionOptions): PathSettings {
  checkOptionKeys('options', o, KEYS);
  const method = o.method ?? 'path';
  if (!METHODS.includes(method)) throw new SparsekitError({ argument: 'method', value: method, expected: `one of ${METHODS.join(', ')}` });
  const path = o.path ?? 'iss';
  if (path !== 'iss' && path !== 'lbi') throw new SparsekitError({ argument: 'path', value: path, expected: "'iss' or 'lbi'" });
  const start = o.start ?? 'lts';
  if (start !== 'lts' && start !== 'soft') throw new SparsekitError({ argument: 'start', value: start, expected: "'lts' or 'soft'" });
  const frac = requirePositive('maxOutlierFraction', o.maxOutlierFraction ?? 0.5);
  if (frac >= 1) throw new SparsekitError({ argument: 'maxOutlierFraction', value: frac, expected: 'a fraction in (0, 1)' });
  return {
    method,
    path,
    start,
    maxOutlierFraction: frac,
    kappa: requirePositive('kappa', o.kappa ?? 100),
    trate: requirePositive('trate', o.trate ?? 100),
    nLambda: requireInteger('nLambda', o.nLambda ?? 100, 2),
    seed: requireInteger('seed', o.seed ?? 0, 0),
  };
}
