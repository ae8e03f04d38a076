/** Least squares: (1/n) Σ ½(x_iᵀw − y_i)². */
import type * as tf from '@tensorflow/tfjs';
import { glmLoss, type GlmLoss } from './glm-loss.js';
import { squaredSampleLoss } from './pointwise-loss.js';

/**
 * f(w) = ‖Xw − y‖²/(2n); ∇f = Xᵀ(Xw − y)/n; L = σ_max(X)²/n. It also declares its `leastSquares`
 * structure (X, y), which vanilla Frank-Wolfe over an L1 ball uses to keep the residual.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { squaredLoss } from '@sparsekit/solvers/losses';
 * const f = squaredLoss(tf.tensor2d([[1, 0], [0, 2]]), tf.tensor1d([1, 2]));
 * f.objective(tf.zeros([2])).arraySync(); // => 1.25
 * f.lipschitz(); // => 2
 * ```
 */
export function squaredLoss(X: tf.Tensor2D, y: tf.Tensor1D): GlmLoss {
  return { ...glmLoss(squaredSampleLoss, X, y), leastSquares: { X, y } };
}
