/** Logistic loss with labels in {−1, +1}: (1/n) Σ log(1 + exp(−y_i x_iᵀw)). */
import type * as tf from '@tensorflow/tfjs';
import { glmLoss, type GlmLoss } from './glm-loss.js';
import { logisticSampleLoss } from './pointwise-loss.js';

/**
 * f(w) = mean log(1 + exp(−y·Xw)) for y ∈ {−1, +1}; L = σ_max(X)²/(4n).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { logisticLoss } from '@sparsekit/solvers/losses';
 * const f = logisticLoss(tf.tensor2d([[1], [-1]]), tf.tensor1d([1, -1]));
 * f.objective(tf.zeros([1])).arraySync(); // ≈ 0.6931
 * ```
 */
export function logisticLoss(X: tf.Tensor2D, y: tf.Tensor1D): GlmLoss {
  return glmLoss(logisticSampleLoss, X, y);
}
