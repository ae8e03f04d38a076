/**
 * Error vs density of the MLP 784-300-100-10 with structured L0 gates on MNIST: penalized runs
 * (λ·E[L0]/N in `model.fit`) and constrained runs (expected density ≤ ε with `fitConstrained`),
 * each next to a dense MLP of the same shape trained the same number of epochs and
 * magnitude-pruned globally to the density the purged L0 model stores (no fine-tuning).
 * Each epoch reports the test error as the objective and the expected density, the multiplier and
 * the constraint value (density − ε) as metrics; the last point carries the stored density, the purged model's error and the magnitude
 * baseline's error (the report draws them as an error-vs-density Pareto plot).
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { expectedL0, fitConstrained, gateOptimizer, l0Dense, purge } from '@sparsekit/models-l0';
import type { BenchDataset, BenchProblem, BenchSolver, SolverContext } from '../../types.js';
import { datasetsModule } from '../mnist-data.js';

/** Train/test tensors (one-hot labels) and the dense reference, trained on first use. */
export interface MnistData {
  readonly train: { x: tf.Tensor2D; y: tf.Tensor2D };
  readonly test: { x: tf.Tensor2D; y: tf.Tensor2D };
  readonly epochs: number;
  dense?: Promise<tf.Sequential>;
}

export interface ErrorDensitySpec {
  readonly data: MnistData;
  readonly epochs: number;
}

const init = (s: number) => tf.initializers.glorotUniform({ seed: s });

/** The official MNIST split, subsampled (seeded) to `train`/`test` images. */
export function mnistDataset(name: string, sizes: { train: number[]; test: number[]; epochs: number }): BenchDataset<MnistData> {
  return {
    name,
    params: { train: sizes.train, test: [sizes.test[0]] },
    load: async (p, ctx) => {
      const { loadMnist, mnistTensors } = await datasetsModule();
      const d = loadMnist({ source: 'official', trainSize: Number(p.train), testSize: Number(p.test), seed: ctx.seed });
      return { train: mnistTensors(d.train, { oneHot: true }), test: mnistTensors(d.test, { oneHot: true }), epochs: sizes.epochs };
    },
    dispose: (d) => {
      tf.dispose([d.train.x, d.train.y, d.test.x, d.test.y]);
      void d.dense?.then((m) => m.dispose());
    },
  };
}

function testError(model: tf.LayersModel, test: MnistData['test']): number {
  return tf.tidy(
    () => 1 - tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(test.x) as tf.Tensor, 1), tf.argMax(test.y, 1)), 'float32')).dataSync()[0],
  );
}

async function trainDense(data: MnistData): Promise<tf.Sequential> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 300, inputShape: [784], activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  await model.fit(data.train.x, data.train.y, { epochs: data.epochs, batchSize: 100, shuffle: true, verbose: 0 });
  return model;
}

/** Test error of the dense reference with its kernels magnitude-pruned (one global threshold) to `density`. */
async function magnitudeError(data: MnistData, density: number): Promise<number> {
  data.dense ??= trainDense(data);
  const dense = await data.dense;
  const saved = dense.layers.map((l) => l.getWeights().map((w) => tf.clone(w)));
  const magnitudes = Float32Array.from(saved.flatMap(([k]) => Array.from(tf.tidy(() => tf.abs(k).dataSync())))).sort();
  const threshold = magnitudes[Math.min(magnitudes.length - 1, Math.floor((1 - density) * magnitudes.length))];
  dense.layers.forEach((l, i) => {
    const pruned = tf.tidy(() => tf.where(tf.greaterEqual(tf.abs(saved[i][0]), threshold), saved[i][0], tf.zerosLike(saved[i][0])));
    l.setWeights([pruned, saved[i][1]]);
    pruned.dispose();
  });
  const e = testError(dense, data.test);
  dense.layers.forEach((l, i) => l.setWeights(saved[i]));
  tf.dispose(saved.flat());
  return e;
}

/** AMLab's MLP: drop rate 0.2 on the input gates, 0.5 elsewhere; evaluation gates of the anchor of each mode. */
function gatedMlp(lambda: number, n: number, testGate: 'paper' | 'median'): tf.Sequential {
  const common = { testGate, ...(lambda > 0 ? { lambda, datasetSize: n } : {}) };
  return tf.sequential({
    layers: [
      l0Dense({ units: 300, inputShape: [784], activation: 'relu', dropRate: 0.2, seed: 1, ...common }),
      l0Dense({ units: 100, activation: 'relu', seed: 2, ...common }),
      l0Dense({ units: 10, activation: 'softmax', seed: 3, ...common }),
    ],
  });
}

