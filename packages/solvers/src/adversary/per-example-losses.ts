/**
 * Per-example classification losses for attacks and adversarial training. They take one-hot
 * labels (or class indices, turned into one-hot outside the differentiated path), because the
 * gradient of `gather` is missing on the wasm backend.
 */
import * as tf from '@tensorflow/tfjs';

/** Per-example loss of model outputs against labels, shape [B]. */
export type PerExampleLoss = (outputs: tf.Tensor, labels: tf.Tensor) => tf.Tensor1D;

/**
 * One-hot float labels [B, K] from one-hot labels or class indices [B].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { oneHotLabels } from '@sparsekit/solvers/adversary';
 * oneHotLabels(tf.tensor1d([2, 0], 'int32'), 3).arraySync(); // => [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHotLabels(labels: tf.Tensor, classes: number): tf.Tensor2D {
  return tf.tidy(
    () => (labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32'), classes).toFloat() : tf.cast(labels, 'float32')) as tf.Tensor2D,
  );
}

/**
 * Softmax cross-entropy from logits, per example: −Σₖ yₖ·log softmax(z)ₖ.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { softmaxCrossEntropy } from '@sparsekit/solvers/adversary';
 * softmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32')).arraySync(); // [0.6931…]
 * ```
 */
export const softmaxCrossEntropy: PerExampleLoss = (logits, labels) =>
  tf.tidy(() => tf.neg(tf.sum(tf.mul(oneHotLabels(labels, logits.shape[1] as number), tf.logSoftmax(logits)), 1)) as tf.Tensor1D);

/**
 * Cross-entropy of predicted probabilities (a softmax output layer), per example, with
 * probabilities clipped to [1e-7, 1] as Keras does.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { probabilityCrossEntropy } from '@sparsekit/solvers/adversary';
 * probabilityCrossEntropy(tf.tensor2d([[0.5, 0.5]]), tf.tensor2d([[1, 0]])).arraySync(); // [0.6931…]
 * ```
 */
export const probabilityCrossEntropy: PerExampleLoss = (probabilities, labels) =>
  tf.tidy(
    () =>
      tf.neg(
        tf.sum(tf.mul(oneHotLabels(labels, probabilities.shape[1] as number), tf.log(tf.clipByValue(probabilities, 1e-7, 1))), 1),
      ) as tf.Tensor1D,
  );
