/**
 * LeNet-5-Caffe (20-50-800-500), the convolutional net of Louizos et al.'s L0 experiments, with
 * hard-concrete gates, and the architecture its purged model keeps. The net is the one place the
 * published architectures (conv filters, conv filters, dense inputs, hidden units) refer to, so
 * examples, benchmarks and users comparing against them build and count the same model.
 */
import { SparsekitError } from '@sparsekit/tensor';
import * as tf from '@tensorflow/tfjs';
import type { TestGateRule } from './hard-concrete.js';
import { l0Conv2d } from './l0-conv2d.js';
import { l0Dense } from './l0-dense.js';

/** Options of {@link l0Lenet5Caffe}. */
export interface L0Lenet5CaffeOptions {
  /** Initial drop rate of every gate (default 0.5, constrained_sparsity's and AMLab's LeNet setting). */
  readonly dropRate?: number;
  /** Evaluation gate rule (default `'paper'`). */
  readonly testGate?: TestGateRule;
  /** Seed of the first gated layer; layer i uses `seed + i`. */
  readonly seed: number;
  /**
   * Penalized training (AMLab): λ per gated layer (conv1, conv2, dense1, dense2; the penalty of a
   * gate is λ × the weights it switches / N), the dataset size N and the weight decay's prior precision.
   */
  readonly penalty?: { readonly lambdas: readonly number[]; readonly datasetSize: number; readonly weightDecay: number };
}

/**
 * LeNet-5-Caffe with channel gates on both convolutions (5×5, ReLU, each followed by 2×2 max
 * pooling) and input-feature gates on both dense layers (500 ReLU units, 10 softmax outputs), for
 * 28×28×1 images.
 *
 * @example
 * ```ts
 * import { l0Lenet5Caffe } from '@sparsekit/models-l0';
 * const model = l0Lenet5Caffe({ seed: 1 });
 * model.outputs[0].shape; // => [null, 10]
 * ```
 */
export function l0Lenet5Caffe({ dropRate = 0.5, testGate = 'paper', seed, penalty }: L0Lenet5CaffeOptions): tf.Sequential {
  if (penalty !== undefined && penalty.lambdas.length !== 4) {
    throw new SparsekitError({ argument: 'penalty.lambdas', value: penalty.lambdas, expected: 'four λ (conv1, conv2, dense1, dense2)' });
  }
  const gate = (i: number) => ({
    dropRate,
    testGate,
    seed: seed + i,
    ...(penalty ? { lambda: penalty.lambdas[i], datasetSize: penalty.datasetSize, weightDecay: penalty.weightDecay } : {}),
  });
  return tf.sequential({
    layers: [
      l0Conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: 'relu', ...gate(0) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      l0Conv2d({ filters: 50, kernelSize: 5, activation: 'relu', ...gate(1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      l0Dense({ units: 500, activation: 'relu', ...gate(2) }),
      l0Dense({ units: 10, activation: 'softmax', ...gate(3) }),
    ],
  });
}

/**
 * Louizos et al.'s count of what a purged LeNet-5-Caffe keeps: conv1 filters, conv2 filters, input
 * features of the first dense layer in use (rows of its kernel that are not all zero: closed input
 * gates inside kept channels stay as zero rows) and hidden units.
 *
 * @example
 * ```ts
 * import { l0Lenet5Caffe, lenet5CaffeArchitecture, purge } from '@sparsekit/models-l0';
 * lenet5CaffeArchitecture(purge(l0Lenet5Caffe({ seed: 1 }))); // => [20, 50, 800, 500]
 * ```
 */
export function lenet5CaffeArchitecture(purged: tf.LayersModel): number[] {
  const kernels = purged.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName())).map((l) => l.getWeights()[0]);
  if (kernels.length !== 4 || kernels[0].rank !== 4 || kernels[1].rank !== 4 || kernels[2].rank !== 2 || kernels[3].rank !== 2) {
    const expected = 'a purged LeNet-5-Caffe: two Conv2D kernels, then two Dense kernels';
    throw new SparsekitError({ argument: 'purged', value: `${kernels.length} Conv2D/Dense layers`, code: 'shape_mismatch', expected });
  }
  const used = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(tf.abs(kernels[2]), 1), 0), 'int32')).dataSync()[0]);
  return [kernels[0].shape[3] as number, kernels[1].shape[3] as number, used, kernels[2].shape[1] as number];
}
