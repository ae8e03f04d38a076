/**
 * The loss of the commonest model as one gradient-tape node: a chain of plain dense layers (ReLU or
 * linear) ending in a softmax under a categorical cross-entropy.
 *
 * Under the tape each op clones the tensors its gradient needs (a copy on wasm) and the engine
 * walks a node list per batch. Here the forward pass runs with the tape paused and keeps its
 * activations, and the node's gradient is the backward pass written out: (softmax·Σy − y)/batch at
 * the logits, then per layer the kernel gradient hᵀ·dz, the bias gradient 1ᵀ·dz and, below the top
 * layer, dz·Wᵀ masked by the ReLU: the products the tape would compute, on the same operands. The
 * node's inputs are the layers' variables, so `optimizer.minimize` (any optimizer, with its own
 * `computeGradients` or `applyGradients`) and the model's other losses work unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDense, tapeNode } from '@sparsekit/tensor';
import type { DenseStage } from './lean-forward.js';

/**
 * The mean loss of a batch, differentiable with respect to the stages' variables. Tensors the
 * backward pass needs are pushed on `kept`: the caller disposes them once the step is over.
 */
export type DenseChainLoss = (x: tf.Tensor, y: tf.Tensor, kept: tf.Tensor[]) => tf.Scalar;

interface Forward {
  /** The input of each stage (the batch first), then nothing: the logits are not needed backward. */
  readonly inputs: tf.Tensor2D[];
  /** softmax(logits)·Σlabels − labels, [batch, classes]. */
  readonly residual: tf.Tensor2D;
}

/** Mean of tfjs-layers' clipped cross-entropy of softmax rows `p` against label rows `y`. */
function meanCrossEntropy(p: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const eps = tf.backend().epsilon();
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, eps, 1 - eps))), 1))) as tf.Scalar;
}

function forward(stages: readonly DenseStage[], x: tf.Tensor2D, labels: tf.Tensor2D, kept: tf.Tensor[]): { loss: tf.Scalar; f: Forward } {
  const inputs: tf.Tensor2D[] = [x];
  for (const { layer, activation } of stages) {
    const bias = layer.bias?.read() as tf.Tensor1D | undefined;
    inputs.push(fusedDense({ x: inputs[inputs.length - 1], kernel: layer.kernel!.read() as tf.Tensor2D, bias, activation }));
  }
  const p = tf.softmax(inputs.pop()!);
  const loss = meanCrossEntropy(p, labels);
  // the cross-entropy's gradient at the logits: p·Σy − y (p − y when every label row sums to 1)
  const residual = tf.sub(tf.mul(p, tf.sum(labels, 1, true)), labels) as tf.Tensor2D;
  // the batch belongs to the caller; the activations and the residual live until the step ends
  for (const t of [...inputs.slice(1), residual]) kept.push(tf.keep(t));
  return { loss, f: { inputs, residual } };
}

/** Every variable's gradient, keyed `k<i>` / `b<i>` as the node's inputs, scaled by the incoming dy. */
function backward(stages: readonly DenseStage[], f: Forward, dy: tf.Tensor, kept: tf.Tensor[]): Map<string, tf.Tensor> {
  const grads = new Map<string, tf.Tensor>();
  const batch = f.residual.shape[0];
  let dz = tf.mul(f.residual, tf.div(dy, batch)) as tf.Tensor2D;
  // bias gradients as products with a row of ones: wasm's Sum over the batch axis transposes first
  const ones = tf.ones([1, batch]);
  for (let i = stages.length - 1; i >= 0; i--) {
    grads.set(`k${i}`, tf.matMul(f.inputs[i], dz, true, false));
    if (stages[i].layer.bias) grads.set(`b${i}`, tf.reshape(tf.matMul(ones, dz), [-1]));
    if (i === 0) break;
    const dh = tf.matMul(dz, stages[i].layer.kernel!.read() as tf.Tensor2D, false, true) as tf.Tensor2D;
    // a ReLU below passed exactly where its output is positive (tfjs's relu gradient: step(y))
    dz = stages[i - 1].activation === 'relu' ? (tf.mul(dh, tf.step(f.inputs[i])) as tf.Tensor2D) : dh;
  }
  for (const g of grads.values()) kept.push(tf.keep(g));
  return grads;
}

/**
 * The loss for `stages` (every layer a fused dense stage, the last one's softmax replaced by the
 * cross-entropy); `labels` turns a batch's targets into probability rows.
 */
export function denseChainLoss(stages: readonly DenseStage[], labels: (y: tf.Tensor, classes: number) => tf.Tensor2D): DenseChainLoss {
  const classes = stages[stages.length - 1].layer.kernel!.shape[1] as number;
  return (x, y, kept) => {
    const variables: tf.NamedTensorMap = {};
    stages.forEach(({ layer }, i) => {
      variables[`k${i}`] = layer.kernel!.read();
      if (layer.bias) variables[`b${i}`] = layer.bias.read();
    });
    const target = labels(y, classes);
    let f: Forward | undefined;
    let grads: Map<string, tf.Tensor> | undefined;
    return tapeNode<tf.Scalar>({
      inputs: variables,
      forward: () => {
        const out = forward(stages, x as tf.Tensor2D, target, kept);
        f = out.f;
        return out.loss;
      },
      // the tape asks input by input: the whole backward pass runs once, at the first request
      gradients: (dy) =>
        Object.fromEntries(
          Object.keys(variables).map((name) => [name, () => (grads ??= backward(stages, f!, dy, kept)).get(name)!] as const),
        ),
    });
  };
}
