/**
 * models-l0 suite: the training epoch of an MLP with structured hard-concrete L0 gates
 * (784-300-100-10, AMLab's recipe: Adam 1e-3, batch 100, λ = 0.1, N = n) in tfjs `model.fit`
 * against the same model written in torch on the CPU at matched threads. Inputs are seeded
 * random pixels: only the time is measured here (accuracy and density are the example's job).
 */
import * as tf from '@tensorflow/tfjs';
import { l0Dense } from '@sparsekit/models-l0';
import { fitBatches } from '@sparsekit/solvers/stochastic';
import { createRng } from '@sparsekit/tensor';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';

interface EpochSpec {
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
 * `gated`: the L0 MLP; otherwise the same MLP without gates, to separate the gates' cost from
 * tfjs's own. `lean`: the epoch through `fitBatches` (the same training step without fit's
 * per-batch overhead) instead of `model.fit`.
 */
const tfjsEpoch = (gated: boolean, lean = false) =>
  timingSolver<EpochSpec>({
    name: `${gated ? 'tfjs-l0dense' : 'tfjs-dense-no-gates'}${lean ? '-fit-batches' : ''}`,
    problems: ['l0-mlp-epoch'],
    samples: 3,
    prepare: ({ n, batch }, ctx) => {
      const rng = createRng(ctx.seed);
      const x = rng.uniform([n, SIZES[0]]);
      const labels = tf.tensor1d(
        rng.permutationArray(n).map((v) => v % SIZES[3]),
        'int32',
      );
      const y = tf.oneHot(labels, SIZES[3]);
      labels.dispose();
      const model = gated ? gatedMlp(n, ctx.seed) : denseMlp(ctx.seed);
      model.compile({ optimizer: tf.train.adam(1e-3), loss: (t: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, p) });
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
          tf.dispose([x, y]);
        },
      };
    },
  });

const torchEpoch = pythonTimingSolver<EpochSpec>({
  name: 'torch',
  modules: ['torch'],
  script: 'torch_l0_mlp.py',
  problems: ['l0-mlp-epoch'],
  request: ({ n, batch, threads }) => ({ sizes: SIZES, n, batch, threads, samples: 3, warmup: 1 }),
});

/**
 * The models-l0 suite: `quick` times an epoch over 1,000 examples, `full` over 10,000 and
 * 60,000 (the MNIST training-set size), one thread for torch (the tfjs wasm backend runs on one
 * thread unless configured otherwise).
 *
 * @example
 * ```ts
 * import modelsL0Suite from '@sparsekit/bench/suites/models-l0';
 * modelsL0Suite({ size: 'quick' }).solvers.map((s) => s.name); // ['torch', 'tfjs-l0dense', 'tfjs-dense-no-gates', 'tfjs-l0dense-fit-batches', ...]
 * ```
 */
export default function modelsL0Suite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  return definePlugin({
    name: 'models-l0',
    datasets: [{ name: 'random-pixels', params: { n: full ? [10000, 60000] : [1000] }, load: (p) => ({ n: Number(p.n) }) }],
    problems: [
      {
        name: 'l0-mlp-epoch',
        kind: 'timing',
        params: { threads: [1] },
        create: (d: { n: number }, p) => ({
          spec: { n: d.n, batch: 100, threads: Number(p.threads) },
          work: { amount: d.n, unit: 'example' },
        }),
      },
    ],
    solvers: [torchEpoch, tfjsEpoch(true), tfjsEpoch(false), tfjsEpoch(true, true), tfjsEpoch(false, true)],
  });
}
