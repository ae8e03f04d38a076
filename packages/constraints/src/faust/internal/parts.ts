/**
 * Real and complex matrices share one code path: a matrix is handled as its "parts", `[re]` for
 * a real tensor and `[re, im]` for a complex one. Selections act on the modulus and are applied
 * to every part, linear maps act on each part, norms sum over parts.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, isComplexTensor, frobeniusNorm as complexFrobeniusNorm, modulus as complexModulus, type ComplexTensor } from '@sparsekit/tensor';

/** A real tensor or a complex `{ re, im }` pair. */
export type MatrixInput = tf.Tensor | ComplexTensor;

/** Parts as the `@sparsekit/tensor` value they stand for (real tensor or complex pair). */
const asValue = (parts: tf.Tensor[]): tf.Tensor | ComplexTensor => (parts.length === 1 ? parts[0] : { re: parts[0], im: parts[1] });

/**
 * Checks that `x` is a finite rank-2 real tensor or `{ re, im }` pair of equal shapes and returns
 * its parts (not copies). One scalar read-back detects NaN or ±Infinity: `x − x` is 0 exactly
 * when `x` is finite.
 */
export function toParts(x: MatrixInput, argument = 'x'): tf.Tensor2D[] {
  const candidates: unknown[] = isComplexTensor(x) ? [x.re, x.im] : [x];
  const parts = candidates.map((p) => {
    if (!(p instanceof tf.Tensor)) throw new SparsekitError({ argument, value: p, expected: 'a tf.Tensor or a { re, im } pair of tensors' });
    return p;
  });
  for (const p of parts) {
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

/** Entrywise modulus |x| (real) or |re + i·im| (complex), overflow-safe (tensor's `modulus`). */
export function modulus(parts: tf.Tensor[]): tf.Tensor {
  return complexModulus(asValue(parts));
}

/** Frobenius norm over all parts, overflow-safe; exactly 0 for an all-zero input. */
export function frobeniusNorm(parts: tf.Tensor[]): tf.Scalar {
  return complexFrobeniusNorm(asValue(parts));
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
