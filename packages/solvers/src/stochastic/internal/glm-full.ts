/** Full-data quantities of a GLM objective F(x) = (1/n)Σ f(aᵢᵀx, bᵢ), for checks and results. */
import * as tf from '@tensorflow/tfjs';
import type { Constraint, HasLmo } from '../../types.js';
import type { PointwiseLoss } from '../../losses/pointwise-loss.js';
import { largestSingularValue } from '@sparsekit/tensor';

/** F(x), ∇F(x) = Aᵀf'(Ax, b)/n and the FW gap ⟨∇F(x), x − LMO(∇F(x))⟩, read to numbers. */
export function glmFullCertificate(
  A: tf.Tensor2D,
  b: tf.Tensor1D,
  loss: PointwiseLoss,
  constraint: Constraint & HasLmo,
  x: tf.Tensor1D,
): { fun: number; gap: number } {
  return tf.tidy(() => {
    const n = A.shape[0];
    const z = tf.reshape(tf.matMul(A, tf.reshape(x, [-1, 1])), [-1]) as tf.Tensor1D;
    const fun = tf.div(tf.sum(loss.values(z, b)), n);
    const grad = tf.reshape(tf.matMul(A, tf.reshape(tf.div(loss.derivatives(z, b), n), [-1, 1]), true), [-1]);
    const gap = tf.sum(tf.mul(grad, tf.sub(x, constraint.lmo(grad))));
    const [f, g] = tf.stack([fun, gap]).dataSync();
    return { fun: f, gap: g };
  });
}

/** Smoothness of F: curvature·σ_max(A)²/n. */
export function glmLipschitz(A: tf.Tensor2D, curvature: number): number {
  return (curvature * largestSingularValue(A).value ** 2) / A.shape[0];
}
