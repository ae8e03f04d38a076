/** Argument checks shared by the constraint factories and their methods. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { ComplexTensor } from '@sparsekit/tensor';

/**
 * Throws a SparsekitError when `x` holds NaN or ±Infinity. Fast path: one sum, which is finite
 * exactly when every entry is (NaN and ±Infinity propagate), unless finite entries overflow;
 * only then an exact isFinite pass decides.
 */
export function assertFinite(argument: string, x: tf.Tensor): void {
  if (x.size === 0) return;
  const total = tf.tidy(() => tf.sum(x));
  const fast = Number.isFinite(total.dataSync()[0]);
  total.dispose();
  if (fast) return;
  const all = tf.tidy(() => tf.all(tf.isFinite(x)));
  const ok = all.dataSync()[0] === 1;
  all.dispose();
  if (!ok) {
    throw new SparsekitError({
      argument, value: x, code: 'non_finite', expected: 'finite entries (no NaN or Infinity)',
      hint: 'A projection or prox of non-finite values has no meaning; check the step size and the objective',
    });
  }
}

/** Checks that a complex pair has float parts of equal shape and finite values. */
export function assertComplex(argument: string, z: ComplexTensor): void {
  if (!z || !(z.re instanceof tf.Tensor) || !(z.im instanceof tf.Tensor)) {
    throw new SparsekitError({ argument, value: z, expected: 'a complex pair { re, im } of tensors' });
  }
  if (z.re.shape.join() !== z.im.shape.join()) {
    throw new SparsekitError({ argument: `${argument}.im`, value: z.im, code: 'shape_mismatch', expected: `shape [${z.re.shape.join(', ')}] like ${argument}.re` });
  }
  assertFinite(`${argument}.re`, z.re);
  assertFinite(`${argument}.im`, z.im);
}

/** A tensor argument: must be a tf.Tensor of a float dtype. */
export function assertTensor(argument: string, x: unknown): asserts x is tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new SparsekitError({ argument, value: x, expected: 'a tf.Tensor' });
  if (x.dtype !== 'float32') throw new SparsekitError({ argument, value: x, expected: 'a float32 tensor' });
}

/** A prox step: finite and > 0. */
export function assertStep(step: unknown): number {
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new SparsekitError({ argument: 'step', value: step, expected: 'a finite number > 0' });
  }
  return step;
}

