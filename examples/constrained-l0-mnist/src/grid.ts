/**
 * Error vs density of the MLP 784-300-100-10: penalized runs (a λ grid, `model.fit` with the
 * layers' L0 penalty) or constrained runs (an ε grid, `fitConstrained`), each next to a dense MLP
 * of the same shape, trained the same number of epochs and magnitude-pruned globally to the
 * density the purged L0 model stores (no fine-tuning). Writes one JSON report.
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { expectedL0, fitConstrained, gateOptimizer, l0Dense, purge, type TestGateRule } from '@sparsekit/models-l0';
import { loadSplits, type Split } from './data.js';
import { compression } from './schedule.js';
import { magnitudeError, testError, trainDense } from './dense-baseline.js';
import { FusedAdam } from '@sparsekit/solvers/stochastic';

export interface GridConfig {
  readonly mode: 'penalized' | 'constrained';
  /** λ values (penalized) or ε values (constrained). */
  readonly grid: readonly number[];
  readonly source: 'official' | 'small';
  readonly trainSize: number;
  readonly testSize: number;
  readonly epochs: number;
  readonly seed: number;
  /** Dual ascent step of the constrained runs. Default 1e-4 × `compression` (constrained_sparsity's 1e-4 over its 200 epochs of 60,000 digits). */
  readonly dualLr?: number;
  /** Adam step of the weights. Default 7e-4 constrained (constrained_sparsity), 1e-3 penalized (AMLab). */
  readonly primalLr?: number;
  /**
   * Adam step of the gates log α. Default: the weights' step × `compression`. Adam moves a log α by
   * at most about one step per minibatch; the anchors' 200 epochs give the gates that much room, a
   * run with fewer minibatches needs a proportionally larger step to move them as far.
   */
  readonly gateLr?: number;
  /** Default 128 constrained (constrained_sparsity), 100 penalized (AMLab). */
  readonly batchSize?: number;
  /** Evaluation gate of the gated model and of its purge. Default 'median' constrained (constrained_sparsity), 'paper' penalized (AMLab). */
  readonly testGate?: TestGateRule;
  /**
   * Penalized runs: AMLab's weight decay, ½·wd·Σ P(z ≠ 0)·w² per example (the layers' prior
   * precision is wd × N). Default 5e-4, AMLab's training-script default; 0 turns it off.
   */
  readonly weightDecay?: number;
}

export interface GridPoint {
  readonly mode: 'penalized' | 'constrained';
  readonly value: number;
  readonly expectedDensity: number;
  /** Fraction of kernel weights the purged plain model stores. */
  readonly storedDensity: number;
  readonly architecture: number[];
  readonly error: number;
  readonly magnitudeError: number;
  /** Test error of the same weights evaluated with the other deterministic gate rule. */
  readonly errorOtherRule: number;
  /** Per epoch: expected density, test error (evaluation gates), and for constrained runs the multiplier. */
  readonly trace: { epoch: number; loss: number; density: number; error: number; seconds: number; multiplier?: number }[];
  readonly seconds: number;
}

function gatedMlp(seed: number, lambda: number, n: number, testGate: TestGateRule, weightDecay = 0): tf.Sequential {
  const common = { testGate, ...(lambda > 0 ? { lambda, datasetSize: n, weightDecay: weightDecay * n } : {}) };
  return tf.sequential({
    layers: [
      l0Dense({ units: 300, inputShape: [784], activation: 'relu', dropRate: 0.2, seed, ...common }),
      l0Dense({ units: 100, activation: 'relu', seed: seed + 1, ...common }),
      l0Dense({ units: 10, activation: 'softmax', seed: seed + 2, ...common }),
    ],
  });
}

const otherRule = (r: TestGateRule): TestGateRule => (r === 'median' ? 'paper' : 'median');

/** Test error of the trained weights under the other evaluation gate rule (a copy of the model with that rule). */
function errorWithOtherRule(model: tf.LayersModel, rule: TestGateRule, test: Split): number {
  const copy = gatedMlp(0, 0, 1, otherRule(rule));
  copy.setWeights(model.getWeights());
  const e = testError(copy, test);
  copy.dispose();
  return e;
}

function storedDensity(model: tf.LayersModel, plain: tf.LayersModel): number {
  const kernels = plain.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getWeights()[0]);
  const nz = kernels.reduce((a, k) => a + tf.tidy(() => tf.sum(tf.cast(tf.notEqual(k, 0), 'float32')).dataSync()[0]), 0);
  return nz / expectedL0(model).total;
}

