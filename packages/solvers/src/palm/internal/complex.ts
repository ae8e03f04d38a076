/**
 * Complex matrix helpers on `{ re, im }` pairs of float32 tensors, built from real kernels so
 * they run on every backend (wasm has no complex kernels). Private to PALM; the public complex
 * API lives in @sparsekit/tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { spectralNorm } from '@sparsekit/tensor';

/** A complex tensor as a pair of real tensors of the same shape. */
export interface Complex {
  readonly re: tf.Tensor;
  readonly im: tf.Tensor;
}

/** A block value: a real tensor or a complex pair. */
export type BlockValue = tf.Tensor | Complex;

export function isComplex(v: BlockValue): v is Complex {
  return !(v instanceof tf.Tensor) && typeof v === 'object' && v !== null && 're' in v && 'im' in v;
}

/** (a + ib)(c + id) for matrices. */
export function cmatmul(a: Complex, b: Complex): Complex {
  return tf.tidy(() => {
    const re = tf.sub(tf.matMul(a.re as tf.Tensor2D, b.re as tf.Tensor2D), tf.matMul(a.im as tf.Tensor2D, b.im as tf.Tensor2D));
    const im = tf.add(tf.matMul(a.re as tf.Tensor2D, b.im as tf.Tensor2D), tf.matMul(a.im as tf.Tensor2D, b.re as tf.Tensor2D));
    return { re, im };
  });
}

/** Conjugate transpose. */
export function cconjT(a: Complex): Complex {
  return tf.tidy(() => ({ re: tf.transpose(a.re), im: tf.neg(tf.transpose(a.im)) }));
}

/** tf.tidy for functions returning a block (Complex has no index signature, so wrap it). */
export function tidyBlock<T extends BlockValue>(fn: () => T): T {
  return tf.tidy(() => {
    const b = fn();
    return (isComplex(b) ? { re: b.re, im: b.im } : b) as tf.TensorContainer;
  }) as unknown as T;
}

export function disposeBlock(v: BlockValue | undefined): void {
  if (v === undefined) return;
  if (isComplex(v)) tf.dispose([v.re, v.im]);
  else v.dispose();
}

export function cloneBlock(v: BlockValue): BlockValue {
  return isComplex(v) ? { re: tf.clone(v.re), im: tf.clone(v.im) } : tf.clone(v);
}

export function keepBlock(v: BlockValue): BlockValue {
  if (isComplex(v)) { tf.keep(v.re); tf.keep(v.im); } else tf.keep(v);
  return v;
}

/** x − s·g, for real or complex blocks of the same kind. */
export function axpy(x: BlockValue, s: number, g: BlockValue): BlockValue {
  return tf.tidy(() => {
    if (isComplex(x)) {
      const gc = g as Complex;
      return { re: tf.sub(x.re, tf.mul(gc.re, s)), im: tf.sub(x.im, tf.mul(gc.im, s)) };
    }
    return tf.sub(x, tf.mul(g as tf.Tensor, s));
  });
}

/** Σ |v|² (sum over re and im). */
export function squaredNorm(v: BlockValue): number {
  return tf.tidy(() => (isComplex(v) ? tf.add(tf.sum(tf.square(v.re)), tf.sum(tf.square(v.im))) : tf.sum(tf.square(v))).dataSync()[0]);
}

/** ‖M‖₂ of a real or complex matrix (Lanczos, from @sparsekit/tensor). */
export function spectralNormBlock(m: BlockValue): number {
  const s = spectralNorm(m);
  const value = s.dataSync()[0];
  s.dispose();
  return value;
}
