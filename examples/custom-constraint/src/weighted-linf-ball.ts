// A third-party constraint: the weighted L∞ ball {x : |x_i| ≤ w_i}. It implements the plugin
// interfaces of @sparsekit/constraints, so every solver that needs an LMO or a projection accepts it.
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireFinite } from '@sparsekit/tensor';
import type { ConstraintSet, FeasibilityOptions } from '@sparsekit/constraints';

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
  const checked = (name: string, x: tf.Tensor) => {
    requireFinite(name, x);
    return x;
  };
  const project = (x: tf.Tensor) => tf.tidy(() => tf.minimum(tf.maximum(checked('x', x), tf.neg(w)), w));
  const isFeasible = (x: tf.Tensor, { rtol = 1e-5, atol = 1e-6 }: FeasibilityOptions = {}) =>
    tf.tidy(() => tf.all(tf.lessEqual(tf.abs(x), tf.add(tf.mul(w, 1 + rtol), atol))).dataSync()[0] === 1);
  return {
    name: 'WeightedLinfBall', params: { weights },
    project,
    prox: (x) => project(x),
    // argmin ⟨g, s⟩ over the box: −w·sign(g), with sign(0) = +1 so the output is a vertex
    lmo: (g) => tf.tidy(() => tf.where(tf.greaterEqual(checked('grad', g), 0), tf.neg(w), w)),
    value: (x) => tf.scalar(isFeasible(checked('x', x)) ? 0 : Infinity),
    isFeasible,
  };
}
