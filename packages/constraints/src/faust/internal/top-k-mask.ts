/**
 * Deterministic top-k selection masks. `tf.topk` does not document its order among equal values
 * and backends differ, so only its *values* are used (the k-th largest value is the same whatever
 * the tie order) and ties are resolved here explicitly: every entry strictly above the k-th value
 * is kept, then entries equal to it are kept in increasing index order until k are selected.
 * Exact Hadamard recovery by PALM depends on this lowest-index rule (reference/faust.md §5).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Boolean mask [r, c] selecting, in every row of `mag` (non-negative, finite), the k largest
 * entries, lowest column index first among ties. Requires 1 ≤ k ≤ c.
 */
export function topkRowMask(mag: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    const cols = mag.shape[1];
    if (k >= cols) return tf.onesLike(mag).cast('bool') as tf.Tensor2D;
    const { values } = tf.topk(mag, k, true);
    const kth = tf.slice(values, [0, k - 1], [-1, 1]);
    const above = tf.greater(mag, kth);
    const tied = tf.equal(mag, kth);
    // Counts stay far below 2^24, so float32 sums and prefix sums are exact.
    const nAbove = tf.sum(tf.cast(above, 'float32'), 1, true);
    const tieRank = tf.cumsum(tf.cast(tied, 'float32'), 1);
    const keepTied = tf.logicalAnd(tied, tf.lessEqual(tieRank, tf.sub(k, nAbove)));
    return tf.logicalOr(above, keepTied) as tf.Tensor2D;
  });
}

/** Mask of the k largest entries of the whole matrix (row-major index order on ties). */
export function topkGlobalMask(mag: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => tf.reshape(topkRowMask(tf.reshape(mag, [1, -1]) as tf.Tensor2D, k), mag.shape) as tf.Tensor2D);
}

/** Mask of the k largest entries of every column (lowest row index first among ties). */
export function topkColumnMask(mag: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => tf.transpose(topkRowMask(tf.transpose(mag) as tf.Tensor2D, k)) as tf.Tensor2D);
}
