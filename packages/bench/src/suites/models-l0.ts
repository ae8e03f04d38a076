/**
 * models-l0 suite. `l0-mlp-epoch`: the training epoch of an MLP with structured hard-concrete L0
 * gates (784-300-100-10, AMLab's recipe: Adam 1e-3, batch 100, λ = 0.1, N = n) in tfjs
 * `model.fit` on MNIST images (official training split, seeded subset) against the same model in
 * torch on the CPU at matched threads (the native BLAS kernels run at torch's thread count; torch
 * times random pixels of the same shape: the time of a dense epoch does not depend on the pixel
 * values). `l0-mlp-error-density`: test error vs density for penalized and constrained L0 training
 * next to magnitude pruning at equal density.
 */
import * as tf from '@tensorflow/tfjs';
import { l0Dense } from '@sparsekit/models-l0';
import { nativeKernelStatus, setNativeThreads } from '@sparsekit/native';
import { FusedAdam, fitBatches } from '@sparsekit/solvers/stochastic';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';
import { type DessiCut, dessiLenet } from './l0/dessi-lenet.js';
import { errorDensity, mnistDataset, type MnistData } from './l0/error-density.js';
import { l0Lenet } from './l0/l0-lenet.js';

interface EpochSpec {
  readonly data: MnistData;
  readonly n: number;
  readonly batch: number;
  readonly threads: number;
}

const SIZES = [784, 300, 100, 10] as const;

function gatedMlp(n: number, seed: number): tf.Sequential {
  const penalty = { lambda: 0.1, datasetSize: n };
  return tf.sequential({
    layers: [
      l0Dense({ units: SIZES[1], inputShape: [SIZES[0]], activation: 'relu', dropRate: 0.2, seed, ...penalty }),
      l0Dense({ units: SIZES[2], activation: 'relu', seed: seed + 1, ...penalty }),
      l0Dense({ units: SIZES[3], seed: seed + 2, ...penalty }),
    ],
  });
}

function denseMlp(seed: number): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: s });
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: SIZES[1], inputShape: [SIZES[0]], activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.dense({ units: SIZES[2], activation: 'relu', kernelInitializer: init(seed + 1) }),
      tf.layers.dense({ units: SIZES[3], kernelInitializer: init(seed + 2) }),
    ],
  });
}

/**
 * Runs the native BLAS kernels (when installed) at the peer's thread count, so both sides get the
 * same threads whatever `OPENBLAS_NUM_THREADS` says; returns what puts the previous count back.
 */
function matchBlasThreads(threads: number): () => void {
  const before = nativeKernelStatus();
  if (!before.available || before.threads === undefined || before.threads === threads) return () => {};
  setNativeThreads(threads);
  return () => {
    if (nativeKernelStatus().available && before.threads !== undefined) setNativeThreads(before.threads);
  };
}

interface EpochVariant {
  /** The L0 MLP; otherwise the same MLP without gates, to separate the gates' cost from tfjs's own. */
  readonly gated: boolean;
  /** The epoch through `fitBatches` (the same training step without fit's per-batch overhead) instead of `model.fit`. */
  readonly lean?: boolean;
  /** `FusedAdam` (one native kernel per variable) instead of `tf.train.adam` (14 kernels per variable). */
  readonly fused?: boolean;
}

const tfjsEpoch = ({ gated, lean = false, fused = false }: EpochVariant) =>
  timingSolver<EpochSpec>({
    name: `${gated ? 'tfjs-l0dense' : 'tfjs-dense-no-gates'}${lean ? '-fit-batches' : ''}${fused ? '-fused-adam' : ''}`,
    problems: ['l0-mlp-epoch'],
    samples: 3,
    prepare: ({ data, n, batch, threads }, ctx) => {
      const restoreThreads = matchBlasThreads(threads);
      const { x, y } = data.train;
      const model = gated ? gatedMlp(n, ctx.seed) : denseMlp(ctx.seed);
      const optimizer = fused ? new FusedAdam(1e-3) : tf.train.adam(1e-3);
      // the loss function itself (not a closure): fitBatches recognizes it and runs it as one host node
      model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy });
      const call = async () => {
        const h = lean
          ? await fitBatches(model, x, y, { batchSize: batch, shuffle: false })
          : await model.fit(x, y, { epochs: 1, batchSize: batch, shuffle: false, verbose: 0 });
        return Number(h.history.loss[0]);
      };
      return {
        call,
        dispose: () => {
          model.dispose();
          optimizer.dispose();
          restoreThreads();
        },
      };
    },
  });

