import * as tf from '@tensorflow/tfjs';
import { createRng } from '@sparsekit/tensor';
import { l0Dense } from '../l0-dense.js';

/** Three Gaussian blobs in 20 dimensions whose means differ in the first 5 features only. */
export function blobs(n: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const rng = createRng(seed);
  const noise = rng.normalArray(n * 20);
  const labels = Array.from({ length: n }, (_, i) => i % 3);
  const xs = labels.flatMap((c, i) =>
    Array.from({ length: 20 }, (_, j) => noise[i * 20 + j] + (j < 5 ? 2 * (c - 1) * (j % 2 === 0 ? 1 : -1) : 0)),
  );
  return { x: tf.tensor2d(xs, [n, 20]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3) };
}

export function mlp(): tf.Sequential {
  return tf.sequential({
    layers: [
      l0Dense({ units: 32, inputShape: [20], activation: 'relu', seed: 1 }),
      l0Dense({ units: 16, activation: 'relu', seed: 2 }),
      l0Dense({ units: 3, activation: 'softmax', seed: 3 }),
    ],
  });
}
