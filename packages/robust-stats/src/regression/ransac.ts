/**
 * RANSAC with scikit-learn RANSACRegressor's defaults: a least-squares base model with intercept,
 * min_samples = p + 1, residual_threshold = MAD(y) = median|y − median(y)| (unscaled), absolute-error
 * residuals, inliers |r| ≤ threshold, ties in the inlier count broken by R² on the inliers,
 * max_trials = 100 shortened by the stop_probability = 0.99 rule, final fit on the best consensus set.
 * Sampling uses our seeded generator, so individual trials differ from scikit-learn's.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { createRng, requireInteger, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, median, readMatrix, readVector, withIntercept, type MatrixInput, type VectorInput } from '../internal/dense.js';
import { leastSquares, residualsOf } from '../internal/least-squares.js';
import { checkOptionKeys } from '../internal/options.js';

/** Options of {@link ransac} (scikit-learn's names, camelCase). */
export interface RansacOptions {
  /** Default p + 1 (features plus intercept). */
  readonly minSamples?: number;
  /** Default MAD(y). */
  readonly residualThreshold?: number;
  /** Default 100. */
  readonly maxTrials?: number;
  /** Default 0.99. */
  readonly stopProbability?: number;
  /** Default 0. */
  readonly seed?: number;
}

/** A RANSAC fit. */
export interface RansacResult {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly inlierMask: boolean[];
  readonly nTrials: number;
  /** Trials skipped because the random subset was degenerate. */
  readonly nSkipsDegenerate: number;
  readonly residualThreshold: number;
}

const KEYS = ['minSamples', 'residualThreshold', 'maxTrials', 'stopProbability', 'seed'];

/**
 * RANSAC linear regression.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { ransac } from '@sparsekit/robust-stats';
 * const X = [[0], [1], [2], [3], [4], [5], [6], [7]];
 * const fit = ransac(X, [0, 1, 2, 3, 4, 5, 30, 31], { seed: 0 });
 * if (isRight(fit)) fit.right.inlierMask; // the last two are outliers
 * ```
 */
export function ransac(X: MatrixInput, y: VectorInput, options: RansacOptions = {}): Either<SparsekitError, RansacResult> {
  checkOptionKeys('options', options, KEYS);
  const raw = readMatrix('X', X);
  const yv = readVector('y', y);
  const x = withIntercept(raw, true);
  const n = x.rows;
  if (yv.length !== n)
    return left(new SparsekitError({ argument: 'y', value: yv.length, code: 'shape_mismatch', expected: `${n} responses` }));
  for (const [name, d] of [
    ['X', raw.data],
    ['y', yv],
  ] as const) {
    const f = checkFinite(name, d);
    if (f._tag === 'Left') return f;
  }
  const minSamples = requireInteger('minSamples', options.minSamples ?? x.cols, x.cols);
  if (minSamples > n)
    return left(new SparsekitError({ argument: 'minSamples', value: minSamples, code: 'shape_mismatch', expected: `at most n = ${n}` }));
  const maxTrials = requireInteger('maxTrials', options.maxTrials ?? 100, 1);
  const stopProbability = requirePositive('stopProbability', options.stopProbability ?? 0.99);
  const my = median(yv);
  const mad = median(Array.from(yv, (v) => Math.abs(v - my)));
  const threshold = options.residualThreshold ?? mad;
  if (!(threshold > 0)) {
    return left(
      new SparsekitError({
        argument: 'residualThreshold',
        value: threshold,
        expected: 'a positive threshold (MAD(y) is 0: more than half the responses are equal; pass residualThreshold)',
      }),
    );
  }
  const rng = createRng(options.seed ?? 0);
  let best: { count: number; score: number; mask: Uint8Array } | null = null;
  let budget = maxTrials;
  let trials = 0,
    skips = 0;
  while (trials < budget) {
    trials++;
    const b = leastSquares(x, yv, rng.choiceArray(n, minSamples, { replace: false }));
    if (b === null) {
      skips++;
      continue;
    }
    const r = residualsOf(x, yv, b);
    const mask = new Uint8Array(n);
    let count = 0;
    for (let i = 0; i < n; i++)
      if (Math.abs(r[i]) <= threshold) {
        mask[i] = 1;
        count++;
      }
    if (best !== null && count < best.count) continue;
    const score = r2(r, yv, mask);
    if (best !== null && count === best.count && score < best.score) continue;
    best = { count, score, mask };
    budget = Math.min(budget, dynamicTrials(count, n, minSamples, stopProbability));
  }
  if (best === null || best.count < minSamples) {
    return left(
      new SparsekitError({
        argument: 'X',
        value: `${n} samples`,
        code: 'invalid_argument',
        expected: 'data where RANSAC finds a valid consensus set (raise maxTrials or residualThreshold)',
      }),
    );
  }
  const inliers: number[] = [];
  best.mask.forEach((m, i) => {
    if (m) inliers.push(i);
  });
  const final = leastSquares(x, yv, inliers);
  if (final === null)
    return left(
      new SparsekitError({ argument: 'X', value: 'consensus set', code: 'invalid_argument', expected: 'a full-rank consensus set' }),
    );
  return right({
    coef: final.slice(1),
    intercept: final[0],
    inlierMask: Array.from(best.mask, (m) => m === 1),
    nTrials: trials,
    nSkipsDegenerate: skips,
    residualThreshold: threshold,
  });
}

/** R² of the model on the masked samples (scikit-learn's estimator.score on the inliers), from its residuals r. */
function r2(r: Float64Array, y: Float64Array, mask: Uint8Array): number {
  let m = 0,
    k = 0;
  for (let i = 0; i < y.length; i++)
    if (mask[i]) {
      m += y[i];
      k++;
    }
  m /= k;
  let ss = 0,
    tot = 0;
  for (let i = 0; i < y.length; i++)
    if (mask[i]) {
      ss += r[i] ** 2;
      tot += (y[i] - m) ** 2;
    }
  return tot === 0 ? (ss === 0 ? 1 : 0) : 1 - ss / tot;
}

/** scikit-learn's _dynamic_max_trials. */
function dynamicTrials(nInliers: number, n: number, minSamples: number, probability: number): number {
  const nom = 1 - probability;
  const denom = 1 - (nInliers / n) ** minSamples;
  if (nom === 1) return 0;
  if (denom === 1) return Infinity;
  if (denom === 0) return 1;
  return Math.abs(Math.ceil(Math.log(nom) / Math.log(denom)));
}
