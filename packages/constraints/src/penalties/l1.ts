/** The L1 penalty λ‖x‖₁ (lasso). */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { Penalty } from '../types.js';
import { makePenalty, type PenaltySpec } from '../internal/penalty-spec.js';
import { rows } from '../internal/flat.js';
import { col } from '../internal/rows.js';

/** Soft thresholding sign(x)·max(|x| − t, 0) with per-slice thresholds t: [B]. */
export function softThreshold(x: tf.Tensor, t: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => {
    const xr = rows(x);
    return tf.mul(tf.sign(xr), tf.relu(tf.sub(tf.abs(xr), col(t)))).reshape(x.shape);
  });
}

export function l1Spec(lambda: number): PenaltySpec {
  return {
    name: 'L1',
    params: { lambda },
    weight: lambda,
    prox: (x, t) => softThreshold(x, t),
    value: (x, w) => tf.tidy(() => tf.mul(w, tf.sum(tf.abs(rows(x)), 1)) as tf.Tensor1D),
  };
}

/**
 * λ‖x‖₁. prox of step·g: soft thresholding at λ·step. Its conjugate is the indicator of the L∞
 * ball of radius λ (Moreau: x = prox_{γg}(x) + γ·P(x/γ)).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1 } from '@sparsekit/constraints';
 * l1(1).prox(tf.tensor([2, -0.5]), 0.5).arraySync(); // => [1.5, 0]
 * ```
 */
export function l1(lambda: number): Penalty {
  requireNonNegative('lambda', lambda);
  return makePenalty(l1Spec(lambda)) as unknown as Penalty;
}
