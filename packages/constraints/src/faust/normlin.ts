/** pyfaust `normlin`: every row has 2-norm s. */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { flags, requireNormalizable } from './internal/checks.js';
import { modulus } from './internal/parts.js';
import { makeProjector } from './internal/projector.js';
import { scaleColumns } from './internal/unit-columns.js';
import type { NormSliceParams } from './normcol.js';

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
 * normlin().project(tf.tensor2d([[3, 4], [0, 0]])).arraySync(); // [[0.6, 0.8], [1, 0]]
 * ```
 */
export function normlin(s = 1, options?: FaustFlags): FaustProjector<'Normlin', NormSliceParams> {
  requireNonNegative('s', s);
  const { normalized, pos } = flags(options, false);
  requireNormalizable(s, normalized);
  return makeProjector({
    name: 'Normlin',
    params: { s, normalized, pos },
    pos,
    checkShape: () => undefined,
    core: (parts, original) => tf.tidy(() => {
      const t = (p: tf.Tensor2D): tf.Tensor2D => tf.transpose(p);
      const score = t((pos && original.length === 1 ? original[0] : modulus(original)) as tf.Tensor2D);
      return scaleColumns(parts.map(t), score, s).map(t);
    }),
  });
}
