/** The L∞ ball {x : max|x_i| ≤ r}, over the whole tensor. */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet, HasHostLmo, HasComplexLmo, HasComplexProject, HasNormBall } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { lmoLinfHost } from '../internal/host-lmo.js';
import { modulus, onRows, rows, safeRatio, scalePair } from '../internal/flat.js';
import { col, lmoLinfRows, projectLinfRows } from '../internal/rows.js';

/**
 * The L∞ ball: every set capability, real and complex.
 *
 * @example
 * ```ts
 * import { linfBall, type LinfBall } from '@sparsekit/constraints';
 * const c: LinfBall = linfBall(1);
 * ```
 */
export type LinfBall = ConstraintSet & HasComplexProject & HasComplexLmo & HasNormBall & HasHostLmo;

export function linfBallSpec(radius: number): SetSpec {
  return {
    name: 'LinfBall',
    params: { radius },
    radius,
    norm: 'inf',
    project: onRows(projectLinfRows),
    lmo: onRows(lmoLinfRows),
    lmoHost: lmoLinfHost,
    violation: (x, r) => ({ amount: tf.relu(tf.sub(tf.max(tf.abs(rows(x)), 1), r)) as tf.Tensor1D, scale: r }),
    projectComplex: (re, im, r) => {
      // clip every modulus at r, keeping the phase
      const m = modulus(rows(re), rows(im));
      const factor = tf.minimum(safeRatio(col(r), m, 1), 1);
      return scalePair(rows(re), rows(im), factor, re.shape);
    },
    lmoComplex: (re, im, r) => {
      // −r·g/|g| entrywise; zero entries take −r (a vertex, like sign(0) = +1 in the real case)
      const m = modulus(rows(re), rows(im));
      const zero = tf.equal(m, 0);
      const safe = tf.where(zero, tf.onesLike(m), m);
      const unitRe = tf.where(zero, tf.onesLike(m), tf.div(rows(re), safe));
      const unitIm = tf.where(zero, tf.zerosLike(m), tf.div(rows(im), safe));
      const minusR = tf.neg(col(r));
      return [tf.mul(unitRe, minusR).reshape(re.shape), tf.mul(unitIm, minusR).reshape(im.shape)];
    },
  };
}

/**
 * The L∞ ball (box [−r, r]ⁿ). Projection: clip; LMO: −r·sign(g) with sign(0) = +1, so the
 * output is always a vertex. Complex inputs clip the modulus and keep the phase.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linfBall } from '@sparsekit/constraints';
 * linfBall(1).project(tf.tensor([2, -0.5])).arraySync(); // => [1, -0.5]
 * linfBall(1).lmo(tf.tensor([2, -1, 0])).arraySync();   // => [-1, 1, -1]
 * ```
 */
export function linfBall(radius: number): LinfBall {
  requirePositiveFloat32('radius', radius);
  return makeSet(linfBallSpec(radius)) as unknown as LinfBall;
}
