/**
 * MLP 784-300-100-10 with structured L0 gates trained under expected density ≤ ε, purged to a
 * plain model, next to a dense MLP magnitude-pruned to the same density (no fine-tuning).
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { expectedL0, fitConstrained, l0Dense, purge, type ConstrainedEpochLog } from '@sparsekit/models-l0';
import { loadSplits, type Split } from './data.js';
import { compression } from './schedule.js';
import { magnitudeError, testError, trainDense } from './dense-baseline.js';
import { FusedAdam } from '@sparsekit/solvers/stochastic';

export interface Config {
  readonly trainSize: number;
  readonly testSize: number;
  readonly epochs: number;
  readonly epsilon: number;
  readonly seed: number;
  /** Adam step of the gates. Default 7e-4 × `compression` (constrained_sparsity's step, its 200 epochs compressed). */
  readonly gateLr?: number;
  /** Dual ascent step. Default 1e-4 × `compression` (likewise). */
  readonly dualLr?: number;
}

export const FULL: Config = { trainSize: 8000, testSize: 2000, epochs: 15, epsilon: 0.33, seed: 1 };

export interface Report {
  readonly history: ConstrainedEpochLog[];
  /** Units kept per layer after purging (input features of the first layer, then hidden units). */
  readonly architecture: number[];
  readonly expectedDensity: number;
  /** Fraction of non-zero kernel weights of the purged model (what it stores). */
  readonly purgedDensity: number;
  readonly gatedError: number;
  readonly purgedError: number;
  readonly maxPurgeGap: number;
  readonly magnitudeError: number;
}

function gatedMlp(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      l0Dense({ units: 300, inputShape: [784], activation: 'relu', dropRate: 0.2, testGate: 'median', seed }),
      l0Dense({ units: 100, activation: 'relu', testGate: 'median', seed: seed + 1 }),
      l0Dense({ units: 10, activation: 'softmax', testGate: 'median', seed: seed + 2 }),
    ],
  });
}

function nonZeroFraction(model: tf.LayersModel): number {
  const kernels = model.layers.map((l) => l.getWeights()[0]);
  const nz = kernels.reduce((a, k) => a + tf.tidy(() => tf.sum(tf.cast(tf.notEqual(k, 0), 'float32')).dataSync()[0]), 0);
  return nz / kernels.reduce((a, k) => a + k.size, 0);
}

/** A dense MLP of the same shape, trained the same number of epochs, then magnitude-pruned globally to `density`. */
async function magnitudeBaseline(config: Config, train: Split, test: Split, density: number): Promise<number> {
  const dense = await trainDense(config, train);
  const e = magnitudeError(dense, test, density);
  dense.dispose();
  return e;
}

export async function runExperiment(config: Config, log: (line: string) => void = () => undefined): Promise<Report> {
  const { train, test } = loadSplits(config.trainSize, config.testSize, config.seed);
  const model = gatedMlp(config.seed);
  const compress = compression(config.epochs, config.trainSize, 128);
  const primal = new FusedAdam(7e-4);
  const gateOptimizer = new FusedAdam(config.gateLr ?? 7e-4 * compress);
  const out = fitConstrained(model, train, {
    epsilon: config.epsilon,
    epochs: config.epochs,
    batchSize: 128,
    loss: 'categoricalCrossentropy',
    primal,
    gateOptimizer,
    dualLr: config.dualLr ?? 1e-4 * compress,
    seed: config.seed,
    onEpochEnd: (h) =>
      log(
        `epoch ${h.epoch + 1}: loss ${h.loss.toFixed(4)}  E[density] ${(100 * h.density[0]).toFixed(2)}%  λ ${h.multiplier[0].toFixed(4)}`,
      ),
  });
  primal.dispose();
  gateOptimizer.dispose();
  if (isLeft(out)) throw out.left;
  const plain = purge(model);
  const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(test.x) as tf.Tensor, plain.predict(test.x) as tf.Tensor))).dataSync()[0]);
  const dense = plain.layers.filter((l) => l.getClassName() === 'Dense');
  const firstKernel = dense[0].getWeights()[0];
  const usedInputs = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(tf.abs(firstKernel), 1), 0), 'int32')).dataSync()[0]);
  const purgedDensity =
    (nonZeroFraction(plain) * plain.layers.reduce((a, l) => a + (l.getWeights()[0]?.size ?? 0), 0)) / expectedL0(model).total;
  const report: Report = {
    history: out.right.history,
    architecture: [usedInputs, ...dense.slice(0, -1).map((l) => (l.getConfig() as { units: number }).units)],
    expectedDensity: expectedL0(model).fraction,
    purgedDensity,
    gatedError: testError(model, test),
    purgedError: testError(plain, test),
    maxPurgeGap: gap,
    magnitudeError: await magnitudeBaseline(config, train, test, purgedDensity),
  };
  plain.dispose();
  model.dispose();
  tf.dispose([train.x, train.y, test.x, test.y]);
  return report;
}
