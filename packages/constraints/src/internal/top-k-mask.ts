/**
 * Top-k selections: the one place of this package that decides "the k largest, lowest index
 * first among ties" (kSparse, the FAμST projectors, LMO vertices, normalized fallbacks). Exact
 * Hadamard recovery in FAμST depends on that rule (reference/faust.md §5).
 *
 * The selection is `topkByMagnitude` of @sparsekit/tensor (tf.topk, which keeps the lowest
 * index first among equal values on cpu and wasm: pinned by tensor's tests and by
 * top-k-mask.test.ts here, also for rows of 10⁵ entries). The mask is scattered from the k
 * indices per row, so it costs O(B·k) beyond the topk itself: no one-hot rows (O(B·k·n)) and
 * no broadcasting comparison kernels, which are about 10× slower than arithmetic on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { topkByMagnitude } from '@sparsekit/tensor';

/** 1 at the given column indices of each row ([B, k] int32), 0 elsewhere: float32 [B, n]. */
function maskFromIndices(indices: tf.Tensor2D, n: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, k] = indices.shape;
    const offsets = tf.range(0, b * n, n, 'int32').reshape([b, 1]);
    const flat = tf.add(tf.cast(indices, 'int32'), offsets).reshape([b * k, 1]);
    return tf.scatterND(flat, tf.ones([b * k]), [b * n]).reshape([b, n]) as tf.Tensor2D;
  });
}

/**
 * Float32 mask [B, n] with 1 at the k entries of largest |x| in each row (lowest column index
 * first among equal magnitudes), 0 elsewhere. Requires 1 ≤ k; k ≥ n selects everything.
 */
export function topkMask(x: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[1];
    if (k >= n) return tf.ones(x.shape) as tf.Tensor2D;
    return maskFromIndices(topkByMagnitude(x, k).indices, n);
  });
}

/**
 * One-hot [B, n] (float32) at the largest signed value of each row, lowest index on ties.
 * `score` may hold −Infinity for entries that must not be chosen.
 */
export function argmaxMask(score: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => maskFromIndices(tf.topk(score, 1, true).indices as tf.Tensor2D, score.shape[1]));
}

/** Bool mask of the k largest magnitudes of every row of each [m, n] slice of [B, m, n] (lowest column first). */
export function topkRowMask(mag: tf.Tensor3D, k: number): tf.Tensor3D {
  return tf.tidy(() => tf.cast(topkMask(tf.reshape(mag, [-1, mag.shape[2]]) as tf.Tensor2D, k), 'bool').reshape(mag.shape) as tf.Tensor3D);
}

/** Bool mask of the k largest magnitudes of each whole [m, n] slice (row-major index order on ties). */
export function topkGlobalMask(mag: tf.Tensor3D, k: number): tf.Tensor3D {
  return tf.tidy(() => tf.cast(topkMask(tf.reshape(mag, [mag.shape[0], -1]) as tf.Tensor2D, k), 'bool').reshape(mag.shape) as tf.Tensor3D);
}

/** Bool mask of the k largest magnitudes of every column of each slice (lowest row index first among ties). */
export function topkColumnMask(mag: tf.Tensor3D, k: number): tf.Tensor3D {
  return tf.tidy(() => tf.transpose(topkRowMask(tf.transpose(mag, [0, 2, 1]) as tf.Tensor3D, k), [0, 2, 1]) as tf.Tensor3D);
}
