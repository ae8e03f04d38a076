/**
 * Softmax cross-entropy from logits as one differentiable op.
 *
 * The usual composition (a softmax layer, then the cross-entropy of its output) records a tape
 * node per kernel: the softmax, the renormalisation, the clip, the log, the product and the sums,
 * each cloning what its gradient needs, and the backward pass walks them all back to the logits.
 * The gradient with respect to the logits is just `softmax − labels` per example, so this op
 * records one node whose gradient is that difference, scaled by the incoming per-example weights.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from './errors.js';
import { tapeNode } from './tape-node.js';

/** Arguments of {@link fusedSoftmaxCrossEntropy}. */
export interface FusedSoftmaxCrossEntropyArgs {
  /** Unnormalised scores, [batch, classes]. */
  readonly logits: tf.Tensor2D;
  /** Class probabilities per example (one-hot or soft labels), [batch, classes], same shape as the logits. */
  readonly labels: tf.Tensor2D;
}

/**
 * The per-example cross-entropy `−Σ_c labels_c · log p_c` of `p = softmax(logits)`, [batch].
 *
 * The value is tfjs-layers' `categoricalCrossentropy` of a softmax output: p is clipped to
 * [ε, 1 − ε] (ε = the backend's epsilon, 1e-7 on float32 backends) before the log, so an example
 * costs at most −log ε ≈ 16.1 per unit of label mass. The gradient with respect to the logits is
 * `softmax(logits)·Σlabels − labels` (`softmax − labels` for one-hot or normalised rows; times the incoming gradient of each example) everywhere: unlike the
 * stock composition, whose clip zeroes the gradient of a class once its probability leaves
 * [ε, 1 − ε], an example whose true class has probability below 1e-7 keeps pulling its logits (as
 * torch's `CrossEntropyLoss` does). Elsewhere both gradients agree to float32 rounding. The
 * gradient with respect to the labels is `−log p` (clipped as the value).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fusedSoftmaxCrossEntropy } from '@sparsekit/tensor';
 * const logits = tf.tensor2d([[0, 0]]);
 * const labels = tf.tensor2d([[1, 0]]);
 * Array.from(fusedSoftmaxCrossEntropy({ logits, labels }).dataSync()); // => [0.6931472]
 * ```
 */
export function fusedSoftmaxCrossEntropy({ logits, labels }: FusedSoftmaxCrossEntropyArgs): tf.Tensor1D {
  if (!(logits instanceof tf.Tensor) || logits.rank !== 2) {
    throw new SparsekitError({ argument: 'logits', value: logits, code: 'shape_mismatch', expected: 'a rank-2 tensor [batch, classes]' });
  }
  if (!(labels instanceof tf.Tensor) || !tf.util.arraysEqual(labels.shape, logits.shape)) {
    const expected = `a tensor of the logits' shape [${logits.shape.join(', ')}]`;
    throw new SparsekitError({ argument: 'labels', value: labels, code: 'shape_mismatch', expected });
  }
  // a cast made here belongs to this call: tidy disposes it (the tape node keeps its own clone)
  return tf.tidy(() => op(logits, labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32')));
}

/** log p with p clipped to [ε, 1 − ε], as tfjs-layers' cross-entropy. */
function clippedLog(p: tf.Tensor): tf.Tensor {
  const eps = tf.backend().epsilon();
  return tf.log(tf.clipByValue(p, eps, 1 - eps));
}

/** One tape node: the softmax is saved (cloned by the engine) for the gradient; nothing else is. */
function op(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor1D {
  return tapeNode<tf.Tensor1D>({
    inputs: { logits, labels },
    forward: (save) => {
      const p = tf.softmax(logits);
      save([p, labels]);
      return tf.neg(tf.sum(tf.mul(labels, clippedLog(p)), 1)) as tf.Tensor1D;
    },
    gradients: (dy, saved) => {
      const [p, y] = saved;
      const weights = tf.reshape(dy, [-1, 1]);
      return {
        // d/dz of −Σ y·log softmax(z) is p·Σy − y (p − y only when a label row sums to 1)
        logits: () => tf.mul(tf.sub(tf.mul(p, tf.sum(y, 1, true)), y), weights),
        labels: () => tf.mul(tf.neg(clippedLog(p)), weights),
      };
    },
  });
}
