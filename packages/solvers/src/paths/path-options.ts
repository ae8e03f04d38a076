/**
 * The options that `lbi` and `splitLbi` share: how X is preprocessed and the t grid the path is
 * recorded on. One declaration so the two solvers cannot drift apart in names, defaults or docs.
 */

/**
 * Options shared by {@link lbi} and {@link splitLbi} (names and defaults follow Libra's `lb()`).
 * Each solver's options interface extends this one with its own parameters.
 *
 * @example
 * ```ts
 * import { lbi, splitLbi, type LbiOptions, type SplitLbiOptions } from '@sparsekit/solvers/paths';
 * const shared = { intercept: true, normalize: false, nt: 20, trate: 50 } satisfies Partial<LbiOptions & SplitLbiOptions>;
 * const X = [[1, 0], [0, 1], [1, 1], [2, 1]];
 * const y = [1, 0, 1, 2];
 * const a = lbi(X, y, { kappa: 10, ...shared });
 * const b = splitLbi(X, y, shared);
 * ```
 */
export interface BregmanPathOptions {
  /** Unpenalised intercept, X centred. Default true. */
  readonly intercept?: boolean;
  /** Scale columns to ‖x_j‖² = n. Default true. */
  readonly normalize?: boolean;
  /** Explicit strictly increasing t grid (overrides nt and trate). */
  readonly tlist?: readonly number[];
  /** Number of t values of the grid t_k = t0·trate^{k/(nt−1)}. Default 100. */
  readonly nt?: number;
  /** t_max / t0. Default 100. */
  readonly trate?: number;
}
