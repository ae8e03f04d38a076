/** Masks of the k largest magnitudes per row, lowest index on ties, in O(n) memory. */
import * as tf from '@tensorflow/tfjs';

/**
 * 1 at the k entries of largest |a| per row of a [B, n] tensor, 0 elsewhere. Ties at the k-th
 * magnitude go to the lowest indices (exact Hadamard recovery in FAμST depends on that).
 * Built from the k-th value and a cumulative count, not from one-hot rows (O(B·k·n)).
 */
export function topkMask(a: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, n] = a.shape;
    if (k >= n) return tf.ones([b, n]) as tf.Tensor2D;
    const kth = tf.topk(a, k, true).values.slice([0, k - 1], [b, 1]);
    const above = tf.greater(a, kth).toFloat();
    const equal = tf.equal(a, kth).toFloat();
    const need = tf.sub(k, tf.sum(above, 1, true));
    const takeEqual = tf.mul(equal, tf.lessEqual(tf.cumsum(equal, 1), need).toFloat());
    return tf.add(above, takeEqual) as tf.Tensor2D;
  });
}
