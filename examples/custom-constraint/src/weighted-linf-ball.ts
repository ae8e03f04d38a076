// A third-party constraint: the weighted L∞ ball {x : |x_i| ≤ w_i}. It implements the plugin
// interfaces of @sparsekit/constraints, so every solver that needs an LMO or a projection accepts it.
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { propagateNonFinite, type ConstraintSet, type FeasibilityOptions } from '@sparsekit/constraints';

/**
 * The weighted L∞ ball with positive per-entry radii `weights` (the shape of the inputs).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * weightedLinfBall([1, 2]).project(tf.tensor([3, -3])).arraySync(); // => [1, -2]
 * ```
 */
export function weightedLinfBall(weights: readonly number[]): ConstraintSet {
  if (weights.length === 0 || weights.some((v) => !(v > 0) || !Number.isFinite(v))) {
    throw new SparsekitError({ argument: 'weights', value: weights, expected: 'finite weights > 0' });
  }
  const w = tf.keep(tf.tensor1d(weights as number[]));
  // NaN policy: no data read per call; a non-finite input gives a non-finite output
  const project = (x: tf.Tensor) => tf.tidy(() => propagateNonFinite(tf.minimum(tf.maximum(x, tf.neg(w)), w), x));
  const isFeasible = (x: tf.Tensor, { rtol = 1e-5, atol = 1e-6 }: FeasibilityOptions = {}) =>
    tf.tidy(() => tf.all(tf.lessEqual(tf.abs(x), tf.add(tf.mul(w, 1 + rtol), atol))).dataSync()[0] === 1);
  return {
    name: 'WeightedLinfBall',
    params: { weights },
    project,
    prox: (x) => project(x),
    // argmin ⟨g, s⟩ over the box: −w·sign(g), with sign(0) = +1 so the output is a vertex
    lmo: (g) => tf.tidy(() => propagateNonFinite(tf.where(tf.greaterEqual(g, 0), tf.neg(w), w), g)),
    value: (x) => tf.scalar(isFeasible(x) ? 0 : Infinity),
    isFeasible,
  };
}
