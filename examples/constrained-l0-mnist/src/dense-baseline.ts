/**
 * The dense reference of the L0 runs: a plain MLP 784-300-100-10 of the same shape, trained with
 * Adam, its test error, and its error once magnitude-pruned to a given density (the baseline every
 * L0 result is compared with at equal density).
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from './data.js';

const init = (s: number) => tf.initializers.glorotUniform({ seed: s });

export function testError(model: tf.LayersModel, data: Split): number {
  return tf.tidy(
    () => 1 - tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(data.x) as tf.Tensor, 1), tf.argMax(data.y, 1)), 'float32')).dataSync()[0],
  );
}

/** The dense reference, trained in a fixed batch order (pruned to each density on demand). */
export async function trainDense(config: { seed: number; epochs: number }, train: Split): Promise<tf.Sequential> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 300, inputShape: [784], activation: 'relu', kernelInitializer: init(config.seed) }),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(config.seed + 1) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(config.seed + 2) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  await model.fit(train.x, train.y, { epochs: config.epochs, batchSize: 100, shuffle: false, verbose: 0 });
  return model;
}

/** Test error of `dense` with its kernels magnitude-pruned (one global threshold) to `density`; weights restored after. */
export function magnitudeError(dense: tf.LayersModel, test: Split, density: number): number {
  const saved = dense.layers.map((l) => l.getWeights().map((w) => tf.clone(w)));
  const magnitudes = Float32Array.from(saved.flatMap(([k]) => Array.from(tf.tidy(() => tf.abs(k).dataSync())))).sort();
  const cut = Math.min(magnitudes.length - 1, Math.floor((1 - density) * magnitudes.length));
  const threshold = magnitudes[cut];
  dense.layers.forEach((l, i) => {
    const [k, b] = saved[i];
    const pruned = tf.tidy(() => tf.where(tf.greaterEqual(tf.abs(k), threshold), k, tf.zerosLike(k)));
    l.setWeights([pruned, b]);
    pruned.dispose();
  });
  const e = testError(dense, test);
  dense.layers.forEach((l, i) => l.setWeights(saved[i]));
  tf.dispose(saved.flat());
  return e;
}
