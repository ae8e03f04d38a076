/**
 * Networks and training helpers of the DessiLbi experiment: the LeNet-5 of the DessiLbi MNIST
 * example (conv 6 → pool → conv 16 → pool → conv 120 → dense 84 → 10) and LeNet-5-Caffe
 * (conv 20 → pool → conv 50 → pool → dense 500 → 10), test accuracy, the step learning-rate
 * schedule, and fine-tuning with pruned filters held at 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@sparsekit/tensor';
import type { Split } from './data.js';

export type DessiArch = 'lenet5' | 'lenet5-caffe';

/** How the layers start: torch's default (the reference code's) or tfjs's default. */
export type DessiInit = 'torch' | 'glorot';

/**
 * Seeded initializers of a layer with `fanIn` inputs per output. 'torch' is torch's default for Conv2d and
 * Linear (kaiming-uniform with a = √5, and its bias rule): kernels AND biases from U(±1/√fanIn). DessiLBI's
 * recipe (lr 0.1, momentum 0.9) comes from code that starts there; tfjs's glorot-uniform draws the dense
 * kernels about twice as wide (±0.171 against ±0.091 for 120 → 84) with zero biases.
 */
function layerInit(init: DessiInit, fanIn: number, seed: number) {
  if (init === 'glorot') return { kernelInitializer: tf.initializers.glorotUniform({ seed }) };
  const bound = 1 / Math.sqrt(fanIn);
  const uniform = (s: number) => tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: s });
  return { kernelInitializer: uniform(seed), biasInitializer: uniform(seed + 1000) };
}

/**
 * The network of `arch`, input [28, 28, 1], logits output (train with {@link logitsLoss}); every layer's
 * initializer is seeded from `seed` (default: torch's init, see {@link DessiInit}).
 */
export function lenet(arch: DessiArch, seed: number, init: DessiInit = 'torch'): tf.Sequential {
  const relu = 'relu' as const;
  const conv = (filters: number, inChannels: number, i: number) => ({
    filters,
    kernelSize: 5,
    activation: relu,
    ...layerInit(init, 25 * inChannels, seed + i),
  });
  const layers =
    arch === 'lenet5'
      ? [
          tf.layers.conv2d({ ...conv(6, 1, 0), padding: 'same', inputShape: [28, 28, 1] }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d(conv(16, 6, 1)),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d(conv(120, 16, 2)),
          tf.layers.flatten(),
          tf.layers.dense({ units: 84, activation: relu, ...layerInit(init, 120, seed + 3) }),
          tf.layers.dense({ units: 10, ...layerInit(init, 84, seed + 4) }),
        ]
      : [
          tf.layers.conv2d({ ...conv(20, 1, 0), inputShape: [28, 28, 1] }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d(conv(50, 20, 1)),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 500, activation: relu, ...layerInit(init, 800, seed + 2) }),
          tf.layers.dense({ units: 10, ...layerInit(init, 500, seed + 4) }),
        ];
  return tf.sequential({ layers });
}

/**
 * Softmax cross-entropy on logits (log-softmax + NLL, as the torch example): tfjs's
 * 'categoricalCrossentropy' on softmax outputs clips probabilities, which zeroes the gradient of
 * confidently wrong digits (a short run of plain SGD at lr 0.1, momentum 0.9 fell back to chance with it).
 */
export const logitsLoss = (y: tf.Tensor, logits: tf.Tensor): tf.Scalar => tf.losses.softmaxCrossEntropy(y, logits);

/** Images as [n, 28, 28, 1] with one-hot labels. */
export interface ImageSplit {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor2D;
}

export const asImages = (s: Split): ImageSplit => ({ x: tf.reshape(s.x, [-1, 28, 28, 1]), y: s.y });

/** Fraction of correctly classified images, in chunks of 1,000. */
export function accuracy(model: tf.LayersModel, test: ImageSplit): number {
  const n = test.x.shape[0];
  let hits = 0;
  for (let s = 0; s < n; s += 1000) {
    const m = Math.min(1000, n - s);
    hits += tf.tidy(() => {
      const p = model.predict(test.x.slice([s, 0, 0, 0], [m, 28, 28, 1])) as tf.Tensor;
      const y = test.y.slice([s, 0], [m, 10]);
      return tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0];
    });
  }
  return hits / n;
}

/**
 * One epoch of `model.fit` (batch 128) in the order of a permutation drawn from `rng`: `fit`'s own
 * shuffling uses Math.random, so runs with the same seed would differ.
 */
export async function fitEpoch(model: tf.LayersModel, train: ImageSplit, rng: Rng, callbacks?: tf.CustomCallbackArgs): Promise<void> {
  const order = tf.tensor1d(rng.permutationArray(train.x.shape[0]), 'int32');
  const [x, y] = [tf.gather(train.x, order), tf.gather(train.y, order)];
  try {
    await model.fit(x, y, { epochs: 1, batchSize: 128, shuffle: false, verbose: 0, callbacks });
  } finally {
    tf.dispose([order, x, y]);
  }
}

/** The DessiLbi MNIST schedule: lr·0.1^⌊epoch / interval⌋. */
export const stepLr = (lr: number, epoch: number, interval: number): number => lr * 0.1 ** Math.floor(epoch / interval);

/**
 * A pruned kernel held at its mask while fine-tuning: per output filter (conv, with the filter biases
 * when `bias` is given) or per entry (a dense kernel pruned weight by weight, its bias left free).
 */
export interface HeldFilters {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
  /** 0/1 per output filter (broadcast over the last axis), or per entry in the kernel's layout. */
  readonly mask: number[];
}

/** The kernel/bias variables of `model` by name. */
export function variablesOf(model: tf.LayersModel): Map<string, tf.Variable> {
  return new Map(model.trainableWeights.map((w) => [(w.read() as tf.Variable).name, w.read() as tf.Variable]));
}

/**
 * Fine-tunes with SGD (momentum 0.9) for `epochs` in `rng`'s order, re-zeroing pruned filters, their biases and pruned
 * dense weights after each batch: the masked SGD DessiLBI fine-tunes with (its CIFAR pipeline: lr 0.01, momentum 0.9, a
 * fresh optimizer; Γ and Z no longer move).
 */
export async function fineTune(
  model: tf.LayersModel,
  train: ImageSplit,
  held: readonly HeldFilters[],
  epochs: number,
  lr: number,
  rng: Rng,
): Promise<void> {
  const masks = held.map(({ kernel, mask }) =>
    mask.length === kernel.shape[kernel.rank - 1] ? tf.tensor1d(mask) : tf.tensor(mask, kernel.shape),
  );
  const hold = () =>
    tf.tidy(() => {
      held.forEach(({ kernel, bias }, i) => {
        kernel.assign(tf.mul(kernel, masks[i]));
        if (bias) bias.assign(tf.mul(bias, masks[i]));
      });
    });
  const opt = tf.train.momentum(lr, 0.9);
  model.compile({ optimizer: opt, loss: logitsLoss });
  for (let e = 0; e < epochs; e++) await fitEpoch(model, train, rng, { onBatchEnd: async () => hold() });
  opt.dispose();
  tf.dispose(masks);
}

/** Copies of every weight of `model`, to restore with `model.setWeights` (caller disposes). */
export const snapshot = (model: tf.LayersModel): tf.Tensor[] => model.getWeights().map((w) => tf.clone(w));
