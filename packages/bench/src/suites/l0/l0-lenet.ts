/**
 * LeNet-5-Caffe (conv 20 → pool → conv 50 → pool → dense 500 → 10) with `l0Conv2d` channel gates and
 * `l0Dense` input-feature gates on MNIST: the architecture each L0 run keeps and its test error.
 *
 * - `l0-constrained` (ε = 10% model-wise, `fitConstrained`): constrained_sparsity's MNIST settings
 *   (Adam 7e-4, batch 128, median evaluation gate, drop rate 0.5) with its 200 epochs compressed:
 *   the gates' Adam step and the dual step are multiplied by the ratio of minibatch counts, and the
 *   dual step by a further 32 (a tight conv-net target needs a large multiplier while the gates can
 *   still move; the example's LeNet schedule).
 * - `l0-penalized` (`mode` `l0` or `l0-sep`): AMLab's LeNet script (Adam 1e-3, batch 100, drop rate
 *   0.5, the paper's evaluation gate, N = 60,000, weight decay 5e-4 as the layers' prior precision)
 *   with λ per weight and per gated layer: 1 everywhere (`l0`, the script's default) or 10, 0.5,
 *   0.1, 10 on conv1, conv2, dense1, dense2 (`l0-sep`, Louizos et al.'s separate λ); the gates' Adam step is scaled by the
 *   minibatch ratio as above, the weights keep theirs.
 *
 * Each epoch reports the test error as the objective and the expected density (and for the
 * constrained run the multiplier and the violation density − ε). The last point carries the stored
 * density of the purged model, its error, the error of a dense LeNet-5-Caffe trained on the same
 * data and epochs (Adam 1e-3, batch 100) and of that net magnitude-pruned to the same stored density
 * (one global threshold, no fine-tuning), and a curve `architecture kept`: conv filters, conv
 * filters, dense inputs in use, hidden units. The published rows travel as a second curve
 * (reference values, not measured here): Louizos et al. 20-25-45-462 at 0.9% (L0) and 9-18-65-25 at
 * 1.0% (L0-sep), an independent reproduction of L0-sep 14-19-36-21 at 1.27%, and Gallego-Posada et
 * al. at ε = 10%: 12.2% expected / 7.7% stored density at 1.01% error (no architecture published).
 * The conv filter gradient needs the cpu backend or wasm with the native kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { expectedL0, fitConstrained, gateOptimizer, l0Lenet5Caffe, lenet5CaffeArchitecture, purge } from '@sparsekit/models-l0';
import type { BenchProblem, BenchSolver, Curve, SolverContext } from '../../types.js';
import type { MnistData } from './error-density.js';

export interface LenetSpec {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor2D;
  readonly testX: tf.Tensor4D;
  readonly testY: tf.Tensor2D;
  readonly epochs: number;
  readonly data: MnistData;
}

type Mode = 'constrained' | 'l0' | 'l0-sep';

const LAMBDAS: Record<'l0' | 'l0-sep', number[]> = { l0: [1, 1, 1, 1], 'l0-sep': [10, 0.5, 0.1, 10] };

/** Reference rows (published, not measured): architecture and error. */
const PUBLISHED: Record<Mode, { architecture: number[]; note: string }[]> = {
  constrained: [],
  l0: [{ architecture: [20, 25, 45, 462], note: 'Louizos et al. L0: 0.9% (60,000 digits, 200 epochs)' }],
  'l0-sep': [
    { architecture: [9, 18, 65, 25], note: 'Louizos et al. L0-sep: 1.0% (60,000 digits, 200 epochs)' },
    { architecture: [14, 19, 36, 21], note: 'independent reproduction of L0-sep: 1.27%' },
  ],
};

function gatedLenet(mode: Mode, seed: number): tf.Sequential {
  const penalty = mode === 'constrained' ? undefined : { lambdas: LAMBDAS[mode], datasetSize: 60000, weightDecay: 5e-4 };
  return l0Lenet5Caffe({ testGate: mode === 'constrained' ? 'median' : 'paper', seed, ...(penalty ? { penalty } : {}) });
}

