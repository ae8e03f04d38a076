/**
 * `tf.losses.softmaxCrossEntropy` (one-hot or soft labels, no weights, no label smoothing, mean over
 * the batch) as one gradient-tape node computed on the host, for fitBatches on cpu and wasm.
 *
 * Under the tape the stock op is about 25 kernels forward and as many backward (a log-softmax, the
 * weighted-loss reduction and the mean, each node with its saved clones). A batch of logits is small
 * (batch × classes), so reading it once and computing the loss and its gradient in float64 on the
 * host costs less than dispatching those kernels: the node's forward pass runs no kernel and keeps
 * the gradient (softmax·Σy − y)/batch on the host; its backward pass scales it by dy on the host.
 * The value is the stock op's; so is the gradient when each label row sums to 1 (the stock op takes
 * softmax − y for any rows, which is not the derivative of its value otherwise).
 */
import * as tf from '@tensorflow/tfjs';
import { tapeNode } from '@sparsekit/tensor';

const HOST_BACKENDS = new Set(['cpu', 'wasm']);

/** Whether {@link logitsCrossEntropyMean} applies: a host backend, float logits [batch, classes] and labels of that shape. */
export function hostCrossEntropyApplies(logits: tf.Tensor, labels: tf.Tensor): boolean {
  return (
    HOST_BACKENDS.has(tf.getBackend()) &&
    logits.rank === 2 &&
    logits.dtype === 'float32' &&
    tf.util.arraysEqual(logits.shape, labels.shape) &&
    logits.shape[0] > 0
  );
}

interface HostLoss {
  readonly value: number;
  /** ∂loss/∂logits = (softmax·Σy − y)/batch. */
  readonly dLogits: Float32Array;
  /** ∂loss/∂labels = −log softmax/batch. */
  readonly dLabels: Float32Array;
}

/** Mean over rows of −Σ_c y_c·log softmax(z)_c, in float64, with both gradients. */
function hostLoss(z: ArrayLike<number>, y: ArrayLike<number>, rows: number, classes: number): HostLoss {
  const dLogits = new Float32Array(rows * classes);
  const dLabels = new Float32Array(rows * classes);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[o + c]);
    let sumExp = 0;
    for (let c = 0; c < classes; c++) sumExp += Math.exp(z[o + c] - max);
    const logNorm = max + Math.log(sumExp);
    let labelSum = 0;
    for (let c = 0; c < classes; c++) labelSum += y[o + c];
    for (let c = 0; c < classes; c++) {
      const logP = z[o + c] - logNorm;
      total -= y[o + c] * logP;
      dLogits[o + c] = (Math.exp(logP) * labelSum - y[o + c]) / rows;
      dLabels[o + c] = -logP / rows;
    }
  }
  return { value: total / rows, dLogits, dLabels };
}

/**
 * The value of `tf.losses.softmaxCrossEntropy(labels, logits)` (its default reduction: the mean
 * over the rows), differentiable in both arguments. Check {@link hostCrossEntropyApplies} first.
 */
export function logitsCrossEntropyMean(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  const [rows, classes] = logits.shape;
  const y = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
  // computed once in the forward pass; the backward pass only scales it by dy (no saved clones)
  let host: HostLoss | undefined;
  try {
    return tapeNode<tf.Scalar>({
      inputs: { logits, labels },
      forward: () => {
        host = hostLoss(logits.dataSync(), y.dataSync(), rows, classes);
        return tf.scalar(host.value);
      },
      gradients: (dy) => {
        // dy is a scalar: scaling on the host saves a kernel
        const scaled = (g: Float32Array) => {
          const d = dy.dataSync()[0];
          return tf.tensor2d(d === 1 ? g : g.map((v) => v * d), [rows, classes]);
        };
        return { logits: () => scaled((host as HostLoss).dLogits), labels: () => scaled((host as HostLoss).dLabels) };
      },
    });
  } finally {
    if (y !== labels) y.dispose();
  }
}
