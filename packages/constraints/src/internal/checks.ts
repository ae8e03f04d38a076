/** Argument checks shared by the constraint factories and their methods. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
export { propagateNonFinite } from '../helpers/propagate-non-finite.js';
import type { ComplexTensor } from '@sparsekit/tensor';

/** Checks that a complex pair has float parts of equal shape. */
export function assertComplex(argument: string, z: ComplexTensor): void {
  if (!z || !(z.re instanceof tf.Tensor) || !(z.im instanceof tf.Tensor)) {
    throw new SparsekitError({ argument, value: z, expected: 'a complex pair { re, im } of tensors' });
  }
  if (z.re.shape.join() !== z.im.shape.join()) {
    throw new SparsekitError({
      argument: `${argument}.im`,
      value: z.im,
      code: 'shape_mismatch',
      expected: `shape [${z.re.shape.join(', ')}] like ${argument}.re`,
    });
  }
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
