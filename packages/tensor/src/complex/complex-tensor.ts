/**
 * Complex tensors as pairs of float32 tensors. tfjs's complex64 dtype exists only on some
 * backends (wasm has no complex kernels, and even cpu cannot matMul complex64), so sparsekit
 * keeps the real and imaginary parts apart and builds complex algebra from real kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '../errors.js';
import { requireSameShape } from '../validate.js';

/**
 * A complex tensor: `re + i·im`, both float32 with the same shape. The caller owns both.
 * A type alias (not an interface) so it is a `tf.TensorContainer`: `tf.tidy(() => z)` keeps it.
 */
export type ComplexTensor<R extends tf.Rank = tf.Rank> = {
  readonly re: tf.Tensor<R>;
  readonly im: tf.Tensor<R>;
};

/** Either operand of complex arithmetic: a complex pair or a real tensor (imaginary part 0). */
export type ComplexOrReal = ComplexTensor | tf.Tensor;

/**
 * Pairs two float32 tensors of the same shape into a {@link ComplexTensor} (no copy).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { complexTensor } from '@sparsekit/tensor';
 * const z = complexTensor(tf.tensor([1, 2]), tf.tensor([0, -1])); // [1, 2 − i]
 * ```
 */
export function complexTensor<R extends tf.Rank>(re: tf.Tensor<R>, im: tf.Tensor<R>): ComplexTensor<R> {
  if (!(re instanceof tf.Tensor)) throw new SparsekitError({ argument: 're', value: re, expected: 'a tensor' });
  if (!(im instanceof tf.Tensor)) throw new SparsekitError({ argument: 'im', value: im, expected: 'a tensor' });
  requireSameShape('im', im.shape, re.shape);
  for (const [name, t] of [
    ['re', re],
    ['im', im],
  ] as const) {
    if (t.dtype !== 'float32') throw new SparsekitError({ argument: name, value: t, expected: 'a float32 tensor' });
  }
  return { re, im };
}

/**
 * True for `{ re, im }` pairs of tensors (a plain real tensor is not complex).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isComplexTensor } from '@sparsekit/tensor';
 * isComplexTensor(tf.zeros([2])); // => false
 * ```
 */
export function isComplexTensor(x: unknown): x is ComplexTensor {
  return (
    typeof x === 'object' &&
    x !== null &&
    !(x instanceof tf.Tensor) &&
    (x as ComplexTensor).re instanceof tf.Tensor &&
    (x as ComplexTensor).im instanceof tf.Tensor
  );
}

/**
 * Disposes both parts of a complex tensor.
 *
 * @example
 * ```ts
 * import { dftMatrix, disposeComplex } from '@sparsekit/tensor';
 * const f = dftMatrix(4);
 * disposeComplex(f);
 * ```
 */
export function disposeComplex(z: ComplexTensor): void {
  z.re.dispose();
  z.im.dispose();
}

/**
 * Builds a complex tensor from interleaved values `[re0, im0, re1, im1, ...]` (numpy's
 * complex memory layout) and a shape.
 *
 * @example
 * ```ts
 * import { fromInterleaved } from '@sparsekit/tensor';
 * const z = fromInterleaved([1, 2, 3, -4], [2]); // [1 + 2i, 3 − 4i]
 * ```
 */
export function fromInterleaved(data: ArrayLike<number>, shape: readonly number[]): ComplexTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data === null || typeof data !== 'object' || data.length !== 2 * size) {
    throw new SparsekitError({
      argument: 'data',
      value: data,
      code: 'shape_mismatch',
      expected: `${2 * size} interleaved values for shape [${shape.join(', ')}]`,
    });
  }
  const re = new Float32Array(size);
  const im = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    re[i] = data[2 * i];
    im[i] = data[2 * i + 1];
  }
  return { re: tf.tensor(re, [...shape], 'float32'), im: tf.tensor(im, [...shape], 'float32') };
}

/**
 * Reads a complex tensor into interleaved values `[re0, im0, re1, im1, ...]` (synchronous read).
 *
 * @example
 * ```ts
 * import { fromInterleaved, toInterleaved } from '@sparsekit/tensor';
 * toInterleaved(fromInterleaved([1, 2], [1])); // Float32Array [1, 2]
 * ```
 */
export function toInterleaved(z: ComplexTensor): Float32Array {
  const re = z.re.dataSync();
  const im = z.im.dataSync();
  const out = new Float32Array(2 * re.length);
  for (let i = 0; i < re.length; i++) {
    out[2 * i] = re[i];
    out[2 * i + 1] = im[i];
  }
  return out;
}

/** Views a real tensor or complex pair as parts, `im: null` for real (internal, not re-exported). */
export function parts(x: ComplexOrReal, argument: string): { re: tf.Tensor; im: tf.Tensor | null } {
  if (x instanceof tf.Tensor) return { re: x, im: null };
  if (isComplexTensor(x)) return { re: x.re, im: x.im };
  throw new SparsekitError({ argument, value: x, expected: 'a tensor or a { re, im } complex tensor' });
}
