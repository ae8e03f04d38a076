/** The group-lasso penalty λ·Σ_G ‖x_G‖₂ over disjoint groups. */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { Penalty } from '../types.js';
import { makePenalty } from '../internal/penalty-spec.js';
import { rows, safeRatio } from '../internal/flat.js';
import { col } from '../internal/rows.js';
import { checkGroupSize, groupNorms, groupTable, spreadGroups, type Groups } from '../internal/groups.js';

/**
 * λ·Σ_G ‖x_G‖₂ (group lasso) over disjoint groups covering every entry (index lists or one id
 * per entry). prox of step·g: block soft thresholding x_G·max(0, 1 − λ·step/‖x_G‖).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { groupL1 } from '@sparsekit/constraints';
 * groupL1(1, [[0, 1], [2]]).prox(tf.tensor([3, 4, 0.5]), 1).arraySync(); // => [2.4, 3.2, 0]
 * ```
 */
export function groupL1(lambda: number, groups: Groups): Penalty {
  requireNonNegative('lambda', lambda);
  const t = groupTable(groups);
  return makePenalty({
    name: 'GroupL1',
    params: { lambda, groups: t.count },
    weight: lambda,
    checkSlice: (shape) => checkGroupSize(t, shape),
    prox: (x, step) =>
      tf.tidy(() => {
        const xr = rows(x);
        const norms = groupNorms(xr, t);
        const factor = tf.relu(tf.sub(1, safeRatio(col(step), norms, Infinity).minimum(1e30)));
        return tf.mul(xr, spreadGroups(factor as tf.Tensor2D, t)).reshape(x.shape);
      }),
    value: (x, w) => tf.tidy(() => tf.mul(w, tf.sum(groupNorms(rows(x), t), 1)) as tf.Tensor1D),
  }) as unknown as Penalty;
}
