/** pyfaust `normcol`: every column has 2-norm s. */
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { normSliceProjector, type NormSliceParams } from './internal/unit-columns.js';

export type { NormSliceParams } from './internal/unit-columns.js';

/**
 * Projection onto matrices whose columns all have 2-norm `s` (default 1; pyfaust
 * `proj.normcol`): each column is rescaled to norm s. A zero column becomes s·e₀ (pyfaust leaves
 * it zero, which is outside the set; every point of the sphere is equally near, and e₀ follows
 * the lowest-index rule); under `pos` a column with no positive entry becomes s times the
 * one-hot at its largest entry, its nearest nonnegative point. `s = 0` gives the zero matrix.
 * `normalized` (default false, as in pyfaust) divides by the Frobenius norm afterwards; `pos`
 * zeroes negative entries first.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { normcol } from '@sparsekit/constraints/faust';
 * normcol(2).project(tf.tensor2d([[3, 0], [4, 5]])).arraySync(); // => [[1.2, 0], [1.6, 2]]
 * ```
 */
export function normcol(s = 1, options?: FaustFlags): FaustProjector<'Normcol', NormSliceParams> {
  return normSliceProjector('Normcol', s, options, false);
}
