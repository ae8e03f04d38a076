/**
 * Networks and training helpers of the DessiLbi experiment: the LeNet-5 of the DessiLbi MNIST
 * example (conv 6 → pool → conv 16 → pool → conv 120 → dense 84 → 10) and LeNet-5-Caffe
 * (conv 20 → pool → conv 50 → pool → dense 500 → 10), test accuracy, the step learning-rate
 * schedule, and fine-tuning with pruned filters held at 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from './data.js';

export type DessiArch = 'lenet5' | 'lenet5-caffe';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** The network of `arch`, input [28, 28, 1], logits output (train with {@link logitsLoss}); seeded glorot-uniform kernels, zero biases. */
export function lenet(arch: DessiArch, seed: number): tf.Sequential {
  const relu = 'relu' as const;
  const layers =
    arch === 'lenet5'
      ? [
          tf.layers.conv2d({
            filters: 6,
            kernelSize: 5,
            padding: 'same',
            inputShape: [28, 28, 1],
            activation: relu,
            kernelInitializer: init(seed),
          }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: relu, kernelInitializer: init(seed + 1) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 120, kernelSize: 5, activation: relu, kernelInitializer: init(seed + 2) }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 84, activation: relu, kernelInitializer: init(seed + 3) }),
        ]
      : [
          tf.layers.conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: relu, kernelInitializer: init(seed) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: relu, kernelInitializer: init(seed + 1) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 500, activation: relu, kernelInitializer: init(seed + 2) }),
        ];
  layers.push(tf.layers.dense({ units: 10, kernelInitializer: init(seed + 4) }));
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

/** The DessiLbi MNIST schedule: lr·0.1^⌊epoch / interval⌋. */
export const stepLr = (lr: number, epoch: number, interval: number): number => lr * 0.1 ** Math.floor(epoch / interval);

/** A kernel and its bias with the 0/1 mask of kept output filters. */
export interface HeldFilters {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly mask: number[];
}

/** The kernel/bias variables of `model` by name. */
export function variablesOf(model: tf.LayersModel): Map<string, tf.Variable> {
  return new Map(model.trainableWeights.map((w) => [(w.read() as tf.Variable).name, w.read() as tf.Variable]));
}

/** Fine-tunes with SGD (momentum 0.9) for `epochs`, re-zeroing pruned filters and biases after each batch. */
export async function fineTune(
  model: tf.LayersModel,
  train: ImageSplit,
  held: readonly HeldFilters[],
  epochs: number,
  lr: number,
): Promise<void> {
  const masks = held.map((h) => tf.tensor1d(h.mask));
  const hold = () =>
    tf.tidy(() => {
      held.forEach(({ kernel, bias }, i) => {
        kernel.assign(tf.mul(kernel, masks[i]));
        bias.assign(tf.mul(bias, masks[i]));
      });
    });
  const opt = tf.train.momentum(lr, 0.9);
  model.compile({ optimizer: opt, loss: logitsLoss });
  for (let e = 0; e < epochs; e++)
    await model.fit(train.x, train.y, {
      epochs: 1,
      batchSize: 128,
      shuffle: true,
      verbose: 0,
      callbacks: { onBatchEnd: async () => hold() },
    });
  opt.dispose();
  tf.dispose(masks);
}

/** Copies of every weight of `model`, to restore with `model.setWeights` (caller disposes). */
export const snapshot = (model: tf.LayersModel): tf.Tensor[] => model.getWeights().map((w) => tf.clone(w));

/** Keeps the `percent` % conv filters with the largest norm (filter-norm pruning, the baseline). */
export function pruneByNorm(kernel: tf.Variable, bias: tf.Variable, percent: number): number[] {
  const norms = tf.tidy(() => Array.from(tf.norm(tf.reshape(kernel, [-1, kernel.shape[3]!]), 'euclidean', 0).dataSync()));
  const sorted = [...norms].sort((a, b) => a - b);
  const pos = (percent / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const threshold = sorted[lo] + (pos - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
  const mask = norms.map((v) => (v >= threshold ? 1 : 0));
  tf.tidy(() => {
    const m = tf.tensor1d(mask);
    kernel.assign(tf.mul(kernel, m));
    bias.assign(tf.mul(bias, m));
  });
  return mask;
}