function architecture(plain: tf.LayersModel): number[] {
  const dense = plain.layers.filter((l) => l.getClassName() === 'Dense');
  const first = dense[0].getWeights()[0];
  const used = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(tf.abs(first), 1), 0), 'int32')).dataSync()[0]);
  return [used, ...dense.map((l) => (l.getConfig() as { units: number }).units)];
}

const ruleOf = (config: GridConfig): TestGateRule => config.testGate ?? (config.mode === 'constrained' ? 'median' : 'paper');

async function trainOne(
  config: GridConfig,
  value: number,
  train: Split,
  test: Split,
  log: (s: string) => void,
): Promise<{ model: tf.Sequential; trace: GridPoint['trace'] }> {
  const penalized = config.mode === 'penalized';
  const batchSize = config.batchSize ?? (penalized ? 100 : 128);
  const compress = compression(config.epochs, config.trainSize, batchSize);
  const model = gatedMlp(config.seed, penalized ? value : 0, config.trainSize, ruleOf(config), config.weightDecay ?? 5e-4);
  const primalLr = config.primalLr ?? (penalized ? 1e-3 : 7e-4);
  const weights = new FusedAdam(primalLr);
  const gates = new FusedAdam(config.gateLr ?? primalLr * compress);
  const trace: GridPoint['trace'] = [];
  const start = performance.now();
  const note = (epoch: number, loss: number, density: number, multiplier?: number) => {
    const error = testError(model, test);
    trace.push({ epoch, loss, density, error, seconds: (performance.now() - start) / 1000, multiplier });
    const m = multiplier === undefined ? '' : ` λ ${multiplier.toFixed(4)}`;
    log(
      `${config.mode} ${value}: epoch ${epoch + 1} loss ${loss.toFixed(4)} E[density] ${(100 * density).toFixed(2)}%${m} error ${(100 * error).toFixed(2)}% ${trace.at(-1)!.seconds.toFixed(0)} s`,
    );
  };
  if (penalized) {
    model.compile({ optimizer: gateOptimizer(model, { weights, gates }), loss: 'categoricalCrossentropy' });
    await model.fit(train.x, train.y, {
      epochs: config.epochs,
      batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochEnd: async (epoch, logs) => note(epoch, logs?.loss ?? NaN, expectedL0(model).fraction) },
    });
  } else {
    const out = fitConstrained(model, train, {
      epsilon: value,
      epochs: config.epochs,
      batchSize,
      loss: 'categoricalCrossentropy',
      primal: weights,
      gateOptimizer: gates,
      dualLr: config.dualLr ?? 1e-4 * compress,
      seed: config.seed,
      onEpochEnd: (h) => note(h.epoch, h.loss, h.density[0], h.multiplier[0]),
    });
    if (isLeft(out)) throw out.left;
  }
  weights.dispose();
  gates.dispose();
  return { model, trace };
}

/** The L0 runs first, then the dense reference (trained once, the same epochs), pruned to each run's stored density. */
export async function runGrid(config: GridConfig, log: (line: string) => void = () => undefined): Promise<GridPoint[]> {
  const { train, test } = loadSplits(config.trainSize, config.testSize, config.seed, config.source);
  const runs: Omit<GridPoint, 'magnitudeError'>[] = [];
  for (const value of config.grid) {
    const start = performance.now();
    const { model, trace } = await trainOne(config, value, train, test, log);
    const plain = purge(model);
    runs.push({
      mode: config.mode,
      value,
      expectedDensity: expectedL0(model).fraction,
      storedDensity: storedDensity(model, plain),
      architecture: architecture(plain),
      error: testError(plain, test),
      errorOtherRule: errorWithOtherRule(model, ruleOf(config), test),
      trace,
      seconds: (performance.now() - start) / 1000,
    });
    log(JSON.stringify({ ...runs.at(-1)!, trace: undefined }));
    plain.dispose();
    model.dispose();
  }
  const denseStart = performance.now();
  const dense = await trainDense(config, train);
  log(
    `dense reference: test error ${(100 * testError(dense, test)).toFixed(2)}% (${((performance.now() - denseStart) / 1000).toFixed(0)} s)`,
  );
  const points = runs.map((r) => ({ ...r, magnitudeError: magnitudeError(dense, test, r.storedDensity) }));
  points.forEach((p) =>
    log(`${p.mode} ${p.value}: magnitude pruning at ${(100 * p.storedDensity).toFixed(2)}%: ${(100 * p.magnitudeError).toFixed(2)}%`),
  );
  dense.dispose();
  tf.dispose([train.x, train.y, test.x, test.y]);
  return points;
}
