/**
 * Two classic robust-regression data sets with known outliers, shipped as small constants (public
 * domain; nothing is downloaded).
 */

/** A small regression data set: features, response, and the outliers the literature reports (0-based). */
export interface ClassicDataset {
  readonly name: string;
  readonly source: string;
  readonly featureNames: readonly string[];
  readonly X: readonly (readonly number[])[];
  readonly y: readonly number[];
  readonly knownOutliers: readonly number[];
}

/**
 * Brownlee's stack loss plant data (21 days; air flow, water temperature, acid concentration → stack
 * loss), as in R's `datasets::stackloss`. Observations 1, 3, 4 and 21 (1-based) are the classic outliers.
 *
 * @example
 * ```ts
 * import { stackloss } from '@sparsekit/robust-stats';
 * stackloss.X.length; // 21
 * ```
 */
export const stackloss: ClassicDataset = {
  name: 'stackloss',
  source: 'Brownlee (1965), Statistical Theory and Methodology in Science and Engineering; R datasets::stackloss',
  featureNames: ['Air.Flow', 'Water.Temp', 'Acid.Conc.'],
  ...split([
    [80, 27, 89, 42],
    [80, 27, 88, 37],
    [75, 25, 90, 37],
    [62, 24, 87, 28],
    [62, 22, 87, 18],
    [62, 23, 87, 18],
    [62, 24, 93, 19],
    [62, 24, 93, 20],
    [58, 23, 87, 15],
    [58, 18, 80, 14],
    [58, 18, 89, 14],
    [58, 17, 88, 13],
    [58, 18, 82, 11],
    [58, 19, 93, 12],
    [50, 18, 89, 8],
    [50, 18, 86, 7],
    [50, 19, 72, 8],
    [50, 19, 79, 8],
    [50, 20, 80, 9],
    [56, 20, 82, 15],
    [70, 20, 91, 15],
  ]),
  knownOutliers: [0, 2, 3, 20],
};

/**
 * Hertzsprung–Russell diagram of the star cluster CYG OB1 (47 stars; log surface temperature →
 * log light intensity), as in R's `robustbase::starsCYG`. Stars 11, 20, 30 and 34 (1-based) are the
 * red giants, high-leverage points that pull least squares to a wrong slope.
 *
 * @example
 * ```ts
 * import { starsCYG } from '@sparsekit/robust-stats';
 * starsCYG.knownOutliers; // [10, 19, 29, 33]
 * ```
 */
export const starsCYG: ClassicDataset = {
  name: 'starsCYG',
  source: 'Humphreys (1978); Rousseeuw & Leroy (1987), Robust Regression and Outlier Detection, p. 27; R robustbase::starsCYG',
  featureNames: ['log.Te'],
  ...split([
    [4.37, 5.23],
    [4.56, 5.74],
    [4.26, 4.93],
    [4.56, 5.74],
    [4.3, 5.19],
    [4.46, 5.46],
    [3.84, 4.65],
    [4.57, 5.27],
    [4.26, 5.57],
    [4.37, 5.12],
    [3.49, 5.73],
    [4.43, 5.45],
    [4.48, 5.42],
    [4.01, 4.05],
    [4.29, 4.26],
    [4.42, 4.58],
    [4.23, 3.94],
    [4.42, 4.18],
    [4.23, 4.18],
    [3.49, 5.89],
    [4.29, 4.38],
    [4.29, 4.22],
    [4.42, 4.42],
    [4.49, 4.85],
    [4.38, 5.02],
    [4.42, 4.66],
    [4.29, 4.66],
    [4.38, 4.9],
    [4.22, 4.39],
    [3.48, 6.05],
    [4.38, 4.42],
    [4.56, 5.1],
    [4.45, 5.22],
    [3.49, 6.29],
    [4.23, 4.34],
    [4.62, 5.62],
    [4.53, 5.1],
    [4.45, 5.22],
    [4.53, 5.18],
    [4.43, 5.57],
    [4.38, 4.62],
    [4.45, 5.06],
    [4.5, 5.34],
    [4.45, 5.34],
    [4.55, 5.54],
    [4.45, 4.98],
    [4.42, 4.5],
  ]),
  knownOutliers: [10, 19, 29, 33],
};

function split(rows: readonly (readonly number[])[]): { X: number[][]; y: number[] } {
  return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}
