/**
 * `tf.losses.softmaxCrossEntropy` (one-hot or soft labels, no weights, no label smoothing, mean over
 * the batch) as one gradient-tape node computed on the host, for fitBatches on cpu and wasm.
 *
 * Under the tape the stock op is about 25 kernels forward and as many backward (a log-softmax, the
 * weighted-loss reduction and the mean, each node with its saved clones). A batch of logits is small
 * (batch × classes), so reading it once and computing the loss and its gradients in float64 on the
 * host costs less than dispatching those kernels: the node's forward pass runs no kernel and keeps
 * the gradients on the host; its backward pass scales them by dy on the host.
 *
 * The value and both gradients are tfjs's own: its op is a customGrad that takes dy·(softmax − y)
 * for the logits and dy·(y − softmax) for the labels, for any label rows. That is the derivative of
 * the value only when each label row sums to 1 (otherwise the logits' derivative is softmax·Σy − y
 * and the labels' is −log softmax). fitBatches promises model.fit's updates, so multi-hot and
 * all-zero label rows get tfjs's gradient here, not the derivative.
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
  /** tfjs's logits gradient (softmax − y)/batch (the derivative only for rows summing to 1). */
  readonly dLogits: Float32Array;
  /** tfjs's labels gradient (y − softmax)/batch (likewise). */
  readonly dLabels: Float32Array;
}

/** Mean over rows of −Σ_c y_c·log softmax(z)_c, in float64, with tfjs's two gradients. */
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
    for (let c = 0; c < classes; c++) {
      const logP = z[o + c] - logNorm;
      total -= y[o + c] * logP;
      const residual = (Math.exp(logP) - y[o + c]) / rows;
      dLogits[o + c] = residual;
      dLabels[o + c] = -residual;
    }
  }
  return { value: total / rows, dLogits, dLabels };
}

/**
 * The value of `tf.losses.softmaxCrossEntropy(labels, logits)` (its default reduction: the mean
 * over the rows) with that op's gradients in both arguments. Check {@link hostCrossEntropyApplies} first.
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
