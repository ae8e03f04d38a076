/**
 * Synthetic regression data with planted mean-shift outliers, optionally at high-leverage points:
 * y = Xβ + b + γ + σε with γ nonzero on a random set S. Leverage outliers sit in a tight cluster far
 * from the bulk of X and follow a different line, the classic masking case where Huber fails.
 */
import { createRng, requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';

/** Options of {@link plantedRegression}. */
export interface PlantedRegressionOptions {
  readonly n: number;
  readonly p: number;
  /** Fraction of samples with γ ≠ 0. Default 0.1. */
  readonly outlierFraction?: number;
  /** |γ_i| in units of σ. Default 10. */
  readonly shift?: number;
  /** Noise σ. Default 1. */
  readonly noise?: number;
  /** Fraction of the outliers placed at a leverage cluster (distance 10 in X). Default 0. */
  readonly leverage?: number;
  /** Default 0. */
  readonly seed?: number;
}

/** Generated data and the truth. */
export interface PlantedRegression {
  readonly X: number[][];
  readonly y: number[];
  readonly beta: number[];
  readonly intercept: number;
  /** Sorted indices of the planted outliers. */
  readonly outliers: number[];
}

/**
 * Draws planted-outlier regression data.
 *
 * @example
 * ```ts
 * import { plantedRegression } from '@sparsekit/robust-stats';
 * const d = plantedRegression({ n: 100, p: 3, outlierFraction: 0.1, seed: 1 });
 * d.outliers.length; // 10
 * ```
 */
export function plantedRegression(o: PlantedRegressionOptions): PlantedRegression {
  const n = requireInteger('n', o.n, 2);
  const p = requireInteger('p', o.p, 1);
  const frac = requireNonNegative('outlierFraction', o.outlierFraction ?? 0.1);
  if (frac >= 0.5) throw new SparsekitError({ argument: 'outlierFraction', value: frac, expected: 'a fraction below 0.5' });
  const shift = requireNonNegative('shift', o.shift ?? 10);
  const sigma = requireNonNegative('noise', o.noise ?? 1);
  const lev = requireNonNegative('leverage', o.leverage ?? 0);
  const rng = createRng(o.seed ?? 0);
  const beta = Array.from(rng.normalArray(p));
  const intercept = rng.normalArray(1)[0];
  const z = rng.normalArray(n * p);
  const X = Array.from({ length: n }, (_, i) => Array.from(z.subarray(i * p, (i + 1) * p)));
  const eps = rng.normalArray(n);
  const outliers = rng
    .permutationArray(n)
    .slice(0, Math.round(frac * n))
    .sort((a, b) => a - b);
  const nLev = Math.round(lev * outliers.length);
  const signs = rng.uniformArray(outliers.length);
  const y = X.map((row, i) => intercept + row.reduce((s, v, j) => s + v * beta[j], 0) + sigma * eps[i]);
  outliers.forEach((i, k) => {
    if (k < nLev) {
      // Bad leverage: a tight cluster at distance 10 along β's direction, with responses pulled the
      // other way so that together they can tilt a non-robust fit.
      const norm = Math.hypot(...beta) || 1;
      X[i] = beta.map((b, j) => (10 * b) / norm + 0.1 * z[i * p + j]);
      y[i] = intercept - shift * sigma + sigma * eps[i];
    } else {
      y[i] += (signs[k] < 0.5 ? -1 : 1) * shift * sigma;
    }
  });
  return { X, y, beta, intercept, outliers };
}
