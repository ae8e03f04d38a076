/**
 * `npm run lenet`: LeNet-5-Caffe (20-50-800-500) with `l0Conv2d` channel gates and `l0Dense`
 * input-feature gates, trained under expected density ≤ ε (model-wise) on MNIST, then purged;
 * prints the architecture kept and the test error. Conv training needs the filter gradient: wasm
 * with the native kernels of @sparsekit/native, or cpu (slow). Environment: SPARSEKIT_BACKEND
 * (default wasm), SOURCE (`official` default: a seeded subset of the 60,000/10,000 split; `small`),
 * TRAIN (default 8000), TEST (default 10000), EPOCHS (default 5), EPSILON (default 0.1), OUT (JSON file).
 * Settings: constrained_sparsity's MNIST config (Adam 7e-4, batch 128, drop rate 0.5, median
 * evaluation gate, dual step 1e-4) with its 200 epochs of 60,000 digits compressed into this run's
 * minibatches: the gates' Adam step and the dual step are scaled by the ratio of minibatch counts
 * (GATE_LR and DUAL_LR override them).
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { backendInfo, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { expectedL0, fitConstrained, l0Conv2d, l0Dense, purge } from '@sparsekit/models-l0';
import { loadSplits } from './data.js';
import { compression } from './schedule.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName);
const trainSize = Number(process.env.TRAIN ?? 8000);
const epochs = Number(process.env.EPOCHS ?? 5);
const epsilon = Number(process.env.EPSILON ?? 0.1);
const compress = compression(epochs, trainSize, 128);
const dualLr = Number(process.env.DUAL_LR ?? 1e-4 * compress);
const gateLr = Number(process.env.GATE_LR ?? 7e-4 * compress);
const testSize = Number(process.env.TEST ?? 10000);
const source = (process.env.SOURCE ?? 'official') as 'official' | 'small';
const { train, test } = loadSplits(trainSize, testSize, 1, source);
const img = (s: tf.Tensor2D) => tf.reshape(s, [-1, 28, 28, 1]);
const trainX = img(train.x);
const testX = img(test.x);
const model = tf.sequential({
  layers: [
    l0Conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: 'relu', testGate: 'median', seed: 1 }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    l0Conv2d({ filters: 50, kernelSize: 5, activation: 'relu', testGate: 'median', seed: 2 }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    l0Dense({ units: 500, activation: 'relu', testGate: 'median', seed: 3 }),
    l0Dense({ units: 10, activation: 'softmax', testGate: 'median', seed: 4 }),
  ],
});
const info = backendInfo();
console.log(
  `backend ${info.name} (native kernels: ${info.native?.join(', ') || info.nativeReason}); ${source} MNIST, ${trainSize} training / ${testSize} test digits, ${epochs} epochs, ε = ${epsilon}, dual step ${dualLr}, gate step ${gateLr}`,
);
const trace: { epoch: number; loss: number; density: number; multiplier: number }[] = [];
const start = performance.now();
const [primal, gates] = [tf.train.adam(7e-4), tf.train.adam(gateLr)];
const out = fitConstrained(
  model,
  { x: trainX, y: train.y },
  {
    epsilon,
    epochs,
    batchSize: 128,
    loss: 'categoricalCrossentropy',
    primal,
    gateOptimizer: gates,
    dualLr,
    seed: 1,
    onEpochEnd: (h) => {
      trace.push({ epoch: h.epoch, loss: h.loss, density: h.density[0], multiplier: h.multiplier[0] });
      console.log(
        `epoch ${h.epoch + 1}: loss ${h.loss.toFixed(4)}  E[density] ${(100 * h.density[0]).toFixed(2)}%  λ ${h.multiplier[0].toFixed(3)}  ${((performance.now() - start) / 1000).toFixed(0)} s`,
      );
    },
  },
);
if (isLeft(out)) throw out.left;
const plain = purge(model);
const kept = plain.layers
  .filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName()))
  .map((l) => {
    const c = l.getConfig() as { filters?: number; units?: number };
    return c.filters ?? c.units;
  });
const error = (m: tf.LayersModel) =>
  tf.tidy(() => 1 - tf.mean(tf.cast(tf.equal(tf.argMax(m.predict(testX) as tf.Tensor, 1), tf.argMax(test.y, 1)), 'float32')).dataSync()[0]);
// Louizos et al. count the first dense layer's input features in use (65 of 800 for L0-sep): rows of
// the purged kernel that are not all zero (closed input gates inside kept channels stay as zero rows).
const firstDense = plain.layers[5].getWeights()[0];
const flattened = firstDense.shape[0];
const usedInputs = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(tf.abs(firstDense), 1), 0), 'int32')).dataSync()[0]);
console.log(
  `expected density ${(100 * expectedL0(model).fraction).toFixed(2)}%; architecture kept ${kept.slice(0, 2).join('-')}-${usedInputs}-${kept[2]} (conv filters, conv filters, dense inputs in use of ${flattened} after purging, hidden units)`,
);
console.log(
  `held-out error: gated ${(100 * error(model)).toFixed(2)}%, purged ${(100 * error(plain)).toFixed(2)}%; ${((performance.now() - start) / 1000).toFixed(0)} s`,
);
const perLayer = expectedL0(model).layers.map((l) => ({ name: l.name, expectedDensity: l.fraction }));
console.log(`expected density per gated layer: ${perLayer.map((l) => `${l.name} ${(100 * l.expectedDensity).toFixed(1)}%`).join(', ')}`);
if (process.env.OUT) {
  const result = {
    backend: info,
    source,
    trainSize,
    testSize,
    epochs,
    epsilon,
    dualLr,
    gateLr,
    expectedDensity: expectedL0(model).fraction,
    perLayer,
    architecture: [...kept.slice(0, 2), usedInputs, kept[2]],
    flattenedAfterPurge: flattened,
    error: { gated: error(model), purged: error(plain) },
    seconds: (performance.now() - start) / 1000,
    trace,
  };
  writeFileSync(process.env.OUT, JSON.stringify(result, null, 1));
}
