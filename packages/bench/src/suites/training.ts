/**
 * training suite: per-iteration and per-epoch speed of the training loops.
 * - 'fw-iteration': one run of vanilla Frank-Wolfe (2/(t+2) step, L1 ball r = 5) on a 100-dim
 *   least-squares problem; work = iterations, so the report gives the time per iteration, against
 *   the same iterations in numpy as copt runs them (f and ∇f from scratch) and in numpy keeping the
 *   residual, as sparsekit does for a declared least-squares loss.
 * - 'mlp-epoch-sgd' / 'mlp-epoch-sfw': one epoch of the MLP 784-300-100-10 (softmax output,
 *   categorical cross-entropy) on MNIST digits, batch 100 in order, through `model.fit` and through `fitBatches`, with plain SGD (lr 0.1) against
 *   torch, and with `StochasticFrankWolfe` (each weight matrix in an L∞ ball of radius 0.1, lr 0.1,
 *   momentum 0.9, biases not trained) against chop's `stochastic.FrankWolfe` in torch. chop is not
 *   packaged: `SPARSEKIT_CHOP_PATH` names a checkout of github.com/openopt/chop (absent: "peer not
 *   installed").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1Ball, linfBall } from '@sparsekit/constraints';
import { frankWolfe } from '@sparsekit/solvers/full-batch';
import { squaredLoss } from '@sparsekit/solvers/losses';
import { fitBatches, StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
import { createRng } from '@sparsekit/tensor';
import { timingSolver } from '../adapters.js';
import { peerEnv, peerThreads, pythonHas, pythonPath } from '../baselines/python.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SuiteSize } from '../types.js';
import { readDigits } from './solvers/logistic.js';

const FW_DIM = 100;
const FW_RADIUS = 5;
const BATCH = 100;
const LR = 0.1;
const MOMENTUM = 0.9;
const LINF_RADIUS = 0.1;

interface LeastSquares {
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor1D;
  readonly iterations: number;
}

interface Digits {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly labels: number[];
  readonly dir: string;
  readonly file: string;
}

type Optimizer = 'sgd' | 'sfw';

interface EpochSpec extends Digits {
  readonly optimizer: Optimizer;
}

function leastSquares(seed: number, iterations: number): LeastSquares {
  const rng = createRng(seed);
  return { X: rng.normal([FW_DIM, FW_DIM]) as tf.Tensor2D, y: rng.normal([FW_DIM]) as tf.Tensor1D, iterations };
}

type FwCase = 'vanilla' | 'generic' | 'default';

const FW_NAMES: Record<FwCase, string> = {
  vanilla: 'sparsekit-fw',
  generic: 'sparsekit-fw-generic',
  default: 'sparsekit-fw-pairwise-backtracking',
};

/**
 * 'vanilla': the problem spreads the loss (its declared least-squares structure: the residual
 * path); 'generic': only its valueAndGrad (f, ∇f, the LMO and the gap as tensors every
 * iteration); 'default': the default variant and step (pairwise, backtracking).
 */
const sparsekitFw = (variant: FwCase) =>
  timingSolver<LeastSquares>({
    name: FW_NAMES[variant],
    problems: ['fw-iteration'],
    prepare: ({ X, y, iterations }) => {
      const loss = squaredLoss(X, y);
      const constraint = l1Ball(FW_RADIUS);
      const options = variant === 'default' ? {} : ({ step: 'sublinear', variant: 'vanilla' } as const);
      const smooth = variant === 'generic' ? { valueAndGrad: loss.valueAndGrad } : loss;
      return {
        call: () => {
          const x0 = tf.zeros([FW_DIM]);
          const r = frankWolfe({ ...smooth, constraint, x0 }, { ...options, maxIter: iterations, tol: 0 });
          x0.dispose();
          if (E.isLeft(r)) throw r.left;
          r.right.x.dispose();
          return r.right.certificate;
        },
      };
    },
  });

const numpyFw = (residual: boolean) =>
  pythonTimingSolver<LeastSquares>({
    name: residual ? 'numpy-fw-residual' : 'numpy-fw',
    modules: ['numpy'],
    script: 'numpy_fw_iteration.py',
    problems: ['fw-iteration'],
    request: ({ X, y, iterations }) => ({
      X: X.arraySync(),
      y: y.arraySync(),
      radius: FW_RADIUS,
      iterations,
      samples: 5,
      warmup: 1,
      residual,
    }),
  });

function loadDigits(perDigit: number): Digits {
  const { pixels, digits: ordered } = readDigits(perDigit);
  // readDigits groups the classes: shuffle once (seeded) so batches mix them, as a training set does
  const order = createRng(0).permutationArray(ordered.length);
  const data = new Float32Array(ordered.length * 784);
  order.forEach((src, dst) => data.set(pixels.slice(src * 784, (src + 1) * 784), dst * 784));
  const digits = order.map((i) => ordered[i]);
  const dir = mkdtempSync(join(tmpdir(), 'sparsekit-bench-mlp-'));
  const file = join(dir, 'x.f32');
  writeFileSync(file, new Uint8Array(data.buffer));
  const x = tf.tensor2d(data, [digits.length, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits, 'int32'), 10).toFloat()) as tf.Tensor2D;
  return { x, y, labels: digits, dir, file };
}

