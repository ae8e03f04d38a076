/** The L0 penalty λ‖x‖₀ (number of nonzeros), nonconvex. */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { Penalty } from '../types.js';
import { makePenalty } from '../internal/penalty-spec.js';
import { rows } from '../internal/flat.js';
import { col } from '../internal/rows.js';

/**
 * λ‖x‖₀. prox of step·g: hard thresholding, keeping x_i when |x_i| > √(2λ·step) (at equality both
 * choices are optimal; we drop). Nonconvex: the prox is a global minimizer, not firmly
 * non-expansive.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l0 } from '@sparsekit/constraints';
 * l0(0.5).prox(tf.tensor([2, -0.9, 1.1]), 1).arraySync(); // [2, 0, 1.1]  (threshold 1)
 * ```
 */
export function l0(lambda: number): Penalty {
  requireNonNegative('lambda', lambda);
  return makePenalty({
    name: 'L0',
    params: { lambda },
    weight: lambda,
    prox: (x, t) =>
      tf.tidy(() => {
        const xr = rows(x);
        const threshold = col(tf.sqrt(tf.mul(t, 2)) as tf.Tensor1D);
        return tf.where(tf.greater(tf.abs(xr), threshold), xr, tf.zerosLike(xr)).reshape(x.shape);
      }),
    value: (x, w) => tf.tidy(() => tf.mul(w, tf.sum(tf.notEqual(rows(x), 0).toFloat(), 1)) as tf.Tensor1D),
  }) as unknown as Penalty;
}
