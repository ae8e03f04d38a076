/**
 * Gradients that read a layer's variables instead of copies the tape saved.
 *
 * On wasm the tape's saved copy of a tensor is a full copy of its data (0.9 MB per step for a
 * 784×300 kernel); on cpu it is a second reference to the same array, which costs nothing. So only
 * on wasm do the gated kernels hand their gradient the variables themselves. That is exact as long
 * as a variable keeps the value it had in the forward pass until the backward pass has read it,
 * which every training loop here guarantees (all gradients are computed before any update). A loss
 * function that assigns a variable between its forward pass and the gradient (weight noise,
 * perturb-and-restore) would change what the gradient reads: the dataId recorded at the forward
 * pass turns that into an error instead of a silently wrong gradient.
 */
import { SparsekitError } from '@sparsekit/tensor';
import * as tf from '@tensorflow/tfjs';

/** Whether the gradient should read `tensors` from their variables (wasm, all of them variables). */
export function readVariablesInGradient(tensors: readonly tf.Tensor[]): tensors is tf.Variable[] {
  return tf.getBackend() === 'wasm' && tensors.every((t) => t instanceof tf.Variable);
}

/** The variables and the dataIds they hold at the forward pass. */
export interface VariableReads {
  readonly variables: readonly tf.Variable[];
  readonly dataIds: readonly object[];
}

export function recordReads(variables: readonly tf.Variable[]): VariableReads {
  return { variables, dataIds: variables.map((v) => v.dataId) };
}

/** The variables, after checking that none was assigned since the forward pass. */
export function readUnchanged({ variables, dataIds }: VariableReads): tf.Variable[] {
  variables.forEach((v, i) => {
    if (v.dataId !== dataIds[i]) {
      throw new SparsekitError({
        argument: v.name,
        value: 'a new value',
        expected: 'the value of its forward pass until the gradient is computed (assign layer variables only after the backward pass)',
      });
    }
  });
  return [...variables];
}
