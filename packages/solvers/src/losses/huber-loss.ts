/** Huber loss of the residual: ½r² for |r| ≤ δ, δ(|r| − δ/2) beyond. */
import * as tf from '@tensorflow/tfjs';
import { requirePositive } from '@sparsekit/tensor';
import { glmLoss, type GlmLoss } from './glm-loss.js';

/**
 * f(w) = (1/n) Σ huber_δ(x_iᵀw − y_i); ∇f = Xᵀ clip(Xw − y, −δ, δ)/n; L = σ_max(X)²/n.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { huberLoss } from '@sparsekit/solvers/losses';
 * const f = huberLoss(tf.tensor2d([[1], [1]]), tf.tensor1d([0, 3]), 1);
 * f.objective(tf.zeros([1])).arraySync(); // (0 + 2.5) / 2 = 1.25
 * ```
 */
export function huberLoss(X: tf.Tensor2D, y: tf.Tensor1D, delta = 1): GlmLoss {
  requirePositive('delta', delta);
  // ½q² + δ(|r| − q) with q = min(|r|, δ) equals ½r² inside and δ|r| − δ²/2 outside.
  const values = (r: tf.Tensor): tf.Tensor => {
    const a = tf.abs(r);
    const quad = tf.minimum(a, delta);
    return quad.square().mul(0.5).add(a.sub(quad).mul(delta));
  };
  return glmLoss(
    {
      name: 'huber',
      values: (z, yy) => tf.tidy(() => values(tf.sub(z, yy)) as tf.Tensor1D),
      derivatives: (z, yy) => tf.clipByValue(tf.sub(z, yy), -delta, delta) as tf.Tensor1D,
      valuesAndDerivatives: (z, yy) =>
        tf.tidy(() => {
          const r = tf.sub(z, yy);
          return { values: values(r), derivatives: tf.clipByValue(r, -delta, delta) };
        }),
      curvature: 1,
    },
    X,
    y,
  );
}
