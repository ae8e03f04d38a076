/** The L2 (Euclidean) ball {x : ‖x‖₂ ≤ r}, over the whole tensor. */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet, HasHostLmo, HasComplexLmo, HasComplexProject, HasNormBall } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { lmoL2Host } from '../internal/host-lmo.js';
import { onRows, rows } from '../internal/flat.js';
import { lmoL2Rows, projectL2Rows, rowNorm2 } from '../internal/rows.js';

/**
 * The L2 ball: every set capability, real and complex.
 *
 * @example
 * ```ts
 * import { l2Ball, type L2Ball } from '@sparsekit/constraints';
 * const c: L2Ball = l2Ball(1);
 * ```
 */
export type L2Ball = ConstraintSet & HasComplexProject & HasComplexLmo & HasNormBall & HasHostLmo;

/** A complex pair of rows as one real row [re, im] (ℂⁿ ≅ ℝ²ⁿ for the L2 ball) and back. */
function asReal(re: tf.Tensor, im: tf.Tensor): tf.Tensor2D {
  return tf.concat([rows(re), rows(im)], 1) as tf.Tensor2D;
}
function fromReal(y: tf.Tensor2D, shape: readonly number[]): [tf.Tensor, tf.Tensor] {
  const n = y.shape[1] / 2;
  const [a, b] = tf.split(y, [n, n], 1);
  return [a.reshape(shape.slice()), b.reshape(shape.slice())];
}

export function l2BallSpec(radius: number): SetSpec {
  return {
    name: 'L2Ball',
    params: { radius },
    radius,
    norm: 2,
    project: onRows(projectL2Rows),
    lmo: onRows(lmoL2Rows),
    lmoHost: lmoL2Host,
    violation: (x, r) => ({ amount: tf.relu(tf.sub(rowNorm2(rows(x)), r)) as tf.Tensor1D, scale: r }),
    projectComplex: (re, im, r) => fromReal(projectL2Rows(asReal(re, im), r), re.shape),
    lmoComplex: (re, im, r) => fromReal(lmoL2Rows(asReal(re, im), r), re.shape),
  };
}

/**
 * The L2 ball of radius r. Projection x·min(1, r/‖x‖); LMO −r·g/‖g‖, and the vertex −r·e₀ for
 * a zero gradient (never NaN). Norms are computed scaled, so huge entries do not overflow.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l2Ball } from '@sparsekit/constraints';
 * l2Ball(1).project(tf.tensor([3, 4])).arraySync(); // => [0.6, 0.8]
 * l2Ball(1).lmo(tf.tensor([0, 0])).arraySync();     // => [-1, 0]
 * ```
 */
export function l2Ball(radius: number): L2Ball {
  requirePositiveFloat32('radius', radius);
  return makeSet(l2BallSpec(radius)) as unknown as L2Ball;
}
