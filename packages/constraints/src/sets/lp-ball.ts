/** The Lp ball {x : ‖x‖_p ≤ r} for 1 ≤ p ≤ ∞. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { onRows, rows } from '../internal/flat.js';
import { col } from '../internal/rows.js';
import { projectLpHost } from '../internal/lp-projection.js';
import { l1BallSpec } from './l1-ball.js';
import { l2BallSpec } from './l2-ball.js';
import { linfBallSpec } from './linf-ball.js';

/** ‖x‖_p per row, computed on x/max|x| so that large p and large entries do not overflow. */
function rowNormP(x: tf.Tensor2D, p: number): tf.Tensor1D {
  return tf.tidy(() => {
    const m = tf.max(tf.abs(x), 1);
    const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
    const t = tf.div(tf.abs(x), col(safe as tf.Tensor1D));
    return tf.mul(m, tf.pow(tf.sum(tf.pow(t, p), 1), 1 / p)) as tf.Tensor1D;
  });
}

/** LMO: −r·sign(g)·|g|^{q−1}/‖g‖_q^{q−1} with 1/p + 1/q = 1 (Hölder equality); zero g → −r·e₀. */
function lmoLpRows(p: number) {
  const q = p / (p - 1);
  return (g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D =>
    tf.tidy(() => {
      const m = tf.max(tf.abs(g), 1);
      const zero = tf.equal(m, 0);
      const t = tf.div(tf.abs(g), col(tf.where(zero, tf.onesLike(m), m) as tf.Tensor1D));
      const powered = tf.pow(t, q - 1);
      const denom = tf.pow(tf.sum(tf.pow(t, q), 1), (q - 1) / q);
      const dir = tf.mul(tf.sign(g), tf.div(powered, col(tf.where(zero, tf.onesLike(denom), denom) as tf.Tensor1D)));
      const e0 = tf.oneHot(tf.zeros([g.shape[0]], 'int32'), g.shape[1]).toFloat();
      return tf.mul(tf.where(col(zero as unknown as tf.Tensor1D), e0, dir), tf.neg(col(r))) as tf.Tensor2D;
    });
}

function lpBallSpec(p: number, radius: number): SetSpec {
  const params = { p, radius };
  if (p === 1) return { ...l1BallSpec(radius), name: 'LpBall', params };
  if (p === 2) return { ...l2BallSpec(radius), name: 'LpBall', params };
  if (p === Infinity) return { ...linfBallSpec(radius), name: 'LpBall', params };
  return {
    name: 'LpBall',
    params,
    radius,
    project: (x, r) => projectLpHost(x, r, p),
    lmo: onRows(lmoLpRows(p)),
    violation: (x, r) => ({ amount: tf.relu(tf.sub(rowNormP(rows(x), p), r)) as tf.Tensor1D, scale: r }),
  };
}

/**
 * The Lp ball of radius r, 1 ≤ p ≤ ∞. p = 1, 2, ∞ use the exact L1/L2/L∞ kernels. Otherwise the
 * LMO is closed-form (Hölder) and vectorized, and the projection is numerical: in float64 on
 * the host, per slice, the KKT system y_i + λ·p·y_i^{p−1} = |x_i|, Σy_i^p = r^p is solved by
 * bisection on λ around an inner bisection on each y_i (about 1e-12 relative accuracy, then
 * rounded to float32).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { lpBall } from '@sparsekit/constraints';
 * lpBall(3, 1).lmo(tf.tensor([1, 0])).arraySync(); // => [-1, 0]
 * ```
 */
export function lpBall(p: number, radius: number): ConstraintSet {
  if (typeof p !== 'number' || Number.isNaN(p) || p < 1)
    throw new SparsekitError({ argument: 'p', value: p, expected: 'a number in [1, Infinity]' });
  requirePositiveFloat32('radius', radius);
  return makeSet(lpBallSpec(p, radius)) as unknown as ConstraintSet;
}
