/** NaN in, NaN out, without reading tensor data. */
import * as tf from '@tensorflow/tfjs';

/**
 * The NaN policy of the oracles: no data read, no throw; a slice (along axis 0 of the batched
 * inputs `xs`, all [B, ...]) holding NaN or ±Infinity makes the same slice of `out` NaN. The
 * solvers detect it where they already read numbers (objective, certificate) and stop with
 * status 'nonfinite'. Plugins use it to follow the same policy without a device sync (for a
 * whole-tensor constraint, axis 0 still counts as the slice axis: some entries of the output
 * become NaN, which is all the law asks). 0·x is 0 for finite entries and NaN otherwise, so the
 * per-slice sum of 0·x cannot overflow, and adding it leaves finite outputs unchanged.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { propagateNonFinite } from '@sparsekit/constraints';
 * const x = tf.tensor2d([[2, Number.NaN], [2, -3]]);
 * propagateNonFinite(tf.clipByValue(x, -1, 1), x).arraySync(); // => [[NaN, NaN], [1, -1]]
 * ```
 */
export function propagateNonFinite(out: tf.Tensor, ...xs: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const b = out.shape[0];
    const flags = xs.map((x) => tf.sum(tf.mul(tf.reshape(x, [b, -1]), 0), 1));
    const poison = tf.reshape(flags.length === 1 ? flags[0] : tf.addN(flags), [b, ...out.shape.slice(1).map(() => 1)]);
    return tf.add(out, poison);
  });
}
