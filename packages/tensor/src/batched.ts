/**
 * Batched helpers: a tensor of shape [B, ...] is B independent slices along axis 0. Constraints
 * and solvers use these for per-example norms, dots, steps and sort-based projections, so a
 * batch is handled with a few whole-tensor ops instead of a JS loop over slices.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from './errors.js';
import { requireInteger, requireRank } from './validate.js';

/** Norm orders accepted by {@link sliceNorm}. */
export type SliceNormOrder = 1 | 2 | 'inf';

/** Reductions accepted by {@link reduceAllButFirst}. */
export type SliceReduction = 'sum' | 'max' | 'min' | 'mean';

/**
 * Reshapes [B, ...] to [B, n] (n = product of the other dims; rank-1 input gives [B, 1]).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { flattenSlices } from '@sparsekit/tensor';
 * flattenSlices(tf.zeros([2, 3, 4])).shape; // => [2, 12]
 * ```
 */
export function flattenSlices(x: tf.Tensor): tf.Tensor2D {
  if (x.rank < 1)
    throw new SparsekitError({ argument: 'x', value: x, code: 'shape_mismatch', expected: 'a tensor of rank >= 1 (axis 0 is the batch)' });
  const batch = x.shape[0];
  return x.reshape([batch, batch === 0 ? 0 : x.size / batch]);
}

/**
 * Reduces every axis but axis 0: [B, ...] → [B].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { reduceAllButFirst } from '@sparsekit/tensor';
 * reduceAllButFirst(tf.tensor2d([[1, 2], [3, 4]]), 'sum').arraySync(); // => [3, 7]
 * ```
 */
export function reduceAllButFirst(x: tf.Tensor, op: SliceReduction): tf.Tensor1D {
  return tf.tidy(() => {
    const flat = flattenSlices(x);
    switch (op) {
      case 'sum':
        return flat.sum(1);
      case 'max':
        return flat.max(1);
      case 'min':
        return flat.min(1);
      case 'mean':
        return flat.mean(1);
      default:
        throw new SparsekitError({ argument: 'op', value: op, expected: "'sum', 'max', 'min' or 'mean'" });
    }
  });
}

/**
 * Per-slice inner product ⟨a_b, b_b⟩: [B, ...] × [B, ...] → [B].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { sliceDot } from '@sparsekit/tensor';
 * sliceDot(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1, 1], [0, 1]])).arraySync(); // => [3, 4]
 * ```
 */
export function sliceDot(a: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
  if (a.shape.join() !== b.shape.join()) {
    throw new SparsekitError({ argument: 'b', value: b, code: 'shape_mismatch', expected: `shape [${a.shape.join(', ')}] like a` });
  }
  return tf.tidy(() => reduceAllButFirst(tf.mul(a, b), 'sum'));
}

/**
 * Per-slice norm (L1, L2 or L∞) over all axes but 0: [B, ...] → [B].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { sliceNorm } from '@sparsekit/tensor';
 * sliceNorm(tf.tensor2d([[3, -4], [1, 0]]), 2).arraySync(); // => [5, 1]
 * ```
 */
export function sliceNorm(x: tf.Tensor, ord: SliceNormOrder): tf.Tensor1D {
  return tf.tidy(() => {
    switch (ord) {
      case 1:
        return reduceAllButFirst(tf.abs(x), 'sum');
      case 2:
        return tf.sqrt(reduceAllButFirst(tf.square(x), 'sum'));
      case 'inf':
        return reduceAllButFirst(tf.abs(x), 'max');
      default:
        throw new SparsekitError({ argument: 'ord', value: ord, expected: "1, 2 or 'inf'" });
    }
  });
}

/**
 * Reshapes a per-slice vector [B] to [B, 1, ..., 1] of the given rank, so it broadcasts
 * against a [B, ...] tensor (per-example steps, radii, scalings).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { perSlice } from '@sparsekit/tensor';
 * perSlice(tf.tensor1d([1, 2]), 3).shape; // => [2, 1, 1]
 * ```
 */
export function perSlice(v: tf.Tensor, rank: number): tf.Tensor {
  requireRank('v', v, 1);
  requireInteger('rank', rank, 1);
  return v.reshape([v.shape[0], ...new Array<number>(rank - 1).fill(1)]);
}

