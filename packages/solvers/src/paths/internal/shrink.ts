/**
 * Shrinkage operators of the Bregman iterations: entrywise soft-thresholding at 1, and group
 * shrinkage z_g·max(0, 1 − 1/‖z_g‖). Groups of rows are summed through a padded gather rather
 * than `unsortedSegmentSum`, because the latter has no wasm kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/** Soft-thresholding at `lambda`: sign(z)·max(|z| − λ, 0). */
export function softShrink(z: tf.Tensor, lambda = 1): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sign(z), tf.relu(tf.sub(tf.abs(z), lambda))));
}

/** Row groups prepared for shrinkage: which rows form each group, as gather indices. */
export interface RowGroups {
  /** [G, m] row indices, padded with `rows` (an appended zero). */
  readonly padded: tf.Tensor2D;
  /** [rows] group number of each row. */
  readonly groupOf: tf.Tensor1D;
  /** Group labels in sorted order (the order of `padded`). */
  readonly labels: readonly number[];
  readonly rows: number;
  /** Host copy of the rows of each group (same order as `labels`). */
  readonly members: readonly (readonly number[])[];
  dispose(): void;
}

/**
 * Builds the gather tables for group labels `index` (one per row; any numbers, groups are the
 * distinct values in ascending order, as R's `table(index)`).
 */
export function rowGroups(argument: string, index: readonly number[], rows: number): RowGroups {
  if (index.length !== rows || index.some((v) => !Number.isFinite(v))) {
    throw new SparsekitError({ argument, value: index, expected: `${rows} finite group labels (one per variable)` });
  }
  const labels = [...new Set(index)].sort((a, b) => a - b);
  const slot = new Map(labels.map((l, g) => [l, g]));
  const members: number[][] = labels.map(() => []);
  index.forEach((l, r) => members[slot.get(l)!].push(r));
  const width = Math.max(...members.map((m) => m.length));
  const flat = new Int32Array(labels.length * width).fill(rows);
  members.forEach((m, g) =>
    m.forEach((r, k) => {
      flat[g * width + k] = r;
    }),
  );
  const padded = tf.tensor2d(flat, [labels.length, width], 'int32');
  const groupOf = tf.tensor1d(
    index.map((l) => slot.get(l)!),
    'int32',
  );
  return {
    padded,
    groupOf,
    labels,
    rows,
    members,
    dispose: () => {
      padded.dispose();
      groupOf.dispose();
    },
  };
}

/** Euclidean norm of each group of rows of z ([rows] or [rows, K]) → [G]. */
export function groupNorms(z: tf.Tensor, groups: RowGroups): tf.Tensor1D {
  return tf.tidy(() => {
    const sq = z.rank === 1 ? tf.square(z) : tf.sum(tf.square(z), 1);
    const withPad = tf.concat([sq, tf.zeros([1])]);
    return tf.sqrt(tf.sum(tf.gather(withPad, groups.padded), 1)) as tf.Tensor1D;
  });
}

/** Group shrinkage at 1 of the rows of z ([rows] or [rows, K]). */
export function groupShrink(z: tf.Tensor, groups: RowGroups): tf.Tensor {
  return tf.tidy(() => {
    const norms = groupNorms(z, groups);
    // 1 − 1/0 = −∞ and relu(−∞) = 0, so all-zero groups stay zero without a special case.
    const factor = tf.relu(tf.sub(1, tf.div(1, norms)));
    const perRow = tf.gather(factor, groups.groupOf);
    return tf.mul(z, z.rank === 1 ? perRow : tf.expandDims(perRow, 1));
  });
}

/**
 * Fraction w ∈ [0, 1] of the segment a + w·(b − a) at which the (group) magnitude first exceeds 1,
 * given host copies of z before (a) and after (b) one step, both [rows, K] row-major. Rows whose
 * group stays at or below 1 along the segment get NaN. The magnitude is a convex function of w, so
 * the crossing is the single root of |a + w·d| = 1 (entrywise) or ‖a_g + w·d_g‖ = 1 (groups).
 */
export function crossingFractions(a: ArrayLike<number>, b: ArrayLike<number>, k: number, groups?: RowGroups): Float64Array {
  const rows = a.length / k;
  const out = new Float64Array(rows).fill(NaN);
  if (!groups) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < k; c++) {
        const i = r * k + c;
        const d = b[i] - a[i];
        if (Math.abs(b[i]) <= 1 || d === 0) continue;
        const w = Math.min(1, Math.max(0, (Math.sign(d) - a[i]) / d));
        if (!(out[r] <= w)) out[r] = w;
      }
    }
    return out;
  }
  for (const rs of groups.members) {
    let ad = 0,
      dd = 0,
      aa = 0,
      bb = 0;
    for (const r of rs)
      for (let c = 0; c < k; c++) {
        const i = r * k + c;
        const d = b[i] - a[i];
        ad += a[i] * d;
        dd += d * d;
        aa += a[i] * a[i];
        bb += b[i] * b[i];
      }
    if (bb <= 1 || dd === 0) continue;
    const w = Math.min(1, Math.max(0, (-ad + Math.sqrt(Math.max(ad * ad - dd * (aa - 1), 0))) / dd));
    for (const r of rs) out[r] = w;
  }
  return out;
}
