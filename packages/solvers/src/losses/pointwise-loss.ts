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
  /**
   * Optional: values and derivatives from one shared forward pass (the residual z − b of the
   * squared loss, the margin −b·z of the logistic loss), elementwise with b broadcasting against
   * z (the full-batch GLM losses pass z as a [1, n] row and b as [n], ready for the gradient's
   * product). The same numbers as `values` and `derivatives`; `glmLoss` then spends fewer tensor
   * ops per gradient.
   */
  valuesAndDerivatives?(z: tf.Tensor, b: tf.Tensor): { readonly values: tf.Tensor; readonly derivatives: tf.Tensor };
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
  valuesAndDerivatives: (z, b) =>
    tf.tidy(() => {
      // t = −b·z once; negations are exact, so these are the bits of `values` and `derivatives`
      const nb = tf.neg(b);
      const t = tf.mul(nb, z);
      return { values: tf.softplus(t), derivatives: tf.mul(nb, tf.sigmoid(t)) };
    }),
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
  valuesAndDerivatives: (z, b) =>
    tf.tidy(() => {
      const r = tf.sub(z, b);
      return { values: tf.mul(tf.square(r), 0.5), derivatives: r };
    }),
};
