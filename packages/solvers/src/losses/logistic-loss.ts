/** Logistic loss with labels in {−1, +1}: (1/n) Σ log(1 + exp(−y_i x_iᵀw)). */
import * as tf from '@tensorflow/tfjs';
import { blockedSum, glmLoss, type GlmLoss, type PointwiseLoss } from './glm-loss.js';

const pointwise: PointwiseLoss = {
  name: 'logistic',
  // softplus(−yz) = log(1 + e^{−yz}) without overflow for large |z|.
  sum: (z, y) => blockedSum(tf.softplus(tf.neg(tf.mul(y, z))) as tf.Tensor1D),
  derivative: (z, y) => tf.neg(tf.mul(y, tf.sigmoid(tf.neg(tf.mul(y, z))))) as tf.Tensor1D,
  curvature: 0.25,
};

/**
 * f(w) = mean log(1 + exp(−y·Xw)) for y ∈ {−1, +1}; L = σ_max(X)²/(4n).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { logisticLoss } from '@sparsekit/solvers';
 * const f = logisticLoss(tf.tensor2d([[1], [-1]]), tf.tensor1d([1, -1]));
 * f.objective(tf.zeros([1])).arraySync(); // ≈ 0.6931
 * ```
 */
export function logisticLoss(X: tf.Tensor2D, y: tf.Tensor1D): GlmLoss {
  return glmLoss(pointwise, X, y);
}