function denseLenet(seed: number): tf.Sequential {
  const init = (s: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed: s }) });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: 'relu', ...init(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu', ...init(seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 500, activation: 'relu', ...init(seed + 2) }),
      tf.layers.dense({ units: 10, activation: 'softmax', ...init(seed + 3) }),
    ],
  });
}

/** Test error in chunks of 1,000 images (the conv activations of 10,000 at once are large). */
export function lenetTestError(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor2D): number {
  const n = x.shape[0];
  let hits = 0;
  for (let s = 0; s < n; s += 1000) {
    const m = Math.min(1000, n - s);
    hits += tf.tidy(() => {
      const p = model.predict(x.slice([s, 0, 0, 0], [m, 28, 28, 1])) as tf.Tensor;
      return tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(y.slice([s, 0], [m, 10]), 1)), 'float32')).dataSync()[0];
    });
  }
  return 1 - hits / n;
}

const kernels = (m: tf.LayersModel) =>
  m.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName())).map((l) => l.getWeights()[0] as tf.Tensor);
const nonZero = (k: tf.Tensor) => tf.tidy(() => tf.sum(tf.cast(tf.notEqual(k, 0), 'float32')).dataSync()[0]);

/** The dense reference of this dataset, trained once (Adam 1e-3, batch 100, the same epochs). */
async function denseReference(spec: LenetSpec): Promise<tf.Sequential> {
  spec.data.dense ??= (async () => {
    const model = denseLenet(1);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    await model.fit(spec.x, spec.y, { epochs: spec.epochs, batchSize: 100, shuffle: true, verbose: 0 });
    return model;
  })();
  return spec.data.dense;
}

/** Test error of the dense reference with all kernels magnitude-pruned (one global threshold) to `density`; weights restored. */
export function magnitudePrunedError(dense: tf.LayersModel, spec: Pick<LenetSpec, 'testX' | 'testY'>, density: number): number {
  const layers = dense.layers.filter((l) => l.getWeights().length > 0);
  const saved = layers.map((l) => l.getWeights().map((w) => tf.clone(w)));
  const magnitudes = Float32Array.from(saved.flatMap(([k]) => Array.from(tf.tidy(() => tf.abs(k).dataSync())))).sort();
  const threshold = magnitudes[Math.min(magnitudes.length - 1, Math.floor((1 - density) * magnitudes.length))];
  layers.forEach((l, i) => {
    const pruned = tf.tidy(() => tf.where(tf.greaterEqual(tf.abs(saved[i][0]), threshold), saved[i][0], tf.zerosLike(saved[i][0])));
    l.setWeights([pruned, saved[i][1]]);
    pruned.dispose();
  });
  const e = lenetTestError(dense, spec.testX, spec.testY);
  layers.forEach((l, i) => l.setWeights(saved[i]));
  tf.dispose(saved.flat());
  return e;
}

const layerAxis = { xTitle: 'layer (conv1, conv2, dense inputs in use, hidden units)', yTitle: 'kept' };

