/**
 * DessiLbi on the LeNet-5 of the DessiLbi MNIST example (conv 6 → pool → conv 16 → pool → conv 120
 * → dense 84 → 10): accuracy vs filter sparsity next to SGD. `dessilbi` trains with the recipe (lr
 * 0.1 divided by 10 every `interval` epochs, κ = 1, μ = 20, momentum 0.9, batch 128, group sparsity
 * on the conv kernels, l1 on the dense kernels) and reports the test error and the conv filters
 * outside supp(Γ) per epoch; then, for each cut ({@link DessiCut}), it prunes by DessiLbi's prune order
 * (conv filters with their biases, dense weights one by one), fine-tunes with masked SGD (lr 0.01, pruned
 * weights held at 0) and reports the error and the sparsity reached. `sgd` trains the same net with SGD for
 * the same number of epochs plus the fine-tuning epochs, then prunes each cut by magnitude (filter norm, |w|)
 * and fine-tunes the same way (the baseline).
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
  readonly cuts: readonly DessiCut[];
}

/**
 * A prune cut: `percent` % of the lowest-ranked filters of conv3 ('last', DessiLBI's prune demo), of conv3 and
 * (weight by weight) of the first dense kernel ('demo', the demo's second cut: conv3 and fc1), of every conv layer
 * ('all', each layer at `percent`) or of all conv filters under one threshold ('pooled': `percent` of all of them).
 */
export interface DessiCut {
  readonly layers: 'last' | 'demo' | 'all' | 'pooled';
  readonly percent: number;
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

/** A kernel held at its mask while fine-tuning: per output filter (conv, with the bias) or per weight (dense). */
interface Held {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
  readonly mask: number[];
}

/** The kernels a cut prunes, in layer order. */
function cutKernels(model: tf.LayersModel, layers: DessiCut['layers']): tf.Variable[] {
  const kernels = model.layers.filter((l) => l.trainableWeights.length > 0).map((l) => l.trainableWeights[0].read() as tf.Variable);
  const conv = kernels.filter((k) => k.rank === 4);
  return layers === 'all' || layers === 'pooled'
    ? conv
    : layers === 'last'
      ? conv.slice(-1)
      : [...conv.slice(-1), kernels.filter((k) => k.rank === 2)[0]];
}

function held(model: tf.LayersModel, kernel: tf.Variable, mask: number[]): Held {
  const layer = model.layers.find((l) => l.trainableWeights[0]?.read() === kernel)!;
  return { kernel, bias: kernel.rank === 4 ? (layer.trainableWeights[1].read() as tf.Variable) : undefined, mask };
}

const maskTensor = (h: Held) =>
  h.mask.length === h.kernel.shape[h.kernel.rank - 1] ? tf.tensor1d(h.mask) : tf.tensor(h.mask, h.kernel.shape);

/** Fine-tunes with SGD (lr 0.01, momentum 0.9), re-zeroing the pruned filters, their biases and pruned dense weights after each batch. */
async function fineTune(model: tf.LayersModel, spec: DessiSpec, kept: readonly Held[], seed: number): Promise<void> {
  const masks = kept.map(maskTensor);
  const hold = () =>
    tf.tidy(() =>
      kept.forEach((h, i) => {
        h.kernel.assign(tf.mul(h.kernel, masks[i]));
        if (h.bias) h.bias.assign(tf.mul(h.bias, masks[i]));
      }),
    );
  const opt = tf.train.momentum(0.01, 0.9);
  model.compile({ optimizer: opt, loss });
  const rng = createRng(seed + 1);
  for (let e = 0; e < spec.fineTune; e++) await fitEpoch(model, spec, rng, { onBatchEnd: async () => hold() });
  opt.dispose();
  tf.dispose(masks);
}

/** Pruned shares: of the filters of the pruned conv layers, of all conv filters, of the pruned dense weights. */
function sparsity(model: tf.LayersModel, kept: readonly Held[]) {
  const zeros = (hs: Held[]) => hs.reduce((a, h) => a + h.mask.length - h.mask.reduce((b, c) => b + c, 0), 0);
  const size = (hs: Held[]) => hs.reduce((a, h) => a + h.mask.length, 0);
  const [conv, dense] = [kept.filter((h) => h.kernel.rank === 4), kept.filter((h) => h.kernel.rank === 2)];
  const allFilters = cutKernels(model, 'all').reduce((a, k) => a + k.shape[3]!, 0);
  return {
    filterSparsity: zeros(conv) / size(conv),
    allConvSparsity: zeros(conv) / allFilters,
    denseSparsity: dense.length ? zeros(dense) / size(dense) : 0,
  };
}

/** For each cut: prune (returns the kept masks), fine-tune, report, `undo`, restore the trained weights. */
async function pruneSweep(model: tf.LayersModel, spec: DessiSpec, ctx: SolverContext, prune: (cut: DessiCut) => Held[], undo = () => {}) {
  const trained = model.getWeights().map((w) => tf.clone(w));
  for (const [i, cut] of spec.cuts.entries()) {
    const kept = prune(cut);
    const errorBeforeFineTune = testError(model, spec);
    await fineTune(model, spec, kept, ctx.seed);
    const metrics = { percent: cut.percent, ...sparsity(model, kept), errorBeforeFineTune, error: testError(model, spec) };
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
      await pruneSweep(
        model,
        spec,
        ctx,
        (cut) => {
          const kernels = cutKernels(model, cut.layers);
          const results = opt.pruneByOrder(
            cut.percent,
            kernels.map((k) => k.name),
            { pruneBias: true, pooled: cut.layers === 'pooled' },
          );
          return results.map((r, i) => held(model, kernels[i], r.mask));
        },
        () => opt.recover(),
      );
    } finally {
      opt.dispose();
      model.dispose();
    }
  },
};