function mlp(seed: number, optimizer: Optimizer): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: s });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 300, inputShape: [784], activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(seed + 1) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed + 2) }),
    ],
  });
  const opt =
    optimizer === 'sgd'
      ? tf.train.sgd(LR)
      : new StochasticFrankWolfe(new Map(model.layers.map((l) => [l.trainableWeights[0], linfBall(LINF_RADIUS)] as const)), {
          lr: LR,
          momentum: MOMENTUM,
          unconstrained: 'skip',
        });
  // the Keras idiom (softmax output, categorical cross-entropy): torch's CrossEntropyLoss on the logits, up to the clip at 1e-7
  model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
  return model;
}

const tfjsEpoch = (loop: 'fit' | 'fit-batches') =>
  timingSolver<EpochSpec>({
    name: loop === 'fit' ? 'tfjs-model-fit' : 'tfjs-fit-batches',
    problems: ['mlp-epoch-sgd', 'mlp-epoch-sfw'],
    samples: 3,
    prepare: (spec, ctx) => {
      const model = mlp(ctx.seed, spec.optimizer);
      const call = async () => {
        const h =
          loop === 'fit'
            ? await model.fit(spec.x, spec.y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 })
            : await fitBatches(model, spec.x, spec.y, { batchSize: BATCH, shuffle: false });
        return Number(h.history.loss[0]);
      };
      return {
        call,
        dispose: () => {
          model.optimizer.dispose();
          model.dispose();
        },
      };
    },
  });

/** Where chop's source is, or why the peer is not available. */
function chopPath(): string | { reason: string } {
  const dir = process.env.SPARSEKIT_CHOP_PATH?.trim();
  if (!dir) return { reason: 'peer not installed: set SPARSEKIT_CHOP_PATH to a checkout of github.com/openopt/chop' };
  if (!existsSync(join(dir, 'chop', '__init__.py')))
    return { reason: `peer not installed: no chop package in SPARSEKIT_CHOP_PATH (${dir})` };
  const probe = spawnSync(pythonPath(), ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import chop.stochastic', dir], {
    encoding: 'utf8',
    timeout: 60_000,
    env: peerEnv(),
  });
  if (probe.status !== 0) return { reason: `peer not installed: chop does not import (${probe.stderr.trim().split('\n').pop() ?? ''})` };
  return dir;
}

const torchEpoch = (optimizer: Optimizer): BenchSolver<EpochSpec> => {
  const solver = pythonTimingSolver<EpochSpec>({
    name: optimizer === 'sgd' ? 'torch-sgd' : 'chop-sfw',
    modules: ['torch', 'numpy'],
    script: 'torch_mlp_epoch.py',
    problems: [`mlp-epoch-${optimizer}`],
    request: (spec) => {
      const chop = optimizer === 'sfw' ? chopPath() : '';
      return {
        train_file: spec.file,
        labels: spec.labels,
        batch: BATCH,
        optimizer: optimizer === 'sgd' ? 'sgd' : 'chop-sfw',
        lr: LR,
        momentum: MOMENTUM,
        radius: LINF_RADIUS,
        chop_path: typeof chop === 'string' ? chop : '',
        samples: 3,
        warmup: 1,
        threads: peerThreads(),
      };
    },
  });
  if (optimizer === 'sgd') return solver;
  return {
    ...solver,
    available: () => {
      const torch = pythonHas(['torch', 'numpy']);
      if (torch !== true) return torch;
      const chop = chopPath();
      return typeof chop === 'string' ? true : chop.reason;
    },
  };
};

/**
 * The training suite. `quick`: 200 FW iterations; epochs over 2,000 digits. `full`: 1,000 FW
 * iterations; epochs over 8,000 digits.
 *
 * @example
 * ```ts
 * import trainingSuite from '@sparsekit/bench/suites/training';
 * trainingSuite({ size: 'quick' }).problems.map((p) => p.name); // => ['fw-iteration', 'mlp-epoch-sgd', 'mlp-epoch-sfw']
 * ```
 */
export default function trainingSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const iterations = full ? 1000 : 200;
  return definePlugin({
    name: 'training',
    datasets: [
      {
        name: 'least-squares',
        params: { dim: [FW_DIM] },
        load: (_p, ctx) => leastSquares(ctx.seed + 100, iterations),
        dispose: (d: LeastSquares) => tf.dispose([d.X, d.y]),
      },
      {
        name: 'mnist-digits',
        params: { n: [full ? 8000 : 2000] },
        load: (p) => loadDigits(Number(p.n) / 10),
        dispose: (d: Digits) => {
          tf.dispose([d.x, d.y]);
          rmSync(d.dir, { recursive: true, force: true });
        },
      },
    ],
    problems: [
      {
        name: 'fw-iteration',
        kind: 'timing',
        datasets: ['least-squares'],
        create: (d: LeastSquares) => ({ spec: d, work: { amount: d.iterations, unit: 'iteration' } }),
      },
      ...(['sgd', 'sfw'] as const).map((optimizer) => ({
        name: `mlp-epoch-${optimizer}`,
        kind: 'timing' as const,
        datasets: ['mnist-digits'],
        create: (d: Digits) => ({ spec: { ...d, optimizer }, work: { amount: d.labels.length, unit: 'example' } }),
      })),
    ],
    solvers: [
      numpyFw(false),
      numpyFw(true),
      sparsekitFw('vanilla'),
      sparsekitFw('generic'),
      sparsekitFw('default'),
      torchEpoch('sgd'),
      torchEpoch('sfw'),
      tfjsEpoch('fit'),
      tfjsEpoch('fit-batches'),
    ],
  });
}
