/**
 * Per-sample losses of generalized linear models, f(zᵢ, bᵢ) with zᵢ = aᵢᵀx: values and
 * derivatives in z, elementwise. One interface serves the full-batch GLM losses (`glmLoss`, which
 * sums the values) and the finite-sum solvers (which use them per minibatch).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * A GLM loss as a scalar function of the linear prediction z and the target b, applied
 * elementwise. `curvature` bounds |∂²f/∂z²| (the smoothness in z), so the full objective
 * (1/n)Σf(aᵢᵀx, bᵢ) is (curvature·σ_max(A)²/n)-smooth.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { logisticSampleLoss } from '@sparsekit/solvers/losses';
 * logisticSampleLoss.values(tf.tensor1d([0]), tf.tensor1d([1])).arraySync(); // [0.6931…]
 * ```
 */
export interface PointwiseLoss {
  readonly name: string;
  readonly curvature: number;
  values(z: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor1D;
  derivatives(z: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor1D;
}

/**
 * Logistic loss log(1 + exp(−b·z)) for labels b ∈ {−1, +1}; derivative −b·σ(−b·z);
 * curvature 1/4. Computed as softplus(−b·z), stable for large |z|.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { logisticSampleLoss } from '@sparsekit/solvers/losses';
 * logisticSampleLoss.derivatives(tf.tensor1d([0]), tf.tensor1d([-1])).arraySync(); // => [0.5]
 * ```
 */
export const logisticSampleLoss: PointwiseLoss = {
  name: 'logistic',
  curvature: 0.25,
  values: (z, b) => tf.tidy(() => tf.softplus(tf.neg(tf.mul(b, z))) as tf.Tensor1D),
  derivatives: (z, b) => tf.tidy(() => tf.neg(tf.mul(b, tf.sigmoid(tf.neg(tf.mul(b, z))))) as tf.Tensor1D),
};

/**
 * Squared loss ½(z − b)²; derivative z − b; curvature 1.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { squaredSampleLoss } from '@sparsekit/solvers/losses';
 * squaredSampleLoss.values(tf.tensor1d([3]), tf.tensor1d([1])).arraySync(); // => [2]
 * ```
 */
export const squaredSampleLoss: PointwiseLoss = {
  name: 'squared',
  curvature: 1,
  values: (z, b) => tf.tidy(() => tf.mul(tf.square(tf.sub(z, b)), 0.5) as tf.Tensor1D),
  derivatives: (z, b) => tf.sub(z, b) as tf.Tensor1D,
};