/**
 * The k entries of largest magnitude in each row of a [B, n] tensor, largest first; among equal
 * magnitudes the lowest index comes first (tf.topk is stable on cpu and wasm; tests pin it).
 * Returns the signed values, their magnitudes and their column indices, each [B, k].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { topkByMagnitude } from '@sparsekit/tensor';
 * const { indices, values } = topkByMagnitude(tf.tensor2d([[1, -3, 3, 2]]), 2);
 * indices.arraySync(); // [[1, 2]]  (tie at |3|: index 1 first)
 * values.arraySync();  // => [[-3, 3]]
 * ```
 */
export function topkByMagnitude(x: tf.Tensor, k: number): { values: tf.Tensor2D; magnitudes: tf.Tensor2D; indices: tf.Tensor2D } {
  requireRank('x', x, 2);
  requireInteger('k', k, 0, x.shape[1]);
  return tf.tidy(() => {
    const { values: magnitudes, indices } = tf.topk(tf.abs(x), k, true);
    const values = gatherPerRow(x as tf.Tensor2D, indices as tf.Tensor2D);
    return { values, magnitudes: magnitudes as tf.Tensor2D, indices: indices as tf.Tensor2D };
  });
}

/**
 * Row-wise gather: out[b, j] = x[b, indices[b, j]]. Goes through flat indices because
 * `tf.gather(x, indices, 1, 1)` (batchDims = 1) reads wrong entries on the wasm backend of
 * tfjs 4.22 (the batched.test.ts multi-row case catches it).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { gatherPerRow } from '@sparsekit/tensor';
 * gatherPerRow(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [0]], undefined, 'int32')).arraySync(); // => [[2], [3]]
 * ```
 */
export function gatherPerRow(x: tf.Tensor2D, indices: tf.Tensor2D): tf.Tensor2D {
  requireRank('x', x, 2);
  requireRank('indices', indices, 2);
  return tf.tidy(() => {
    const [batch, n] = x.shape;
    const offsets = tf.range(0, batch * n, n, 'int32').reshape([batch, 1]);
    const flat = tf.add(indices.toInt(), offsets).reshape([-1]);
    return tf.gather(x.reshape([-1]), flat).reshape(indices.shape) as tf.Tensor2D;
  });
}

/**
 * Sorts each row of a [B, n] tensor in descending order (ties keep their original order).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { sortDescending } from '@sparsekit/tensor';
 * sortDescending(tf.tensor2d([[2, 9, 4]])).arraySync(); // => [[9, 4, 2]]
 * ```
 */
export function sortDescending(x: tf.Tensor): tf.Tensor2D {
  requireRank('x', x, 2);
  return tf.tidy(() => tf.topk(x, x.shape[1], true).values as tf.Tensor2D);
}

/**
 * Per-row threshold τ of the Euclidean projection of a non-negative [B, n] tensor u onto the
 * simplex {x ≥ 0, Σx = r}: the projection is max(u − τ, 0). Uses the sort-based identity
 * τ = max_k (Σ_{i≤k} u_(i) − r) / k over the descending sort (Held et al. 1974; Condat 2016),
 * which needs no search for the support size. `radius` is a scalar or a [B] tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { simplexThreshold } from '@sparsekit/tensor';
 * simplexThreshold(tf.tensor2d([[3, 1, 0]]), 1).arraySync(); // [2]  → projection [1, 0, 0]
 * ```
 */
export function simplexThreshold(u: tf.Tensor, radius: number | tf.Tensor): tf.Tensor1D {
  requireRank('u', u, 2);
  return tf.tidy(() => {
    const [batch, n] = u.shape as [number, number];
    const sorted = sortDescending(u);
    const cumulative = tf.cumsum(sorted, 1);
    const r = typeof radius === 'number' ? tf.scalar(radius) : perSlice(radius, 2);
    const counts = tf.range(1, n + 1).reshape([1, n]);
    const candidates = tf.div(tf.sub(cumulative, r), counts);
    return candidates.max(1).reshape([batch]) as tf.Tensor1D;
  });
}
