/**
 * PALM's block values: a real tensor or a complex `{ re, im }` pair from @sparsekit/tensor.
 * Complex algebra comes from @sparsekit/tensor; what stays here is the bookkeeping PALM needs
 * on either kind of block (dispatch, clone, keep, dispose, the step x − s·g).
 */
import * as tf from '@tensorflow/tfjs';
import {
  complexScale,
  complexSub,
  disposeComplex,
  frobeniusNorm,
  isComplexTensor,
  spectralNorm,
  type ComplexTensor,
} from '@sparsekit/tensor';

/** A block value: a real tensor or a complex pair. */
export type BlockValue = tf.Tensor | ComplexTensor;

export function isComplex(v: BlockValue): v is ComplexTensor {
  return isComplexTensor(v);
}

export function disposeBlock(v: BlockValue | undefined): void {
  if (v === undefined) return;
  if (isComplex(v)) disposeComplex(v);
  else v.dispose();
}

export function cloneBlock(v: BlockValue): BlockValue {
  return isComplex(v) ? { re: tf.clone(v.re), im: tf.clone(v.im) } : tf.clone(v);
}

export function keepBlock(v: BlockValue): BlockValue {
  if (isComplex(v)) {
    tf.keep(v.re);
    tf.keep(v.im);
  } else tf.keep(v);
  return v;
}

/** x − s·g, for real or complex blocks of the same kind (a real block stays real). */
export function axpy(x: BlockValue, s: number, g: BlockValue): BlockValue {
  return tf.tidy(() => (isComplex(x) ? complexSub(x, complexScale(g, s)) : tf.sub(x, tf.mul(g as tf.Tensor, s))));
}

/** Frobenius norm sqrt(Σ |v|²) of a real or complex block (tensor's overflow-safe scaling). */
export function blockNorm(v: BlockValue): number {
  const n = frobeniusNorm(v);
  const value = n.dataSync()[0];
  n.dispose();
  return value;
}

/** ‖M‖₂ of a real or complex matrix (Lanczos, from @sparsekit/tensor). */
export function spectralNormBlock(m: BlockValue): number {
  const s = spectralNorm(m);
  const value = s.dataSync()[0];
  s.dispose();
  return value;
}
