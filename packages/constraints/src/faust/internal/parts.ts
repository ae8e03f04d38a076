/**
 * Real and complex matrices share one code path: a matrix is handled as its "parts", `[re]` for
 * a real tensor and `[re, im]` for a complex one. Selections act on the modulus and are applied
 * to every part, linear maps act on each part, norms sum over parts.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/**
 * Structural complex matrix `{ re, im }` (the `ComplexTensor` of `@sparsekit/tensor`): two
 * float32 tensors of the same shape.
 */
export interface ComplexLike {
  readonly re: tf.Tensor;
  readonly im: tf.Tensor;
}

/** A real tensor or a complex `{ re, im }` pair. */
export type MatrixInput = tf.Tensor | ComplexLike;

/** True when `x` is a `{ re, im }` pair rather than a plain tensor. */
export function isComplexLike(x: unknown): x is ComplexLike {
  return typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && 're' in x && 'im' in x;
}

/**
 * Checks that `x` is a finite rank-2 real tensor or `{ re, im }` pair of equal shapes and returns
 * its parts (not copies). One scalar read-back detects NaN or ±Infinity: `x − x` is 0 exactly
 * when `x` is finite.
 */
export function toParts(x: MatrixInput, argument = 'x'): tf.Tensor2D[] {
  const parts = isComplexLike(x) ? [x.re, x.im] : [x];
  for (const p of parts) {
    if (!(p instanceof tf.Tensor)) {
      throw new SparsekitError({ argument, value: p, expected: 'a tf.Tensor or a { re, im } pair of tensors' });
    }
    if (p.rank !== 2) {
      throw new SparsekitError({ argument, value: p, code: 'shape_mismatch', expected: 'a matrix (rank-2 tensor)' });
    }
  }
  if (parts.length === 2 && !tf.util.arraysEqual(parts[0].shape, parts[1].shape)) {
    throw new SparsekitError({
      argument: `${argument}.im`, value: parts[1], code: 'shape_mismatch',
      expected: `the shape of ${argument}.re [${parts[0].shape.join(', ')}]`,
    });
  }
  requireFiniteParts(argument, parts);
  return parts as tf.Tensor2D[];
}

function requireFiniteParts(argument: string, parts: tf.Tensor[]): void {
  const probe = tf.tidy(() => tf.addN(parts.map((p) => tf.sum(tf.sub(p, p)))));
  const value = probe.dataSync()[0];
  probe.dispose();
  if (!Number.isFinite(value)) {
    throw new SparsekitError({ argument, value: parts[0], code: 'non_finite', expected: 'finite entries (found NaN or Infinity)' });
  }
}

/** Rebuilds a real tensor or a `{ re, im }` pair from parts (inverse of {@link toParts}). */
export function fromParts(parts: tf.Tensor[], complex: boolean): MatrixInput {
  return complex ? { re: parts[0], im: parts[1] } : parts[0];
}

/**
 * Entrywise modulus |x| (real) or |re + i·im| (complex), computed as a·√(1 + (b/a)²) with
 * a = max(|re|, |im|) so that huge or tiny entries neither overflow nor underflow in float32.
 */
export function modulus(parts: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    if (parts.length === 1) return tf.abs(parts[0]);
    const a = tf.abs(parts[0]);
    const b = tf.abs(parts[1]);
    const hi = tf.maximum(a, b);
    const lo = tf.minimum(a, b);
    const r = tf.divNoNan(lo, hi);
    return tf.mul(hi, tf.sqrt(tf.add(1, tf.square(r))));
  });
}

/**
 * Frobenius norm over all parts, overflow-safe: ‖x‖ = m·‖x/m‖ with m = max |entry|. Returns a
 * scalar, exactly 0 for an all-zero input.
 */
export function frobeniusNorm(parts: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const m = tf.max(tf.stack(parts.map((p) => tf.max(tf.abs(p)))));
    const ss = tf.addN(parts.map((p) => tf.sum(tf.square(tf.divNoNan(p, m)))));
    return tf.mul(m, tf.sqrt(ss)) as tf.Scalar;
  });
}

/**
 * pyfaust `normalized`: divide by the Frobenius norm. An all-zero result stays all-zero (no
 * NaN): every point of the unit sphere is then equally near, and zero signals "no signal".
 */
export function normalizeParts(parts: tf.Tensor[]): tf.Tensor[] {
  return tf.tidy(() => {
    const norm = frobeniusNorm(parts);
    return parts.map((p) => tf.divNoNan(p, norm));
  });
}

/** pyfaust `pos`: negative entries become 0. Ignored for complex input, as in pyfaust. */
export function positivePart(parts: tf.Tensor[]): tf.Tensor[] {
  return parts.length === 1 ? [tf.relu(parts[0])] : parts.map((p) => tf.clone(p));
}

/** Keeps the parts where `mask` is true and zeroes the rest. */
export function maskParts(parts: tf.Tensor[], mask: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => parts.map((p) => tf.where(mask, p, tf.zerosLike(p))));
}
