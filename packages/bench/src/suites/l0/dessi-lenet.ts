/**
 * DessiLbi on the LeNet-5 of the DessiLbi MNIST example (conv 6 → pool → conv 16 → pool → conv 120
 * → dense 84 → 10): accuracy vs filter sparsity next to SGD. `dessilbi` trains with the recipe (lr
 * 0.1 divided by 10 every `interval` epochs, κ = 1, μ = 20, momentum 0.9, batch 128, group sparsity
 * on the conv kernels, l1 on the dense kernels) and reports the test error and the conv filters
 * outside supp(Γ) per epoch; then, for each percentage, it prunes that share of conv3's filters by
 * DessiLbi's prune order (biases too), fine-tunes with SGD (lr 0.01, pruned filters held at 0) and
 * reports the error. `sgd` trains the same net with SGD for the same number of epochs plus the
 * fine-tuning epochs, then prunes conv3 by filter norm and fine-tunes the same way (the baseline).
 * Both nets start from torch's default init (the reference's) and see the same seeded batch order
 * (`ctx.seed`), so a case repeats its numbers. The conv filter gradient needs the cpu backend or wasm with the native kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { filterSupport } from '@sparsekit/models-l0';
import { DessiLbi } from '@sparsekit/solvers/paths';
import { createRng, type Rng } from '@sparsekit/tensor';
import type { BenchProblem, BenchSolver, SolverContext } from '../../types.js';
import type { MnistData } from './error-density.js';

export interface DessiSpec {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor2D;
  readonly testX: tf.Tensor4D;
  readonly testY: tf.Tensor2D;
  readonly epochs: number;
  readonly interval: number;
  readonly fineTune: number;
  readonly percents: readonly number[];
}

/** torch's default Conv2d/Linear init, the reference's start: kernels and biases from U(±1/√fanIn), seeded. */
function init(fanIn: number, seed: number) {
  const bound = 1 / Math.sqrt(fanIn);
  const uniform = (s: number) => tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: s });
  return { kernelInitializer: uniform(seed), biasInitializer: uniform(seed + 1000) };
}
const loss = (y: tf.Tensor, logits: tf.Tensor): tf.Scalar => tf.losses.softmaxCrossEntropy(y, logits);

function lenet5(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 6, kernelSize: 5, padding: 'same', inputShape: [28, 28, 1], activation: 'relu', ...init(25, seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', ...init(150, seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 120, kernelSize: 5, activation: 'relu', ...init(400, seed + 2) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 84, activation: 'relu', ...init(120, seed + 3) }),
      tf.layers.dense({ units: 10, ...init(84, seed + 4) }),
    ],
  });
}

function testError(model: tf.LayersModel, spec: DessiSpec): number {
  const n = spec.testX.shape[0];
  let hits = 0;
  for (let s = 0; s < n; s += 1000) {
    const m = Math.min(1000, n - s);
    hits += tf.tidy(() => {
      const p = model.predict(spec.testX.slice([s, 0, 0, 0], [m, 28, 28, 1])) as tf.Tensor;
      return tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(spec.testY.slice([s, 0], [m, 10]), 1)), 'float32')).dataSync()[0];
    });
  }
  return 1 - hits / n;
}

/** One epoch (batch 128) in a permutation drawn from `rng`: `fit`'s own shuffling is unseeded (Math.random). */
async function fitEpoch(model: tf.LayersModel, spec: DessiSpec, rng: Rng, callbacks?: tf.CustomCallbackArgs): Promise<void> {
  const order = tf.tensor1d(rng.permutationArray(spec.x.shape[0]), 'int32');
  const [x, y] = [tf.gather(spec.x, order), tf.gather(spec.y, order)];
  try {
    await model.fit(x, y, { epochs: 1, batchSize: 128, shuffle: false, verbose: 0, callbacks });
  } finally {
    tf.dispose([order, x, y]);
  }
}

async function epochs(
  model: tf.LayersModel,
  spec: DessiSpec,
  seed: number,
  count: number,
  setLr: (lr: number) => void,
  after: (e: number) => void,
) {
  const rng = createRng(seed);
  for (let e = 0; e < count; e++) {
    setLr(0.1 * 0.1 ** Math.floor(e / spec.interval));
    await fitEpoch(model, spec, rng);
    after(e);
  }
}

/** conv3's kernel and bias. */
function lastConv(model: tf.LayersModel): { kernel: tf.Variable; bias: tf.Variable } {
  const [kernel, bias] = model.layers[4].trainableWeights.map((w) => w.read() as tf.Variable);
  return { kernel, bias };
}

/** Fine-tunes with the kept filters of conv3 only (mask per filter), re-zeroing the others after each batch. */
async function fineTune(model: tf.LayersModel, spec: DessiSpec, mask: number[], seed: number): Promise<void> {
  const { kernel, bias } = lastConv(model);
  const m = tf.tensor1d(mask);
  const hold = () =>
    tf.tidy(() => {
      kernel.assign(tf.mul(kernel, m));
      bias.assign(tf.mul(bias, m));
    });
  const opt = tf.train.momentum(0.01, 0.9);
  model.compile({ optimizer: opt, loss });
  const rng = createRng(seed + 1);
  for (let e = 0; e < spec.fineTune; e++) await fitEpoch(model, spec, rng, { onBatchEnd: async () => hold() });
  opt.dispose();
  m.dispose();
}

