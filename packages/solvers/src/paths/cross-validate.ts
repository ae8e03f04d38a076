/**
 * K-fold cross-validation over a regularisation path to choose t (Libra's `cv.lb` / `cv.iss`):
 * fit the full data once for the t grid, refit on each training split with that grid, score
 * the held-out rows at every t, and report the mean error and its standard error.
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import { createRng, requireInteger, SparsekitError } from '@sparsekit/tensor';
import type { SolveError } from '../types.js';
import { readMatrix, readVector } from './internal/design.js';
import type { RegularizationPath } from './path.js';
import { lbi, type LbiOptions } from './lbi.js';
import { iss, type IssOptions } from './iss.js';
import { catchDataErrors } from '../core/data-error.js';

/** Fits a path on rows (nested arrays) and responses; `tlist` is the grid to use, when supported. */
export type PathFitter = (x: number[][], y: number[], tlist?: readonly number[]) => Either<SolveError, RegularizationPath>;

/** Options of the cross-validation. */
export interface CvOptions {
  /** Number of folds K. Default 5 (Libra). */
  readonly folds?: number;
  /** Seed of the fold assignment. Default 0. */
  readonly seed?: number;
}

/** Cross-validation curve over the t grid of the full-data path. */
export interface CvResult {
  readonly t: readonly number[];
  /** Mean held-out error at each t (MSE for the squared loss, misclassification rate otherwise). */
  readonly error: readonly number[];
  /** Standard error of the mean over folds: sqrt(var/K). */
  readonly se: readonly number[];
  /** t with the smallest mean error. */
  readonly tMin: number;
  /** Smallest t (sparsest model) whose error is within one standard error of the minimum. */
  readonly t1se: number;
  /** The path fitted on all the data. */
  readonly path: RegularizationPath;
}

/** Error of a path at t on held-out rows. */
function foldError(path: RegularizationPath, x: tf.Tensor2D, y: number[], t: number): number {
  const pred = path.predict(x, t, 'response');
  const p = pred.arraySync() as number[] | number[][];
  pred.dispose();
  if (path.loss === 'squared') return (p as number[]).reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / y.length;
  if (path.loss === 'logistic') return (p as number[]).reduce((s, v, i) => s + ((v > 0.5 ? 1 : -1) !== y[i] ? 1 : 0), 0) / y.length;
  const classes = path.classes ?? [];
  return (p as number[][]).reduce((s, row, i) => s + (classes[row.indexOf(Math.max(...row))] !== y[i] ? 1 : 0), 0) / y.length;
}

/**
 * Generic K-fold cross-validation of a path fitter.
 *
 * @example
 * ```ts
 * import { crossValidatePath, lbi } from '@sparsekit/solvers/paths';
 * const X = Array.from({ length: 20 }, (_, i) => [i % 3, (i * 7) % 5, i % 2]);
 * const y = X.map((r) => 2 * r[0] - r[2]);
 * const cv = crossValidatePath(X, y, (x, yy, tlist) => lbi(x, yy, { kappa: 10, tlist }), { folds: 4 });
 * ```
 */
export function crossValidatePath(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor1D | readonly number[],
  fit: PathFitter,
  options: CvOptions = {},
): Either<SolveError, CvResult> {
  return catchDataErrors(() => crossValidatePathUnchecked(x, y, fit, options));
}

function crossValidatePathUnchecked(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor1D | readonly number[],
  fit: PathFitter,
  options: CvOptions = {},
): Either<SolveError, CvResult> {
  const m = readMatrix('X', x);
  const yv = Array.from(readVector('y', y));
  const rows = Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  if (yv.length !== m.rows) throw new SparsekitError({ argument: 'y', value: y, code: 'shape_mismatch', expected: `${m.rows} responses` });
  const k = requireInteger('folds', options.folds ?? 5, 2, m.rows);
  const full = fit(rows, yv);
  if (isLeft(full)) return full;
  const t = full.right.t;
  const perm = createRng(options.seed ?? 0).permutationArray(m.rows);
  const foldOf = new Array<number>(m.rows);
  perm.forEach((row, i) => {
    foldOf[row] = i % k;
  });
  const errs: number[][] = [];
  for (let f = 0; f < k; f++) {
    const train = rows.flatMap((_, i) => (foldOf[i] !== f ? [i] : []));
    const test = rows.flatMap((_, i) => (foldOf[i] === f ? [i] : []));
    const fitted = fit(
      train.map((i) => rows[i]),
      train.map((i) => yv[i]),
      t,
    );
    if (isLeft(fitted)) return fitted;
    const xt = tf.tensor2d(test.map((i) => rows[i]));
    errs.push(
      t.map((tv) =>
        foldError(
          fitted.right,
          xt,
          test.map((i) => yv[i]),
          tv,
        ),
      ),
    );
    xt.dispose();
  }
  const error = t.map((_, j) => errs.reduce((s, e) => s + e[j], 0) / k);
  const se = t.map((_, j) => Math.sqrt(errs.reduce((s, e) => s + (e[j] - error[j]) ** 2, 0) / (k - 1) / k));
  const best = error.indexOf(Math.min(...error));
  const within = error.findIndex((e) => e <= error[best] + se[best]);
  return right({ t, error, se, tMin: t[best], t1se: t[within], path: full.right });
}

/**
 * K-fold cross-validation of {@link lbi} (Libra `cv.lb`): every fold reuses the full-data t grid.
 *
 * @example
 * ```ts
 * import { cvLbi } from '@sparsekit/solvers/paths';
 * const X = Array.from({ length: 20 }, (_, i) => [i % 3, (i * 7) % 5, i % 2]);
 * const res = cvLbi(X, X.map((r) => 2 * r[0] - r[2]), { kappa: 10, nt: 20, folds: 4 });
 * ```
 */
export function cvLbi(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor1D | readonly number[],
  options: LbiOptions & CvOptions,
): Either<SolveError, CvResult> {
  const { folds, seed, ...lbiOptions } = options;
  return crossValidatePath(x, y, (xs, ys, tlist) => lbi(xs, ys, tlist ? { ...lbiOptions, tlist } : lbiOptions), { folds, seed });
}

/**
 * K-fold cross-validation of {@link iss} (Libra `cv.iss`), scored at the full-data breakpoints.
 *
 * @example
 * ```ts
 * import { cvIss } from '@sparsekit/solvers/paths';
 * const X = Array.from({ length: 20 }, (_, i) => [i % 3, (i * 7) % 5, i % 2]);
 * const res = cvIss(X, X.map((r) => 2 * r[0] - r[2]), { folds: 4 });
 * ```
 */
export function cvIss(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor1D | readonly number[],
  options: IssOptions & CvOptions = {},
): Either<SolveError, CvResult> {
  const { folds, seed, ...issOptions } = options;
  return crossValidatePath(x, y, (xs, ys) => iss(xs, ys, issOptions), { folds, seed });
}
