/**
 * Orthogonal projection onto matrices that are constant on fixed groups of entries (diagonals,
 * anti-diagonals, wrapped diagonals): every entry becomes the mean of its group. Vectorized
 * without segment sums (wasm has no UnsortedSegmentSum): the group members are gathered into a
 * [groups, largest group] table padded with a zero sentinel, summed per row, divided by the
 * counts, and gathered back. The index tables are plain arrays cached per input shape.
 */
import * as tf from '@tensorflow/tfjs';

/** Group tables of one input shape. */
export interface Groups {
  readonly shape: [number, number];
  readonly numGroups: number;
  readonly width: number;
  /** [numGroups·width] flat entry indices, padded with m·n (the zero sentinel). */
  readonly members: Int32Array;
  /** Group of every flat (row-major) entry. */
  readonly groupOf: Int32Array;
  readonly counts: Float32Array;
}

/** Builds the tables from a group function (i, j) ↦ g ∈ [0, numGroups). */
export function buildGroups(shape: [number, number], numGroups: number, groupAt: (i: number, j: number) => number): Groups {
  const [m, n] = shape;
  const groupOf = new Int32Array(m * n);
  const counts = new Float32Array(numGroups);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const g = groupAt(i, j);
      groupOf[i * n + j] = g;
      counts[g] += 1;
    }
  }
  const width = counts.reduce((a, b) => Math.max(a, b), 0);
  const members = new Int32Array(numGroups * width).fill(m * n);
  const fill = new Int32Array(numGroups);
  for (let e = 0; e < m * n; e++) {
    const g = groupOf[e];
    members[g * width + fill[g]++] = e;
  }
  return { shape, numGroups, width, members, groupOf, counts };
}

/** A tiny per-shape cache (index tables only, no tensors, so nothing to dispose). */
export function groupCache(make: (shape: [number, number]) => Groups): (shape: [number, number]) => Groups {
  const cache = new Map<string, Groups>();
  return (shape) => {
    const key = shape.join('x');
    let g = cache.get(key);
    if (!g) {
      if (cache.size >= 16) cache.clear();
      g = make(shape);
      cache.set(key, g);
    }
    return g;
  };
}

/** Replaces every entry of `x` by the mean of its group. */
export function groupMean(x: tf.Tensor3D, groups: Groups): tf.Tensor3D {
  return tf.tidy(() => {
    const b = x.shape[0];
    // a zero column at flat index m·n is the padding sentinel of `members`
    const flat = tf.concat([tf.reshape(x, [b, -1]), tf.zeros([b, 1])], 1);
    const table = tf.gather(flat, tf.tensor2d(groups.members, [groups.numGroups, groups.width], 'int32'), 1);
    const means = tf.div(tf.sum(table, 2), tf.tensor1d(groups.counts));
    return tf.reshape(tf.gather(means, tf.tensor1d(groups.groupOf, 'int32'), 1), [b, ...groups.shape]) as tf.Tensor3D;
  });
}