/** For each percentage: prune (returns the kept-filter mask), fine-tune, report, `undo`, restore the trained weights. */
async function pruneSweep(
  model: tf.LayersModel,
  spec: DessiSpec,
  ctx: SolverContext,
  prune: (percent: number) => number[],
  undo = () => {},
) {
  const trained = model.getWeights().map((w) => tf.clone(w));
  for (const [i, percent] of spec.percents.entries()) {
    const mask = prune(percent);
    const errorBeforeFineTune = testError(model, spec);
    await fineTune(model, spec, mask, ctx.seed);
    const filterSparsity = 1 - mask.reduce((a, b) => a + b, 0) / mask.length;
    const metrics = { percent, filterSparsity, errorBeforeFineTune, error: testError(model, spec) };
    ctx.report({ iteration: spec.epochs + spec.fineTune + 1 + i, objective: metrics.error, metrics });
    undo();
    model.setWeights(trained);
  }
  tf.dispose(trained);
}

const dessiSolver: BenchSolver<DessiSpec> = {
  name: 'dessilbi',
  problems: ['dessi-lenet5-prune'],
  run: async (spec, ctx) => {
    const model = lenet5(ctx.seed);
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20 });
    try {
      model.compile({ optimizer: opt, loss });
      const convNames = model.layers
        .filter((l) => l.getClassName() === 'Conv2D')
        .map((l) => (l.trainableWeights[0].read() as tf.Variable).name);
      await epochs(
        model,
        spec,
        ctx.seed,
        spec.epochs,
        (lr) => opt.setLearningRate(lr),
        (e) => {
          opt.updatePruneOrder(e);
          const conv = filterSupport(opt, model).filter((s) => convNames.includes(s.name));
          const filters = conv.reduce((a, s) => a + s.filters, 0);
          const filterSparsity = 1 - conv.reduce((a, s) => a + s.selected, 0) / filters;
          ctx.report({ iteration: e + 1, objective: testError(model, spec), metrics: { supportFilterSparsity: filterSparsity } });
        },
      );
      const name = lastConv(model).kernel.name;
      await pruneSweep(
        model,
        spec,
        ctx,
        (percent) => opt.pruneByOrder(percent, [name], { pruneBias: true })[0].mask,
        () => opt.recover(),
      );
    } finally {
      opt.dispose();
      model.dispose();
    }
  },
};

/** Filter-norm pruning of conv3 (keep the filters whose norm is at or above the percentile). */
function pruneByNorm(model: tf.LayersModel, percent: number): number[] {
  const { kernel, bias } = lastConv(model);
  const norms = tf.tidy(() => Array.from(tf.norm(tf.reshape(kernel, [-1, kernel.shape[3]!]), 'euclidean', 0).dataSync()));
  const sorted = [...norms].sort((a, b) => a - b);
  const pos = (percent / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const threshold = sorted[lo] + (pos - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
  const mask = norms.map((v) => (v >= threshold ? 1 : 0));
  tf.tidy(() => {
    const m = tf.tensor1d(mask);
    kernel.assign(tf.mul(kernel, m));
    bias.assign(tf.mul(bias, m));
  });
  return mask;
}

const sgdSolver: BenchSolver<DessiSpec> = {
  name: 'sgd-filter-norm',
  problems: ['dessi-lenet5-prune'],
  run: async (spec, ctx) => {
    const model = lenet5(ctx.seed);
    const opt = tf.train.momentum(0.1, 0.9);
    try {
      model.compile({ optimizer: opt, loss });
      await epochs(
        model,
        spec,
        ctx.seed,
        spec.epochs + spec.fineTune,
        (lr) => opt.setLearningRate(lr),
        (e) => ctx.report({ iteration: e + 1, objective: testError(model, spec) }),
      );
      await pruneSweep(model, spec, ctx, (percent) => pruneByNorm(model, percent));
    } finally {
      opt.dispose();
      model.dispose();
    }
  },
};

/** The problem on an MNIST dataset of the suite, and its two solvers. */
export function dessiLenet(options: { dataset: string; interval: number; fineTune: number; percents: number[] }): {
  problem: BenchProblem<MnistData, DessiSpec>;
  solvers: BenchSolver<DessiSpec>[];
} {
  return {
    problem: {
      name: 'dessi-lenet5-prune',
      datasets: [options.dataset],
      plots: [{ x: 'filterSparsity', y: 'error', title: 'test error vs conv3 filter sparsity (pruned, fine-tuned)' }],
      create: (data) => {
        const img = (x: tf.Tensor2D) => tf.reshape(x, [-1, 28, 28, 1]) as tf.Tensor4D;
        const [x, testX] = [img(data.train.x), img(data.test.x)];
        const spec: DessiSpec = { x, y: data.train.y, testX, testY: data.test.y, epochs: data.epochs, ...options };
        return { spec, dispose: () => tf.dispose([x, testX]) };
      },
    },
    solvers: [dessiSolver, sgdSolver],
  };
}
