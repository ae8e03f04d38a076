/**
 * Conversion to and from tfjs's native complex64 dtype, which only some backends implement
 * (cpu does; wasm has no Complex/Real/Imag kernels). Missing support is a Left, not a throw,
 * because it depends on the backend chosen at run time.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { SparsekitError } from '../errors.js';
import type { ComplexTensor } from './complex-tensor.js';

function missingKernel(kernels: readonly string[], what: string): SparsekitError | undefined {
  const backend = tf.getBackend();
  const missing = kernels.filter((k) => tf.getKernel(k, backend) === undefined);
  if (missing.length === 0) return undefined;
  return new SparsekitError({
    argument: 'backend',
    value: backend,
    code: 'unsupported',
    expected: `a backend with complex64 kernels to ${what} (missing: ${missing.join(', ')})`,
    hint: "Use useBackend('cpu') for complex64 interop, or stay with { re, im } pairs, which work everywhere",
  });
}

/**
 * Splits a complex64 tensor into a {@link ComplexTensor}. Left (code 'unsupported', naming the
 * backend) when the active backend has no Real/Imag kernels, e.g. wasm.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fromComplex64 } from '@sparsekit/tensor';
 * await tf.setBackend('cpu');
 * const z = fromComplex64(tf.complex([1, 2], [3, 4])); // Right({ re: [1, 2], im: [3, 4] })
 * ```
 */
export function fromComplex64(t: tf.Tensor): E.Either<SparsekitError, ComplexTensor> {
  if (!(t instanceof tf.Tensor) || t.dtype !== 'complex64') {
    throw new SparsekitError({ argument: 't', value: t, expected: 'a complex64 tensor' });
  }
  const error = missingKernel(['Real', 'Imag'], 'read complex64 tensors');
  return error ? E.left(error) : E.right({ re: tf.real(t), im: tf.imag(t) });
}

/**
 * Packs a {@link ComplexTensor} into a native complex64 tensor (for tf.spectral on cpu, say).
 * Left (code 'unsupported') when the backend has no Complex kernel, e.g. wasm.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { toComplex64 } from '@sparsekit/tensor';
 * await tf.setBackend('cpu');
 * const c = toComplex64({ re: tf.tensor([1]), im: tf.tensor([2]) }); // Right(complex64 [1 + 2i])
 * ```
 */
export function toComplex64(z: ComplexTensor): E.Either<SparsekitError, tf.Tensor> {
  const error = missingKernel(['Complex'], 'build complex64 tensors');
  return error ? E.left(error) : E.right(tf.complex(z.re, z.im));
}
