/** Argument checks shared by the constraint factories and their methods. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { ComplexTensor } from '@sparsekit/tensor';

/**
 * The NaN policy of the oracles: no data read, no throw; a slice (along axis 0 of the batched
 * inputs `xs`, all [B, ...]) holding NaN or ±Infinity makes the same slice of `out` NaN. The
 * solvers detect it where they already read numbers (objective, certificate) and stop with
 * status 'nonfinite'. 0·x is 0 for finite entries and NaN otherwise, so the per-slice sum of 0·x
 * cannot overflow, and adding it leaves finite outputs unchanged.
 */
export function propagateNonFinite(out: tf.Tensor, ...xs: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const b = out.shape[0];
    const flags = xs.map((x) => tf.sum(tf.mul(tf.reshape(x, [b, -1]), 0), 1));
    const poison = tf.reshape(flags.length === 1 ? flags[0] : tf.addN(flags), [b, ...out.shape.slice(1).map(() => 1)]);
    return tf.add(out, poison);
  });
}

/** Checks that a complex pair has float parts of equal shape. */
export function assertComplex(argument: string, z: ComplexTensor): void {
  if (!z || !(z.re instanceof tf.Tensor) || !(z.im instanceof tf.Tensor)) {
    throw new SparsekitError({ argument, value: z, expected: 'a complex pair { re, im } of tensors' });
  }
  if (z.re.shape.join() !== z.im.shape.join()) {
    throw new SparsekitError({ argument: `${argument}.im`, value: z.im, code: 'shape_mismatch', expected: `shape [${z.re.shape.join(', ')}] like ${argument}.re` });
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

