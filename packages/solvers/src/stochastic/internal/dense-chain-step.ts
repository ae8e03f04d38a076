/**
 * A training step without a gradient tape, for the commonest model: a chain of plain dense layers
 * (ReLU or linear) ending in a softmax under a categorical cross-entropy, trained by an optimizer
 * that uses tfjs's own `minimize`.
 *
 * Under the tape each op clones the tensors its gradient needs (a copy on wasm) and the engine
 * walks a node list per batch; here the forward pass keeps the activations and the backward pass
 * is written out: (softmax − y)/batch at the logits, then per layer the kernel gradient hᵀ·dz, the
 * bias gradient Σ dz and, below the top layer, dz·Wᵀ masked by the ReLU. The gradients are those
 * the tape computes (the same products on the same operands), and the optimizer receives them
 * through `applyGradients`, exactly as `minimize` hands them over.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDense } from '@sparsekit/tensor';
import type { DenseStage } from './lean-forward.js';

/** The value of a batch's mean loss, as returned by `optimizer.minimize(f, true)`. */
export type DenseChainStep = (x: tf.Tensor, y: tf.Tensor) => tf.Scalar;

/** True when `optimizer` computes and applies gradients as tf.Optimizer does (no override of either entry). */
export function usesStockMinimize(optimizer: tf.Optimizer): boolean {
  const base = tf.Optimizer.prototype;
  return optimizer.minimize === base.minimize && optimizer.computeGradients === base.computeGradients;
}

/** Mean clipped cross-entropy of softmax rows `p` (tfjs-layers' value) and its logits gradient (p − y)/batch. */
function crossEntropy(p: tf.Tensor2D, y: tf.Tensor2D): { loss: tf.Scalar; dz: tf.Tensor2D } {
  const eps = tf.backend().epsilon();
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, eps, 1 - eps))), 1))) as tf.Scalar;
  const dz = tf.mul(tf.sub(p, y), 1 / p.shape[0]) as tf.Tensor2D;
  return { loss, dz };
}

/**
 * The step for `stages` (every layer a fused dense stage, the last one's softmax replaced by the
 * cross-entropy); `labels` turns a batch's targets into probability rows. `variables()` lists the
 * trainable variables in the order `minimize` would receive them.
 */
export function denseChainStep(
  stages: readonly DenseStage[],
  optimizer: tf.Optimizer,
  labels: (y: tf.Tensor, classes: number) => tf.Tensor2D,
  variables: () => readonly tf.Variable[],
): DenseChainStep {
  return (x, y) => {
    const inputs: tf.Tensor2D[] = [x as tf.Tensor2D];
    for (const { layer, activation } of stages) {
      const bias = layer.bias?.read() as tf.Tensor1D | undefined;
      inputs.push(fusedDense({ x: inputs[inputs.length - 1], kernel: layer.kernel!.read() as tf.Tensor2D, bias, activation }));
    }
    const logits = inputs.pop()!;
    const { loss, dz: top } = crossEntropy(tf.softmax(logits), labels(y, logits.shape[1]));
    const wanted = new Set(variables().map((v) => v.name));
    const grads = new Map<string, tf.Tensor>();
    let dz = top;
    for (let i = stages.length - 1; i >= 0; i--) {
      const kernel = stages[i].layer.kernel!.read() as tf.Variable<tf.Rank.R2>;
      const bias = stages[i].layer.bias?.read() as tf.Variable | undefined;
      if (wanted.has(kernel.name)) grads.set(kernel.name, tf.matMul(inputs[i], dz, true, false));
      if (bias !== undefined && wanted.has(bias.name)) grads.set(bias.name, tf.sum(dz, 0));
      if (i === 0) break;
      const dh = tf.matMul(dz, kernel, false, true) as tf.Tensor2D;
      // a ReLU below passed exactly where its output is positive (tfjs's relu gradient: step(y))
      dz = stages[i - 1].activation === 'relu' ? (tf.mul(dh, tf.step(inputs[i])) as tf.Tensor2D) : dh;
    }
    optimizer.applyGradients(variables().flatMap((v) => (grads.has(v.name) ? [{ name: v.name, tensor: grads.get(v.name)! }] : [])));
    return loss;
  };
}