/** Purges the trained model and reports the final point with the architecture and the baselines. */
async function finish(model: tf.LayersModel, mode: Mode, spec: LenetSpec, ctx: SolverContext): Promise<void> {
  const plain = purge(model);
  try {
    const density = kernels(plain).reduce((a, k) => a + nonZero(k), 0) / expectedL0(model).total;
    const error = lenetTestError(plain, spec.testX, spec.testY);
    const architecture = lenet5CaffeArchitecture(plain);
    const dense = await denseReference(spec);
    const metrics = {
      density,
      error,
      magnitudeError: magnitudePrunedError(dense, spec, density),
      expectedDensity: expectedL0(model).fraction,
      denseReference: lenetTestError(dense, spec.testX, spec.testY),
    };
    const at = (a: number[], note: string): Curve => ({ x: [1, 2, 3, 4], y: a, note, ...layerAxis });
    const curves: Record<string, Curve> = { 'architecture kept': at(architecture, `${architecture.join('-')} at ${pct(error)}`) };
    PUBLISHED[mode].forEach((p, i) => {
      curves[`published architecture ${i + 1} (reference, not measured)`] = at(p.architecture, p.note);
    });
    ctx.report({ iteration: spec.epochs + 1, objective: error, metrics, curves });
  } finally {
    plain.dispose();
  }
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** Minibatch ratio of the anchors' 200 epochs over 60,000 digits to this run's. */
const compression = (spec: LenetSpec, batch: number) =>
  (200 * Math.ceil(60000 / batch)) / (Math.max(1, spec.epochs) * Math.ceil(spec.x.shape[0] / batch));

async function trainPenalized(model: tf.LayersModel, spec: LenetSpec, note: (epoch: number) => void): Promise<void> {
  const [weights, gates] = [tf.train.adam(1e-3), tf.train.adam(1e-3 * compression(spec, 100))];
  try {
    model.compile({ optimizer: gateOptimizer(model, { weights, gates }), loss: 'categoricalCrossentropy' });
    const onEpochEnd = async (epoch: number) => note(epoch);
    await model.fit(spec.x, spec.y, { epochs: spec.epochs, batchSize: 100, verbose: 0, callbacks: { onEpochEnd } });
  } finally {
    weights.dispose();
    gates.dispose();
  }
}

function trainConstrained(
  model: tf.LayersModel,
  spec: LenetSpec,
  seed: number,
  note: (epoch: number, c: { multiplier: number; violation: number }) => void,
): void {
  const c = compression(spec, 128);
  const [weights, gates] = [tf.train.adam(7e-4), tf.train.adam(7e-4 * c)];
  try {
    const out = fitConstrained(
      model,
      { x: spec.x, y: spec.y },
      {
        epsilon: 0.1,
        epochs: spec.epochs,
        batchSize: 128,
        loss: 'categoricalCrossentropy',
        primal: weights,
        gateOptimizer: gates,
        dualLr: 1e-4 * c * 32,
        seed,
        onEpochEnd: (h) => note(h.epoch, { multiplier: h.multiplier[0], violation: h.violation[0] }),
      },
    );
    if (isLeft(out)) throw out.left;
  } finally {
    weights.dispose();
    gates.dispose();
  }
}

const lenetSolver = (family: 'constrained' | 'penalized'): BenchSolver<LenetSpec> => ({
  name: `l0-${family}`,
  problems: ['l0-lenet5'],
  params: family === 'penalized' ? { mode: ['l0', 'l0-sep'] } : { epsilon: [0.1] },
  run: async (spec, ctx) => {
    const mode = (family === 'penalized' ? String(ctx.params.mode) : 'constrained') as Mode;
    const model = gatedLenet(mode, ctx.seed);
    const note = (epoch: number, constraint?: { multiplier: number; violation: number }) => {
      const metrics = { expectedDensity: expectedL0(model).fraction, ...constraint };
      ctx.report({ iteration: epoch + 1, objective: lenetTestError(model, spec.testX, spec.testY), metrics });
    };
    try {
      if (mode === 'constrained') trainConstrained(model, spec, ctx.seed, note);
      else await trainPenalized(model, spec, note);
      await finish(model, mode, spec, ctx);
    } finally {
      model.dispose();
    }
  },
});

/** The problem on an MNIST dataset of the suite (images reshaped to 28×28×1) and its two solver families. */
export function l0Lenet(dataset: string): { problem: BenchProblem<MnistData, LenetSpec>; solvers: BenchSolver<LenetSpec>[] } {
  return {
    problem: {
      name: 'l0-lenet5',
      datasets: [dataset],
      create: (data) => {
        const img = (x: tf.Tensor2D) => tf.reshape(x, [-1, 28, 28, 1]) as tf.Tensor4D;
        const [x, testX] = [img(data.train.x), img(data.test.x)];
        const spec: LenetSpec = { x, y: data.train.y, testX, testY: data.test.y, epochs: data.epochs, data };
        return { spec, dispose: () => tf.dispose([x, testX]) };
      },
    },
    solvers: [lenetSolver('constrained'), lenetSolver('penalized')],
  };
}