/** numpy.percentile (linear), DessiLBI's threshold rule. */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  return sorted[lo] + (pos - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
}

/**
 * Magnitude pruning (the baseline): conv kernels keep the filters with norm ≥ the percentile (and their biases), dense
 * ones |w| > it; a pooled cut takes one percentile over the filter norms of every conv layer.
 */
function pruneByMagnitude(model: tf.LayersModel, cut: DessiCut): Held[] {
  const kernels = cutKernels(model, cut.layers);
  const scores = kernels.map((kernel) =>
    tf.tidy(() =>
      Array.from((kernel.rank === 4 ? tf.norm(tf.reshape(kernel, [-1, kernel.shape[3]!]), 'euclidean', 0) : tf.abs(kernel)).dataSync()),
    ),
  );
  const pooled = cut.layers === 'pooled' ? percentile(scores.flat(), cut.percent) : undefined;
  return kernels.map((kernel, i) => {
    const [conv, score] = [kernel.rank === 4, scores[i]];
    const t = pooled ?? percentile(score, cut.percent);
    const h = held(
      model,
      kernel,
      score.map((v) => ((conv ? v >= t : v > t) ? 1 : 0)),
    );
    tf.tidy(() => {
      const m = maskTensor(h);
      kernel.assign(tf.mul(kernel, m));
      if (h.bias) h.bias.assign(tf.mul(h.bias, m));
    });
    return h;
  });
}

const sgdSolver: BenchSolver<DessiSpec> = {
  name: 'sgd-magnitude',
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
      await pruneSweep(model, spec, ctx, (cut) => pruneByMagnitude(model, cut));
    } finally {
      opt.dispose();
      model.dispose();
    }
  },
};

/** The problem on an MNIST dataset of the suite, and its two solvers. */
export function dessiLenet(options: { dataset: string; interval: number; fineTune: number; cuts: DessiCut[] }): {
  problem: BenchProblem<MnistData, DessiSpec>;
  solvers: BenchSolver<DessiSpec>[];
} {
  return {
    problem: {
      name: 'dessi-lenet5-prune',
      datasets: [options.dataset],
      plots: [{ x: 'filterSparsity', y: 'error', title: 'test error vs filter sparsity of the pruned conv layers (pruned, fine-tuned)' }],
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
