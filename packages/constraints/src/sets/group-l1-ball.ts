/** The group-L1 ball {x : Σ_G ‖x_G‖₂ ≤ r} for disjoint groups. */
import * as tf from '@tensorflow/tfjs';
import { requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { rows, safeRatio } from '../internal/flat.js';
import { col, projectNonnegL1 } from '../internal/rows.js';
import { topkMask } from '../internal/top-k-mask.js';
import { checkGroupSize, groupNorms, groupTable, spreadGroups, type GroupTable, type Groups } from '../internal/groups.js';

function lmoGroups(g: tf.Tensor2D, r: tf.Tensor1D, t: GroupTable): tf.Tensor2D {
  return tf.tidy(() => {
    const norms = groupNorms(g, t);
    const hot = topkMask(norms, 1);
    const mask = spreadGroups(hot, t);
    const top = tf.sum(tf.mul(hot, norms), 1);
    // zero gradient: −r·e at the first entry of group 0 (a vertex, never NaN)
    const first = tf.oneHot(tf.fill([g.shape[0]], t.members[0][0], 'int32') as tf.Tensor1D, t.n).toFloat();
    const dir = tf.where(
      col(tf.equal(top, 0) as unknown as tf.Tensor1D),
      first,
      tf.div(tf.mul(g, mask), col(tf.where(tf.equal(top, 0), tf.onesLike(top), top) as tf.Tensor1D)),
    );
    return tf.mul(dir, tf.neg(col(r))) as tf.Tensor2D;
  });
}

export function groupL1BallSpec(radius: number, t: GroupTable): SetSpec {
  return {
    name: 'GroupL1Ball',
    params: { radius, groups: t.count },
    radius,
    checkSlice: (shape) => checkGroupSize(t, shape),
    project: (x, r) =>
      tf.tidy(() => {
        // project the vector of group norms onto the L1 ball, then rescale each group
        const xr = rows(x);
        const norms = groupNorms(xr, t);
        const factor = safeRatio(projectNonnegL1(norms, r), norms, 0) as tf.Tensor2D;
        const inside = tf.lessEqual(tf.sum(norms, 1), r);
        return tf.where(col(inside as unknown as tf.Tensor1D), xr, tf.mul(xr, spreadGroups(factor, t))).reshape(x.shape);
      }),
    lmo: (g, r) => lmoGroups(rows(g), r, t).reshape(g.shape),
    violation: (x, r) => ({ amount: tf.relu(tf.sub(tf.sum(groupNorms(rows(x), t), 1), r)) as tf.Tensor1D, scale: r }),
  };
}

/**
 * The group-L1 (group lasso) ball: Σ_G ‖x_G‖₂ ≤ r over disjoint groups covering every entry
 * (index lists, or one group id per entry of the flattened input). Projection: L1-project the
 * group norms, rescale each group; LMO: −r·g_G/‖g_G‖ on the group of largest norm (first on
 * ties). Overlapping or non-covering groups throw SparsekitError naming `groups`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { groupL1Ball } from '@sparsekit/constraints';
 * const c = groupL1Ball(1, [[0, 1], [2]]);
 * c.lmo(tf.tensor([3, 4, 1])).arraySync(); // => [-0.6, -0.8, 0]
 * ```
 */
export function groupL1Ball(radius: number, groups: Groups): ConstraintSet {
  requirePositiveFloat32('radius', radius);
  return makeSet(groupL1BallSpec(radius, groupTable(groups))) as unknown as ConstraintSet;
}
