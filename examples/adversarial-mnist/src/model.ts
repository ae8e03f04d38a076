/** The classifier: an MLP 784 → hidden → 10 (logits), trained with Adam on softmax cross-entropy. */
import * as tf from '@tensorflow/tfjs';
import { CLASSES, PIXELS } from './data.js';

export function createMlp(seed: number, hidden = 128): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, inputShape: [PIXELS], activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed }) }),
      tf.layers.dense({ units: CLASSES, kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }) }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, logits),
  });
  return model;
}
