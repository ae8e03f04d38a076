/**
 * The dense reference of the L0 runs: a plain net of the same shape (the MLP 784-300-100-10 or
 * LeNet-5-Caffe), trained with Adam, its test error, and its error once magnitude-pruned to a given
 * density (the baseline every L0 result is compared with at equal density).
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdam } from '@sparsekit/solvers/stochastic';
/** Inputs (flat digits or images) and one-hot labels. */
export interface Data {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
}

const init = (s: number) => tf.initializers.glorotUniform({ seed: s });

export function testError(model: tf.LayersModel, data: Data): number {
  return tf.tidy(
    () => 1 - tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(data.x) as tf.Tensor, 1), tf.argMax(data.y, 1)), 'float32')).dataSync()[0],
  );
}

export function denseMlp(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 300, inputShape: [784], activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(seed + 1) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed + 2) }),
    ],
  });
}

/** LeNet-5-Caffe (conv 20 → pool → conv 50 → pool → dense 500 → 10) on 28×28×1 images. */
export function denseLenet(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu', kernelInitializer: init(seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 500, activation: 'relu', kernelInitializer: init(seed + 2) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed + 3) }),
    ],
  });
}

/** The dense reference (default the MLP), trained with Adam 1e-3, batch 100, in a fixed batch order (pruned to each density on demand). */
export async function trainDense(
  config: { seed: number; epochs: number },
  train: Data,
  build: (seed: number) => tf.Sequential = denseMlp,
): Promise<tf.Sequential> {
  const model = build(config.seed);
  model.compile({ optimizer: new FusedAdam(1e-3), loss: 'categoricalCrossentropy' });
  await model.fit(train.x, train.y, { epochs: config.epochs, batchSize: 100, shuffle: false, verbose: 0 });
  return model;
}

/**
 * Test error of `dense` with its kernels (dense and conv alike) magnitude-pruned with one global
 * threshold to `density`; biases kept, weights restored after.
 */
export function magnitudeError(dense: tf.LayersModel, test: Data, density: number): number {
  const layers = dense.layers.filter((l) => l.getWeights().length > 0);
  const saved = layers.map((l) => l.getWeights().map((w) => tf.clone(w)));
  const magnitudes = Float32Array.from(saved.flatMap(([k]) => Array.from(tf.tidy(() => tf.abs(k).dataSync())))).sort();
  const cut = Math.min(magnitudes.length - 1, Math.floor((1 - density) * magnitudes.length));
  const threshold = magnitudes[cut];
  layers.forEach((l, i) => {
    const [k, b] = saved[i];
    const pruned = tf.tidy(() => tf.where(tf.greaterEqual(tf.abs(k), threshold), k, tf.zerosLike(k)));
    l.setWeights([pruned, b]);
    pruned.dispose();
  });
  const e = testError(dense, test);
  layers.forEach((l, i) => l.setWeights(saved[i]));
  tf.dispose(saved.flat());
  return e;
}
