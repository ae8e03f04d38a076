/** Real-or-complex matrix values used by PALM4MSA (the BlockValue of @sparsekit/solvers/palm). */
import * as tf from '@tensorflow/tfjs';
import { disposeComplex, isComplexTensor, spectralNorm, type ComplexTensor } from '@sparsekit/tensor';
import type { BlockValue } from '@sparsekit/solvers/palm';

export type { BlockValue };

export const isComplex = (v: BlockValue): v is ComplexTensor => isComplexTensor(v);

export function disposeValue(v: BlockValue | null | undefined): void {
  if (v === null || v === undefined) return;
  if (isComplex(v)) disposeComplex(v);
  else v.dispose();
}

export function cloneValue(v: BlockValue): BlockValue {
  return isComplex(v) ? { re: tf.clone(v.re), im: tf.clone(v.im) } : tf.clone(v);
}

/** ‖M‖₂ (Lanczos in float64 from @sparsekit/tensor; the complex case through its real embedding). */
export function spectralNormOf(m: BlockValue): number {
  const s = spectralNorm(m);
  const value = s.dataSync()[0];
  s.dispose();
  return value;
}

/** Σ|v|² as a number. */
export function squaredNorm(v: BlockValue): number {
  return tf.tidy(() => (isComplex(v) ? tf.add(tf.sum(tf.square(v.re)), tf.sum(tf.square(v.im))) : tf.sum(tf.square(v))).dataSync()[0]);
}
