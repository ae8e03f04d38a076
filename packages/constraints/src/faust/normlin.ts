/** pyfaust `normlin`: every row has 2-norm s. */
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { normSliceProjector, type NormSliceParams } from './internal/unit-columns.js';

/**
 * Projection onto matrices whose rows all have 2-norm `s` (default 1; pyfaust `proj.normlin`):
 * {@link normcol} on the rows, with the same zero-row rule (s·e₀, or under `pos` the one-hot at
 * the row's largest entry). `normalized` (default false) divides by the Frobenius norm
 * afterwards; `pos` zeroes negative entries first.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { normlin } from '@sparsekit/constraints/faust';
 * normlin().project(tf.tensor2d([[3, 4], [0, 0]])).arraySync(); // => [[0.6, 0.8], [1, 0]]
 * ```
 */
export function normlin(s = 1, options?: FaustFlags): FaustProjector<'Normlin', NormSliceParams> {
  return normSliceProjector('Normlin', s, options, true);
}