/** torch's epoch of the gated MLP, or (`gated: false`) of the same MLP without gates. */
const torchEpoch = (gated: boolean) =>
  pythonTimingSolver<EpochSpec>({
    name: gated ? 'torch' : 'torch-dense-no-gates',
    modules: ['torch'],
    script: 'torch_l0_mlp.py',
    problems: ['l0-mlp-epoch'],
    request: ({ n, batch, threads }: EpochSpec) => ({ sizes: SIZES, n, batch, threads, gated, samples: 3, warmup: 1 }),
  });

/**
 * The models-l0 suite. `quick`: an epoch over 1,000 training images; error vs density at ε = 0.33
 * and λ = 0.1 on 1,000 training / 1,000 test images, 2 epochs (a pipeline check: no gate closes
 * that early). `full`: epochs over 10,000 and all 60,000 training images; error vs density for
 * ε ∈ {0.2, 0.33, 0.5} and λ ∈ {0.05, 0.1, 0.2} (λ·E[L0]/N with N = 60,000, AMLab's scaling) on the
 * official 60,000 / 10,000 split, 25 epochs per run with the anchors' settings (each run takes
 * about half an hour on 2 shared cores: pass `--timeout 2400`). `dessi-lenet5-prune`: DessiLbi on
 * LeNet-5, DessiLBI's demo cut (80% of conv3 and fc1) and 80.3% of all conv filters under one threshold,
 * pruned by prune order and fine-tuned, next to SGD pruned by magnitude (quick: 2,000 training / 1,000 test
 * images, 2 + 1 epochs; full: 60,000 / 10,000, 6 + 2 epochs, lr ÷10 after 4). `l0-lenet5`: LeNet-5-Caffe
 * with `l0Conv2d`/`l0Dense` gates, constrained (ε = 10% model-wise) and penalized (AMLab's L0 and
 * L0-sep λ per layer): architecture kept, densities and test error next to a dense LeNet
 * magnitude-pruned to the same stored density (quick: 1,000 training / 1,000 test images, 2 epochs, a
 * pipeline check of about a minute; full: the official 60,000 / 10,000 split, 12 epochs, about an
 * hour per run on 2 shared cores: pass `--timeout 7200`).
 *
 * @example
 * ```ts
 * import modelsL0Suite from '@sparsekit/bench/suites/models-l0';
 * modelsL0Suite({ size: 'quick' }).solvers.map((s) => s.name); // ['torch', 'torch-dense-no-gates', 'tfjs-l0dense', ...]
 * ```
 */
/** DessiLBI's demo cut (conv3 and fc1 at 80%) and all conv filters at 80.3% (numpy's percentile keeps 28 of 142). */
const dessiCuts: DessiCut[] = [
  { layers: 'demo', percent: 80 },
  { layers: 'pooled', percent: 80.3 },
];

export default function modelsL0Suite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const quality = full
    ? errorDensity({ lambda: [0.05, 0.1, 0.2], epsilon: [0.2, 0.33, 0.5] })
    : errorDensity({ lambda: [0.1], epsilon: [0.33] });
  const dessi = dessiLenet(
    full
      ? { dataset: 'mnist-dessi', interval: 4, fineTune: 2, cuts: dessiCuts }
      : { dataset: 'mnist-dessi', interval: 20, fineTune: 1, cuts: dessiCuts },
  );
  const lenet = l0Lenet('mnist-lenet');
  return definePlugin({
    name: 'models-l0',
    datasets: [
      mnistDataset('mnist', { train: full ? [10000, 60000] : [1000], test: [1000], epochs: 1 }),
      mnistDataset('mnist-subset', full ? { train: [60000], test: [10000], epochs: 25 } : { train: [1000], test: [1000], epochs: 2 }),
      mnistDataset('mnist-dessi', full ? { train: [60000], test: [10000], epochs: 6 } : { train: [2000], test: [1000], epochs: 2 }),
      mnistDataset('mnist-lenet', full ? { train: [60000], test: [10000], epochs: 12 } : { train: [1000], test: [1000], epochs: 2 }),
    ],
    problems: [
      {
        name: 'l0-mlp-epoch',
        kind: 'timing',
        datasets: ['mnist'],
        params: { threads: [1] },
        create: (data: MnistData, p) => {
          const n = data.train.x.shape[0];
          return { spec: { data, n, batch: 100, threads: Number(p.threads) }, work: { amount: n, unit: 'example' } };
        },
      },
      quality.problem,
      dessi.problem,
      lenet.problem,
    ],
    solvers: [
      torchEpoch(true),
      torchEpoch(false),
      ...[false, true].flatMap((fused) => [false, true].flatMap((lean) => [true, false].map((gated) => tfjsEpoch({ gated, lean, fused })))),
      ...quality.solvers,
      ...dessi.solvers,
      ...lenet.solvers,
    ],
  });
}
