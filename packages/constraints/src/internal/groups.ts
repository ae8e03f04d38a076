/**
 * Disjoint groups of entries (of the flattened slice) as padded index tables, so group norms and
 * per-group scalings are two gathers: no segment-sum kernel (wasm has none) and no JS loop.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/**
 * Disjoint groups: index lists, or one group id per entry (ids 0..G−1).
 *
 * @example
 * ```ts
 * import { groupL1Ball, type Groups } from '@sparsekit/constraints';
 * const g: Groups = [0, 0, 1];
 * groupL1Ball(1, g);
 * ```
 */
export type Groups = readonly (readonly number[])[] | readonly number[] | tf.Tensor;

export interface GroupTable {
  readonly n: number;
  readonly count: number;
  /** [G, S] entry indices, padded with n (an appended zero column). */
  readonly members: number[][];
  /** [n] group of each entry. */
  readonly groupOf: number[];
}

function fromIds(ids: readonly number[]): number[][] {
  const lists: number[][] = [];
  ids.forEach((g, i) => {
    if (!Number.isInteger(g) || g < 0)
      throw new SparsekitError({ argument: 'groups', value: g, expected: `non-negative integer group ids (entry ${i})` });
    (lists[g] ??= []).push(i);
  });
  lists.forEach((l, g) => {
    if (!l)
      throw new SparsekitError({
        argument: 'groups',
        value: `no entry in group ${g}`,
        expected: 'consecutive group ids 0..G−1, each used',
      });
  });
  for (let g = 0; g < lists.length; g++)
    if (!lists[g])
      throw new SparsekitError({
        argument: 'groups',
        value: `no entry in group ${g}`,
        expected: 'consecutive group ids 0..G−1, each used',
      });
  return lists;
}

/** Validates groups: disjoint, covering 0..n−1, non-empty. */
export function groupTable(groups: Groups): GroupTable {
  let lists: number[][];
  if (groups instanceof tf.Tensor) lists = fromIds(Array.from(groups.dataSync()));
  else if (!Array.isArray(groups) || groups.length === 0)
    throw new SparsekitError({ argument: 'groups', value: groups, expected: 'a non-empty array of index lists or of group ids' });
  else if (Array.isArray(groups[0])) lists = (groups as number[][]).map((g) => [...g]);
  else lists = fromIds(groups as number[]);
  const n = lists.reduce((a, g) => a + g.length, 0);
  const groupOf = new Array<number>(n).fill(-1);
  lists.forEach((g, gi) => {
    if (g.length === 0) throw new SparsekitError({ argument: 'groups', value: `group ${gi} is empty`, expected: 'non-empty groups' });
    for (const i of g) {
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new SparsekitError({ argument: 'groups', value: i, expected: `indices covering 0..${n - 1} exactly once (group ${gi})` });
      if (groupOf[i] !== -1)
        throw new SparsekitError({
          argument: 'groups',
          value: i,
          expected: `disjoint groups (index ${i} is in groups ${groupOf[i]} and ${gi})`,
        });
      groupOf[i] = gi;
    }
  });
  const width = Math.max(...lists.map((g) => g.length));
  const members = lists.map((g) => [...g, ...new Array<number>(width - g.length).fill(n)]);
  return { n, count: lists.length, members, groupOf };
}

/** [B, n] → [B, G, S] (padding entries are 0). */
export function gatherGroups(x: tf.Tensor2D, t: GroupTable): tf.Tensor3D {
  return tf.tidy(() => {
    const padded = tf.concat([x, tf.zeros([x.shape[0], 1])], 1);
    const idx = tf.tensor1d(t.members.flat(), 'int32');
    return tf.gather(padded, idx, 1).reshape([x.shape[0], t.count, t.members[0].length]) as tf.Tensor3D;
  });
}

/** Per-group L2 norms [B, G], scaled by the row maximum so huge entries do not overflow. */
export function groupNorms(x: tf.Tensor2D, t: GroupTable): tf.Tensor2D {
  return tf.tidy(() => {
    const m = tf.max(tf.abs(x), 1, true);
    const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
    const g = gatherGroups(tf.div(x, safe) as tf.Tensor2D, t);
    return tf.mul(tf.sqrt(tf.sum(tf.square(g), 2)), safe) as tf.Tensor2D;
  });
}

/** Spreads per-group values [B, G] back to entries [B, n]. */
export function spreadGroups(v: tf.Tensor2D, t: GroupTable): tf.Tensor2D {
  return tf.tidy(() => tf.gather(v, tf.tensor1d(t.groupOf, 'int32'), 1) as tf.Tensor2D);
}

export function checkGroupSize(t: GroupTable, shape: readonly number[]): void {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== t.n)
    throw new SparsekitError({
      argument: 'x',
      value: `a slice of ${n} entries`,
      code: 'shape_mismatch',
      expected: `${t.n} entries, as covered by the groups`,
    });
}
