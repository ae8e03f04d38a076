/** The nuclear-norm ball {X : Σσ_i(X) ≤ r} of matrices. */
import * as tf from '@tensorflow/tfjs';
import { requirePositive } from '@sparsekit/tensor';
import type { ConstraintSet } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { mapSingularValues, projectSortedNonnegL1, singularValues, topPairExact } from '../internal/svd.js';
import { topPairPower } from '../internal/power-iteration.js';

/** Slices with at most this many entries get an exact float64 SVD for the LMO. */
const EXACT_LMO_MAX_ENTRIES = 4096;

function nuclearLmo(g: tf.Tensor, r: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => {
    const [batch, m, n] = g.shape;
    // scale each slice to max |g| = 1: the LMO is scale-invariant and huge entries stay finite
    const scale = tf.max(tf.abs(g.reshape([batch, -1])), 1);
    const zero = tf.equal(scale, 0);
    const gs = tf.div(g, tf.where(zero, tf.onesLike(scale), scale).reshape([batch, 1, 1])) as tf.Tensor3D;
    const { u, v } = m * n <= EXACT_LMO_MAX_ENTRIES ? topPairExact(gs) : topPairPower(gs, { maxIterations: 1000, tolerance: 2e-7 });
    const outer = tf.mul(u.reshape([batch, m, 1]), v.reshape([batch, 1, n]));
    // zero gradient: the vertex −r·e₀e₀ᵀ (never NaN)
    const corner = tf.oneHot(tf.zeros([batch], 'int32'), m * n).toFloat().reshape([batch, m, n]);
    const picked = tf.where(zero.reshape([batch, 1, 1]), corner, outer);
    return tf.mul(picked, tf.neg(r).reshape([batch, 1, 1]));
  });
}

export function nuclearBallSpec(radius: number): SetSpec {
  return {
    name: 'NuclearBall', params: { radius }, radius, sliceRank: 2,
    project: (x, r) => {
      const radii = r.dataSync();
      return mapSingularValues(x, (b, sigma) => projectSortedNonnegL1(sigma, radii[b]));
    },
    lmo: nuclearLmo,
    violation: (x, r) => {
      const norms = singularValues(x).map((s) => s.reduce((a, v) => a + v, 0));
      return { amount: tf.relu(tf.sub(tf.tensor1d(norms), r)) as tf.Tensor1D, scale: r };
    },
  };
}

/**
 * The nuclear-norm (trace-norm) ball of radius r, for matrices ([m, n]; batches of matrices
 * through `eachSlice`). LMO: −r·u₁v₁ᵀ from the top singular pair of the gradient (exact float64
 * SVD for small matrices, batched power iteration in tfjs above 4096 entries). Projection:
 * float64 SVD (ml-matrix), L1-ball projection of the singular values, rebuild.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { nuclearBall } from '@sparsekit/constraints';
 * nuclearBall(1).project(tf.tensor2d([[3, 0], [0, 1]])).arraySync(); // [[1, 0], [0, 0]]
 * nuclearBall(2).lmo(tf.tensor2d([[0, 0], [0, 5]])).arraySync();     // [[0, 0], [0, -2]]
 * ```
 */
export function nuclearBall(radius: number): ConstraintSet {
  requirePositive('radius', radius);
  return makeSet(nuclearBallSpec(radius)) as unknown as ConstraintSet;
}
