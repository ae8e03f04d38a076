/**
 * Why Frank-Wolfe from zero trails Adam on MNIST (implicit n = 100, κ = 0.95): trains one
 * configuration per invocation and prints, per epoch, the training loss, test accuracy, the
 * densities of A and B and how much of each matrix's L1 budget is used (a set that is too small
 * shows up as rows pinned at their radius).
 *
 *   node --conditions=@sparsekit/source --import tsx packages/bench/scripts/implicit/density-diagnosis.ts \
 *     '{"name":"sfw","train":8000,"epochs":3}'
 */
import * as tf from '@tensorflow/tfjs';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { StochasticFrankWolfe, type StochasticFrankWolfeOptions } from '@sparsekit/solvers/stochastic';
import {
  frankWolfeConstraints,
  implicitLayer,
  layerSparsity,
  perMatrixOptimizer,
  wellPosednessCallback,
  type FrankWolfeConstraintOptions,
  type ImplicitLayer,
} from '@sparsekit/models-implicit';
import { loadMnistLazily } from '../../src/suites/mnist-data.js';

interface Config {
  readonly name: string;
  readonly train?: number;
  readonly test?: number;
  readonly source?: 'small' | 'official';
  readonly epochs?: number;
  /** 'adam': dense baseline; 'sfw': every matrix by SFW; 'sfw-a' ('sfw-ab'): A (and B) by SFW, the rest by Adam. */
  readonly training: 'adam' | 'sfw' | 'sfw-a' | 'sfw-ab';
  readonly sets?: FrankWolfeConstraintOptions;
  readonly sfw?: StochasticFrankWolfeOptions;
  readonly adamLr?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
await useBackendOrThrow('wasm');
const data = await loadMnistLazily({
  source: config.source ?? 'small',
  trainSize: config.train ?? 8000,
  testSize: config.test ?? 2000,
  seed: 0,
});
const x = tf.tensor2d(data.train.images, [data.train.count, 784]);
const y = tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), 10);
const xt = tf.tensor2d(data.test.images, [data.test.count, 784]);
const yt = tf.tensor1d(data.test.labels, 'int32');

const fromZero = config.training !== 'adam';
const layer: ImplicitLayer = implicitLayer({
  units: 10,
  hiddenUnits: 100,
  kappa: 0.95,
  activation: 'leakyRelu',
  leakyReluAlpha: 0.1,
  seed: 0,
  inputShape: [784],
  initializer: fromZero ? 'zerosRandomReadout' : 'random',
  forward: { tol: 1e-4 },
  backward: { solver: { tol: 1e-4 } },
});
const model = tf.sequential({ layers: [layer] });
const adam = tf.train.adam(config.adamLr ?? 5e-3);
const sfwOf = (sets: FrankWolfeConstraintOptions) =>
  new StochasticFrankWolfe(frankWolfeConstraints(layer, sets), { lr: 0.05, momentum: 0.9, ...config.sfw, unconstrained: 'skip' });
const optimizer =
  config.training === 'adam'
    ? adam
    : config.training === 'sfw'
      ? sfwOf(config.sets ?? {})
      : config.training === 'sfw-a'
        ? perMatrixOptimizer(layer, { A: sfwOf({ A: config.sets?.A }), others: adam })
        : perMatrixOptimizer(layer, { A: sfwOf({ A: config.sets?.A }), B: sfwOf({ B: config.sets?.B }), others: adam });
model.compile({ optimizer, loss: (a: tf.Tensor, b: tf.Tensor) => tf.losses.softmaxCrossEntropy(a, b) });

const rowL1Max = (m: tf.Tensor) => tf.tidy(() => tf.max(tf.sum(tf.abs(m), 1)).dataSync()[0]);
const l1 = (m: tf.Tensor) => tf.tidy(() => tf.sum(tf.abs(m)).dataSync()[0]);
const accuracy = () => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(xt) as tf.Tensor, 1), yt), 'float32')).dataSync()[0]);

const start = Date.now();
for (let e = 0; e < (config.epochs ?? 3); e++) {
  const h = await model.fit(x, y, {
    epochs: 1,
    batchSize: 100,
    shuffle: false,
    verbose: 0,
    callbacks: config.training === 'adam' ? [wellPosednessCallback(model)] : [],
  });
  const s = layerSparsity(layer);
  const [A, B, C] = [layer.A.read(), layer.B.read(), layer.C.read()];
  console.log(
    JSON.stringify({
      name: config.name,
      epoch: e + 1,
      seconds: Math.round((Date.now() - start) / 1000),
      loss: Number(Number(h.history.loss[0]).toFixed(4)),
      accuracy: Number(accuracy().toFixed(4)),
      densityA: Number(s.A.density.toFixed(4)),
      densityB: Number(s.B.density.toFixed(4)),
      rankB: s.B.rank,
      l1A: Number(l1(A).toFixed(3)),
      rowL1maxA: Number(rowL1Max(A).toFixed(3)),
      rowL1maxB: Number(rowL1Max(B).toFixed(3)),
      rowL1maxC: Number(rowL1Max(C).toFixed(3)),
    }),
  );
}