/**
 * The anchors' settings, with their 200 epochs over 60,000 digits compressed into this run's minibatches. Penalized
 * (AMLab): Adam 1e-3, batch 100, λ·E[L0]/N, the paper's evaluation gate. Constrained
 * (constrained_sparsity's MNIST config): Adam 7e-4, batch 128, dual step 1e-4, the median
 * evaluation gate. Adam moves each log α by at most about one step size per minibatch, so the
 * gates' step (and the dual step, which integrates the violation once per minibatch) are scaled
 * by the ratio of minibatch counts: a shorter run can then move the gates as far as the anchor's
 * run does. The weights keep the anchor's step.
 */
function anchorSettings(mode: 'penalized' | 'constrained', epochs: number, n: number) {
  const batchSize = mode === 'penalized' ? 100 : 128;
  const compress = (200 * Math.ceil(60000 / batchSize)) / (Math.max(1, epochs) * Math.ceil(n / batchSize));
  return mode === 'penalized'
    ? { lr: 1e-3, gateLr: 1e-3 * compress, batchSize, testGate: 'paper' as const, dualLr: 0 }
    : { lr: 7e-4, gateLr: 7e-4 * compress, batchSize, testGate: 'median' as const, dualLr: 1e-4 * compress };
}

/** Purges the trained model and reports the final point: stored density, error, magnitude baseline's error. */
async function finish(model: tf.LayersModel, spec: ErrorDensitySpec, ctx: SolverContext): Promise<void> {
  const plain = purge(model);
  const kernels = plain.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getWeights()[0]);
  const nz = kernels.reduce((a, k) => a + tf.tidy(() => tf.sum(tf.cast(tf.notEqual(k, 0), 'float32')).dataSync()[0]), 0);
  const density = nz / expectedL0(model).total;
  const error = testError(plain, spec.data.test);
  const metrics = { density, error, magnitudeError: await magnitudeError(spec.data, density), expectedDensity: expectedL0(model).fraction };
  ctx.report({ iteration: spec.epochs + 1, objective: error, metrics });
  plain.dispose();
}

const errorDensitySolver = (mode: 'penalized' | 'constrained', grid: number[]): BenchSolver<ErrorDensitySpec> => ({
  name: `l0-${mode}`,
  problems: ['l0-mlp-error-density'],
  params: mode === 'penalized' ? { lambda: grid } : { epsilon: grid },
  run: async (spec, ctx) => {
    const value = Number(ctx.params[mode === 'penalized' ? 'lambda' : 'epsilon']);
    const anchor = anchorSettings(mode, spec.epochs, spec.data.train.x.shape[0]);
    const model = gatedMlp(mode === 'penalized' ? value : 0, spec.data.train.x.shape[0], anchor.testGate);
    const [weights, gates] = [tf.train.adam(anchor.lr), tf.train.adam(anchor.gateLr)];
    const note = (epoch: number, constraint?: { multiplier: number; violation: number }) => {
      const metrics: Record<string, number> = { expectedDensity: expectedL0(model).fraction, ...constraint };
      ctx.report({ iteration: epoch + 1, objective: testError(model, spec.data.test), metrics });
    };
    try {
      if (mode === 'penalized') {
        // gateOptimizer also clamps log α after every step, as the anchors do
        model.compile({ optimizer: gateOptimizer(model, { weights, gates }), loss: 'categoricalCrossentropy' });
        const onEpochEnd = async (epoch: number) => note(epoch);
        await model.fit(spec.data.train.x, spec.data.train.y, {
          epochs: spec.epochs,
          batchSize: anchor.batchSize,
          verbose: 0,
          callbacks: { onEpochEnd },
        });
      } else {
        const out = fitConstrained(model, spec.data.train, {
          epsilon: value,
          epochs: spec.epochs,
          batchSize: anchor.batchSize,
          loss: 'categoricalCrossentropy',
          primal: weights,
          gateOptimizer: gates,
          dualLr: anchor.dualLr,
          seed: ctx.seed,
          onEpochEnd: (h) => note(h.epoch, { multiplier: h.multiplier[0], violation: h.violation[0] }),
        });
        if (isLeft(out)) throw out.left;
      }
      await finish(model, spec, ctx);
    } finally {
      weights.dispose();
      gates.dispose();
      model.dispose();
    }
  },
});

/** The problem and its two solver families for a λ grid and an ε grid. */
export function errorDensity(grids: { lambda: number[]; epsilon: number[] }): {
  problem: BenchProblem<MnistData, ErrorDensitySpec>;
  solvers: BenchSolver<ErrorDensitySpec>[];
} {
  return {
    problem: {
      name: 'l0-mlp-error-density',
      datasets: ['mnist-subset'],
      create: (data) => ({ spec: { data, epochs: data.epochs } }),
    },
    solvers: [errorDensitySolver('penalized', grids.lambda), errorDensitySolver('constrained', grids.epsilon)],
  };
}
