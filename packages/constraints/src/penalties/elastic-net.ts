/** The elastic-net penalty λ(α‖x‖₁ + (1−α)/2·‖x‖²). */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireNonNegative } from '@sparsekit/tensor';
import type { Penalty } from '../types.js';
import { makePenalty } from '../internal/penalty-spec.js';
import { rows } from '../internal/flat.js';
import { col } from '../internal/rows.js';
import { softThreshold } from './l1.js';

/**
 * Elastic net λ·(α‖x‖₁ + (1−α)/2·‖x‖₂²) with mixing α = `l1Ratio` in [0, 1] (scikit-learn's
 * parametrisation). prox of step·g: soft threshold at λα·step, then shrink by 1/(1 + λ(1−α)·step).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { elasticNet } from '@sparsekit/constraints';
 * elasticNet(1, 0.5).prox(tf.tensor([2]), 1).arraySync(); // [1]  ((2 − 0.5)/1.5)
 * ```
 */
export function elasticNet(lambda: number, l1Ratio = 0.5): Penalty {
  requireNonNegative('lambda', lambda);
  if (typeof l1Ratio !== 'number' || !(l1Ratio >= 0 && l1Ratio <= 1))
    throw new SparsekitError({ argument: 'l1Ratio', value: l1Ratio, expected: 'a number in [0, 1]' });
  return makePenalty({
    name: 'ElasticNet',
    params: { lambda, l1Ratio },
    weight: lambda,
    prox: (x, t) =>
      tf.tidy(() => {
        const soft = rows(softThreshold(x, tf.mul(t, l1Ratio) as tf.Tensor1D));
        return tf.div(soft, col(tf.add(1, tf.mul(t, 1 - l1Ratio)) as tf.Tensor1D)).reshape(x.shape);
      }),
    value: (x, w) =>
      tf.tidy(() => {
        const xr = rows(x);
        const v = tf.add(tf.mul(l1Ratio, tf.sum(tf.abs(xr), 1)), tf.mul((1 - l1Ratio) / 2, tf.sum(tf.square(xr), 1)));
        return tf.mul(w, v) as tf.Tensor1D;
      }),
  }) as unknown as Penalty;
}
