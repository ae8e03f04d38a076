/**
 * One gradient-tape node with a written-out gradient.
 *
 * `tf.customGrad` also records one node, but it asks for every input's gradient at once and keeps
 * the forward pass's inputs and output as saved clones. A fused step (a layer chain's loss, a
 * softmax cross-entropy) wants the engine's own node instead: the tape asks input by input, so a
 * gradient nobody needs (a first layer's input, integer labels) is never computed, and only what
 * the gradient reads is saved. tfjs exposes that node only through its engine's `runKernelFunc`, a
 * method outside its public API, so this op is the one place that calls it (tfjs is pinned and the
 * op is tested against `tf.grads`).
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from './errors.js';

/** Arguments of {@link tapeNode}. */
export interface TapeNodeArgs<T extends tf.Tensor> {
  /** The tensors the result depends on; their names key the gradients. */
  readonly inputs: tf.NamedTensorMap;
  /**
   * The value, run with the tape paused. Tensors passed to `save` (cloned by the engine) are handed
   * to `gradients` later; intermediates not saved are disposed with the forward pass.
   */
  readonly forward: (save: (tensors: tf.Tensor[]) => void) => T;
  /**
   * One function per input name returning ∂(dy·result)/∂input. The engine calls only the functions
   * of inputs it needs a gradient for; they may share work (compute once, at the first call).
   */
  readonly gradients: (dy: T, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
}

type Engine = {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (t: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: tf.NamedTensorMap;
  }): tf.Tensor;
};

/**
 * Runs `forward` as a single node of the gradient tape whose gradient is `gradients`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { tapeNode } from '@sparsekit/tensor';
 * // x² with a hand-written gradient 2x·dy
 * const square = (x: tf.Tensor) =>
 *   tapeNode({
 *     inputs: { x },
 *     forward: (save) => {
 *       save([x]);
 *       return tf.square(x);
 *     },
 *     gradients: (dy, [saved]) => ({ x: () => tf.mul(tf.mul(saved, 2), dy) }),
 *   });
 * Array.from(tf.grad(square)(tf.tensor1d([3])).dataSync()); // => [6]
 * ```
 */
export function tapeNode<T extends tf.Tensor>({ inputs, forward, gradients }: TapeNodeArgs<T>): T {
  for (const [name, t] of Object.entries(inputs ?? {})) {
    if (!(t instanceof tf.Tensor)) {
      throw new SparsekitError({ argument: `inputs.${name}`, value: t, code: 'invalid_argument', expected: 'a tf.Tensor' });
    }
  }
  if (typeof forward !== 'function' || typeof gradients !== 'function') {
    const argument = typeof forward !== 'function' ? 'forward' : 'gradients';
    throw new SparsekitError({
      argument,
      value: argument === 'forward' ? forward : gradients,
      code: 'invalid_argument',
      expected: 'a function',
    });
  }
  const engine = tf.engine() as unknown as Engine;
  return engine.runKernelFunc({
    inputs,
    forwardFunc: (_backend, save) => forward(save),
    backwardsFunc: (dy, saved) => gradients(dy as T, saved),
  }) as T;
}
