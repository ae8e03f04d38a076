/**
 * Moves an infeasible x0 into the constraint set before a Frank-Wolfe run, which only ever
 * moves along s − x and so would stay outside the set forever (and report a gap measured there).
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { solveError, type SolveError } from '../../types.js';

interface MaybeFeasibility {
  readonly project?: (x: tf.Tensor) => tf.Tensor;
  readonly value?: (x: tf.Tensor) => tf.Scalar | tf.Tensor;
}

/** Relative distance below which the projection is float32 round-off and x0 is kept as given. */
const KEEP = 1e-6;

/**
 * Takes ownership of `x`. With a projection: returns x when it is already in the set (up to
 * round-off), else its projection. Without one but with an indicator `value`: x when the value is
 * finite, else a Left naming x0. A constraint with neither cannot be checked and x is trusted.
 */
export function feasibleStart(set: object, x: tf.Tensor): E.Either<SolveError, tf.Tensor> {
  const constraint = set as MaybeFeasibility;
  if (typeof constraint.project === 'function') {
    const p = constraint.project(x);
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(p, x))).dataSync()[0] / Math.max(1, tf.max(tf.abs(x)).dataSync()[0]));
    if (moved <= KEEP) {
      p.dispose();
      return E.right(x);
    }
    x.dispose();
    return E.right(p);
  }
  if (typeof constraint.value === 'function') {
    const v = tf.tidy(() => Array.from(constraint.value!(x).dataSync()));
    if (v.every(Number.isFinite)) return E.right(x);
    x.dispose();
    const expected = 'a point of the constraint set (this constraint has no projection to move x0 into it)';
    return E.left(solveError('x0', v, expected, 'invalid_argument'));
  }
  return E.right(x);
}
