/**
 * Elementwise complex arithmetic on `{ re, im }` pairs, with tfjs broadcasting. Operands may be
 * real tensors (imaginary part zero), so mixed real/complex expressions need no conversion.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '../errors.js';
import { parts, type ComplexOrReal, type ComplexTensor } from './complex-tensor.js';

/** A complex scalar; a plain number is real. */
export type ComplexScalar = number | { readonly re: number; readonly im: number };

/** Imaginary part broadcast to `shape`, or zeros when the operand is real. */
function imOrZeros(im: tf.Tensor | null, shape: number[]): tf.Tensor {
  return im === null ? tf.zeros(shape) : tf.broadcastTo(im, shape);
}

function addOrSub(a: ComplexOrReal, b: ComplexOrReal, sign: 1 | -1): ComplexTensor {
  const pa = parts(a, 'a');
  const pb = parts(b, 'b');
  return tf.tidy(() => {
    const re = sign > 0 ? tf.add(pa.re, pb.re) : tf.sub(pa.re, pb.re);
    if (pa.im === null && pb.im === null) return { re, im: tf.zerosLike(re) };
    const ai = imOrZeros(pa.im, re.shape);
    const bi = imOrZeros(pb.im, re.shape);
    return { re, im: sign > 0 ? tf.add(ai, bi) : tf.sub(ai, bi) };
  });
}

/**
 * `a + b` elementwise (broadcasting); either operand may be real.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { complexAdd, fromInterleaved } from '@sparsekit/tensor';
 * const z = complexAdd(fromInterleaved([1, 2], [1]), tf.tensor([3])); // [4 + 2i]
 * ```
 */
export function complexAdd(a: ComplexOrReal, b: ComplexOrReal): ComplexTensor {
  return addOrSub(a, b, 1);
}

/**
 * `a − b` elementwise (broadcasting); either operand may be real.
 *
 * @example
 * ```ts
 * import { complexSub, fromInterleaved } from '@sparsekit/tensor';
 * const z = complexSub(fromInterleaved([1, 2], [1]), fromInterleaved([1, 1], [1])); // [0 + 1i]
 * ```
 */
export function complexSub(a: ComplexOrReal, b: ComplexOrReal): ComplexTensor {
  return addOrSub(a, b, -1);
}

/**
 * `a · b` elementwise (broadcasting): (ar·br − ai·bi) + i(ar·bi + ai·br).
 *
 * @example
 * ```ts
 * import { complexMul, fromInterleaved } from '@sparsekit/tensor';
 * const z = complexMul(fromInterleaved([0, 1], [1]), fromInterleaved([0, 1], [1])); // i·i = [−1 + 0i]
 * ```
 */
export function complexMul(a: ComplexOrReal, b: ComplexOrReal): ComplexTensor {
  const pa = parts(a, 'a');
  const pb = parts(b, 'b');
  return tf.tidy(() => {
    const rr = tf.mul(pa.re, pb.re);
    if (pa.im === null && pb.im === null) return { re: rr, im: tf.zerosLike(rr) };
    if (pa.im === null) return { re: rr, im: tf.mul(pa.re, pb.im!) };
    if (pb.im === null) return { re: rr, im: tf.mul(pa.im, pb.re) };
    return {
      re: tf.sub(rr, tf.mul(pa.im, pb.im)),
      im: tf.add(tf.mul(pa.re, pb.im), tf.mul(pa.im, pb.re)),
    };
  });
}

/**
 * Multiplies by a complex scalar `s` (a number is real).
 *
 * @example
 * ```ts
 * import { complexScale, fromInterleaved } from '@sparsekit/tensor';
 * const z = complexScale(fromInterleaved([1, 0], [1]), { re: 0, im: 2 }); // [0 + 2i]
 * ```
 */
export function complexScale(z: ComplexOrReal, s: ComplexScalar): ComplexTensor {
  const sr = typeof s === 'number' ? s : s?.re;
  const si = typeof s === 'number' ? 0 : s?.im;
  if (!Number.isFinite(sr) || !Number.isFinite(si)) {
    throw new SparsekitError({ argument: 's', value: s, expected: 'a finite number or { re, im } of finite numbers' });
  }
  const p = parts(z, 'z');
  return tf.tidy(() => {
    const im = p.im ?? tf.zerosLike(p.re);
    return {
      re: tf.sub(tf.mul(p.re, sr), tf.mul(im, si)),
      im: tf.add(tf.mul(p.re, si), tf.mul(im, sr)),
    };
  });
}

/**
 * Complex conjugate `re − i·im` (fresh tensors).
 *
 * @example
 * ```ts
 * import { conj, fromInterleaved } from '@sparsekit/tensor';
 * const z = conj(fromInterleaved([1, 2], [1])); // [1 − 2i]
 * ```
 */
export function conj(z: ComplexTensor): ComplexTensor {
  const p = parts(z, 'z');
  return tf.tidy(() => ({ re: tf.clone(p.re), im: p.im === null ? tf.zerosLike(p.re) : tf.neg(p.im) }));
}

/**
 * Elementwise modulus |z| = hypot(re, im), scaled by max(|re|, |im|) so that squares of large
 * float32 entries (above ~1.8e19) do not overflow.
 *
 * @example
 * ```ts
 * import { modulus, fromInterleaved } from '@sparsekit/tensor';
 * modulus(fromInterleaved([3, 4], [1])); // => [5]
 * ```
 */
export function modulus(z: ComplexOrReal): tf.Tensor {
  const p = parts(z, 'z');
  if (p.im === null) return tf.abs(p.re);
  const { re, im } = p;
  return tf.tidy(() => {
    const ar = tf.abs(re);
    const ai = tf.abs(im);
    const big = tf.maximum(ar, ai);
    const small = tf.minimum(ar, ai);
    const ratio = tf.divNoNan(small, big);
    return tf.mul(big, tf.sqrt(tf.add(1, tf.square(ratio))));
  });
}

/**
 * Frobenius norm sqrt(Σ |z|²) over all entries, as a scalar tensor; scaled by the largest
 * entry so float32 squares neither overflow nor underflow.
 *
 * @example
 * ```ts
 * import { frobeniusNorm, fromInterleaved } from '@sparsekit/tensor';
 * frobeniusNorm(fromInterleaved([3, 4, 0, 12], [2])); // => 13
 * ```
 */
export function frobeniusNorm(z: ComplexOrReal): tf.Scalar {
  const p = parts(z, 'z');
  return tf.tidy(() => {
    const ar = tf.abs(p.re);
    const ai = p.im === null ? null : tf.abs(p.im);
    const scale = ai === null ? tf.max(ar) : tf.maximum(tf.max(ar), tf.max(ai));
    const sr = tf.sum(tf.square(tf.divNoNan(ar, scale)));
    const sum = ai === null ? sr : tf.add(sr, tf.sum(tf.square(tf.divNoNan(ai, scale))));
    return tf.mul(scale, tf.sqrt(sum)) as tf.Scalar;
  });
}
