/** Transposes of (batched) complex matrices: the last two axes are the matrix axes. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '../errors.js';
import { parts, type ComplexOrReal, type ComplexTensor } from './complex-tensor.js';

function matrixPerm(rank: number, argument: string, value: unknown): number[] {
  if (rank < 2)
    throw new SparsekitError({
      argument,
      value,
      code: 'shape_mismatch',
      expected: 'a tensor of rank >= 2 (a matrix or a batch of matrices)',
    });
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return perm;
}

/**
 * Transpose of the last two axes, without conjugation (batched: `[..., m, n] → [..., n, m]`).
 *
 * @example
 * ```ts
 * import { complexTranspose, fromInterleaved } from '@sparsekit/tensor';
 * const t = complexTranspose(fromInterleaved([1, 1, 2, 0], [1, 2])); // shape [2, 1]
 * ```
 */
export function complexTranspose(z: ComplexOrReal): ComplexTensor {
  const p = parts(z, 'z');
  const perm = matrixPerm(p.re.rank, 'z', p.re);
  return tf.tidy(() => ({
    re: tf.transpose(p.re, perm),
    im: p.im === null ? tf.zeros(perm.map((i) => p.re.shape[i])) : tf.transpose(p.im, perm),
  }));
}

/**
 * Conjugate (Hermitian) transpose A^H of the last two axes (batched).
 *
 * @example
 * ```ts
 * import { conjTranspose, fromInterleaved } from '@sparsekit/tensor';
 * const h = conjTranspose(fromInterleaved([1, 2, 3, 4], [1, 2])); // [[1 − 2i], [3 − 4i]]
 * ```
 */
export function conjTranspose(z: ComplexOrReal): ComplexTensor {
  const p = parts(z, 'z');
  const perm = matrixPerm(p.re.rank, 'z', p.re);
  return tf.tidy(() => ({
    re: tf.transpose(p.re, perm),
    im: p.im === null ? tf.zeros(perm.map((i) => p.re.shape[i])) : tf.neg(tf.transpose(p.im, perm)),
  }));
}
