/** Matrices whose every row lies in an L1 ball: ‖A‖∞ = max_i Σ_j |A_ij| ≤ κ. */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { lmoL1Rows, projectL1Rows } from '../internal/rows.js';

/** Runs a row kernel on [B, m, n] with the slice radius repeated for each of the m rows. */
function perMatrixRow(kernel: (x: tf.Tensor2D, r: tf.Tensor1D) => tf.Tensor2D) {
  return (x: tf.Tensor, r: tf.Tensor1D): tf.Tensor =>
    tf.tidy(() => {
      const [b, m, n] = x.shape;
      const rr = tf.tile(r.reshape([b, 1]), [1, m]).reshape([b * m]) as tf.Tensor1D;
      return kernel(x.reshape([b * m, n]), rr).reshape(x.shape);
    });
}

export function rowL1BallSpec(radius: number): SetSpec {
  return {
    name: 'RowL1Ball',
    params: { radius },
    radius,
    sliceRank: 2,
    project: perMatrixRow(projectL1Rows),
    lmo: perMatrixRow(lmoL1Rows),
    violation: (x, r) =>
      tf.tidy(() => {
        const rowSums = tf.sum(tf.abs(x), 2);
        return { amount: tf.relu(tf.sub(tf.max(rowSums, 1), r)) as tf.Tensor1D, scale: r };
      }),
  };
}

/**
 * Matrices with every row in the L1 ball of radius κ (the induced ∞-norm ‖A‖∞ ≤ κ, which makes
 * implicit models well posed). Rows are projected and LMO'd independently, in one batched call.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { rowL1Ball } from '@sparsekit/constraints';
 * rowL1Ball(1).project(tf.tensor2d([[2, 0], [0.5, 0.25]])).arraySync(); // => [[1, 0], [0.5, 0.25]]
 * ```
 */
export function rowL1Ball(radius: number): ConstraintSet {
  requirePositiveFloat32('radius', radius);
  return makeSet(rowL1BallSpec(radius)) as unknown as ConstraintSet;
}
