/**
 * LeNet-5-Caffe (20-50-800-500) with L0 gates: channel gates on both convolutions, input-feature
 * gates on both dense layers; and what its purged plain model keeps.
 */
import * as tf from '@tensorflow/tfjs';
import { expectedL0, l0Conv2d, l0Dense, type TestGateRule } from '@sparsekit/models-l0';

export interface LenetGates {
  /** Initial drop rate of every gate (constrained_sparsity's MNIST default 0.5). */
  readonly dropRate: number;
  readonly testGate: TestGateRule;
  readonly seed: number;
  /**
   * Penalized training (AMLab): λ per gated layer (conv1, conv2, dense1, dense2; per weight, so a
   * gate costs λ × its weights / N), the dataset size N and the prior precision of the weight decay.
   */
  readonly penalty?: { readonly lambdas: readonly number[]; readonly datasetSize: number; readonly weightDecay: number };
}

export function gatedLenet({ dropRate, testGate, seed, penalty }: LenetGates): tf.Sequential {
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

export interface Kept {
  /**
   * Louizos et al.'s count: conv filters, conv filters, input features of the first dense layer in
   * use (rows of the purged kernel that are not all zero: closed input gates inside kept channels
   * stay as zero rows), hidden units.
   */
  readonly architecture: number[];
  /** Rows of the first dense kernel after purging (16 × the conv2 filters kept). */
  readonly flattened: number;
  /** Non-zero kernel weights of the purged model over the gated model's kernel weights. */
  readonly storedDensity: number;
}

const nonZero = (k: tf.Tensor) => tf.tidy(() => tf.sum(tf.cast(tf.notEqual(k, 0), 'float32')).dataSync()[0]);

export function kept(gated: tf.LayersModel, plain: tf.LayersModel): Kept {
  const withKernel = plain.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName()));
  const sizes = withKernel.map((l) => {
    const c = l.getConfig() as { filters?: number; units?: number };
    return (c.filters ?? c.units) as number;
  });
  const firstDense = withKernel[2].getWeights()[0];
  const usedInputs = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(tf.abs(firstDense), 1), 0), 'int32')).dataSync()[0]);
  const stored = withKernel.reduce((a, l) => a + nonZero(l.getWeights()[0]), 0);
  return {
    architecture: [sizes[0], sizes[1], usedInputs, sizes[2]],
    flattened: firstDense.shape[0],
    storedDensity: stored / expectedL0(gated).total,
  };
}
