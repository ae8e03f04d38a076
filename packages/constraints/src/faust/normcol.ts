/** pyfaust `normcol`: every column has 2-norm s. */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { flags, requireNormalizable } from './internal/checks.js';
import { modulus } from './internal/parts.js';
import { makeProjector } from './internal/projector.js';
import { scaleColumns } from './internal/unit-columns.js';

/** Parameters of {@link normcol} and {@link normlin}. */
export interface NormSliceParams {
  /** The required 2-norm of every column (normcol) or row (normlin). */
  readonly s: number;
  readonly normalized: boolean;
  readonly pos: boolean;
}

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
 * normcol(2).project(tf.tensor2d([[3, 0], [4, 5]])).arraySync(); // [[1.2, 0], [1.6, 2]]
 * ```
 */
export function normcol(s = 1, options?: FaustFlags): FaustProjector<'Normcol', NormSliceParams> {
  requireNonNegative('s', s);
  const { normalized, pos } = flags(options, false);
  requireNormalizable(s, normalized);
  return makeProjector({
    name: 'Normcol',
    params: { s, normalized, pos },
    pos,
    checkShape: () => undefined,
    core: (parts, original) => tf.tidy(() => {
      const score = (pos && original.length === 1 ? original[0] : modulus(original)) as tf.Tensor2D;
      return scaleColumns(parts, score, s);
    }),
  });
}
