/** The L1 ball {x : ‖x‖₁ ≤ r}, over the whole tensor (a matrix is one vector, not rows). */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet, HasHostLmo, HasComplexLmo, HasComplexProject, HasAtoms, HasNormBall } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { lmoL1Host } from '../internal/host-lmo.js';
import { modulus, onRows, rows, safeRatio, scalePair } from '../internal/flat.js';
import { col, lmoL1Rows, projectL1Rows, projectNonnegL1 } from '../internal/rows.js';
import { topkMask } from '../internal/top-k-mask.js';

/**
 * The L1 ball: every set capability, real and complex.
 *
 * @example
 * ```ts
 * import { l1Ball, type L1Ball } from '@sparsekit/constraints';
 * const c: L1Ball = l1Ball(1);
 * ```
 */
export type L1Ball = ConstraintSet & HasComplexProject & HasComplexLmo & HasNormBall & HasHostLmo & HasAtoms;

/** Batched spec of the L1 ball (shared with rowL1Ball and eachSlice). */
export function l1BallSpec(radius: number, name = 'L1Ball'): SetSpec {
  return {
    name,
    params: { radius },
    radius,
    norm: 1,
    atoms: 'l1Ball',
    project: onRows(projectL1Rows),
    projectPropagatesNonFinite: true,
    lmo: onRows(lmoL1Rows),
    lmoHost: lmoL1Host,
    violation: (x, r) => ({ amount: tf.relu(tf.sub(tf.sum(tf.abs(rows(x)), 1), r)) as tf.Tensor1D, scale: r }),
    projectComplex: (re, im, r) => {
      // Project the moduli, keep the phases: selection by modulus (the complex L1 norm).
      const m = modulus(rows(re), rows(im));
      const factor = safeRatio(projectNonnegL1(m, r), m, 0);
      return scalePair(rows(re), rows(im), factor, re.shape);
    },
    lmoComplex: (re, im, r) => {
      const m = modulus(rows(re), rows(im));
      const hot = topkMask(m, 1);
      const [ui, vi, mi] = [rows(re), rows(im), m].map((t) => tf.sum(tf.mul(hot, t), 1));
      // −r·g_i/|g_i| at the largest modulus; a zero gradient gives the vertex −r·e_0
      const zero = tf.equal(mi, 0);
      const safe = tf.where(zero, tf.onesLike(mi), mi);
      const unitRe = tf.where(zero, tf.onesLike(mi), tf.div(ui, safe));
      const unitIm = tf.where(zero, tf.zerosLike(mi), tf.div(vi, safe));
      const coef = (u: tf.Tensor) => col(tf.mul(tf.neg(r), u) as tf.Tensor1D);
      return [tf.mul(hot, coef(unitRe)).reshape(re.shape), tf.mul(hot, coef(unitIm)).reshape(im.shape)];
    },
  };
}

/**
 * The L1 ball of radius r. Projection: exact, by Condat's expected-linear-time threshold search
 * in float64 on host-memory backends (cpu, wasm), by a vectorized top-k / Newton threshold
 * search in tfjs ops elsewhere; LMO: −r·sign(g_i)·e_i at the
 * first largest |g_i| (exactly one vertex on ties). Complex inputs project their moduli.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1Ball } from '@sparsekit/constraints';
 * const c = l1Ball(1);
 * c.project(tf.tensor([2, -1, 0])).arraySync(); // => [1, 0, 0]
 * c.lmo(tf.tensor([1, -3, 3])).arraySync();      // [0, 1, 0]  (tie: lowest index)
 * ```
 */
export function l1Ball(radius: number): L1Ball {
  requirePositiveFloat32('radius', radius);
  return makeSet(l1BallSpec(radius)) as unknown as L1Ball;
}
