/** Flattening [B, ...slice] to rows [B, n] and back, for norm balls that ignore slice structure. */
import * as tf from '@tensorflow/tfjs';
import { modulus as complexModulus } from '@sparsekit/tensor';
import type { Pair } from './set-spec.js';

export function rows(x: tf.Tensor): tf.Tensor2D {
  const b = x.shape[0];
  return x.reshape([b, b === 0 ? 0 : x.size / b]);
}

/** Lifts a row kernel to [B, ...slice] tensors. */
export function onRows(kernel: (x: tf.Tensor2D, r: tf.Tensor1D) => tf.Tensor2D) {
  return (x: tf.Tensor, r: tf.Tensor1D): tf.Tensor => tf.tidy(() => kernel(rows(x), r).reshape(x.shape));
}

/** Per-row modulus of a complex pair of rows (tensor's overflow-safe `modulus`). */
export function modulus(re: tf.Tensor2D, im: tf.Tensor2D): tf.Tensor2D {
  return complexModulus({ re, im }) as tf.Tensor2D;
}

/** Rescales both parts of a complex pair by a real factor of the same (row) shape. */
export function scalePair(re: tf.Tensor, im: tf.Tensor, factor: tf.Tensor, shape: readonly number[]): Pair {
  return [tf.mul(re, factor).reshape(shape.slice()), tf.mul(im, factor).reshape(shape.slice())];
}

/** factor = num/den where den > 0, else `fallback`. */
export function safeRatio(num: tf.Tensor, den: tf.Tensor, fallback: number): tf.Tensor {
  return tf.tidy(() => {
    const pos = tf.greater(den, 0);
    return tf.where(pos, tf.div(num, tf.where(pos, den, tf.onesLike(den))), tf.fill(den.shape, fallback));
  });
}
