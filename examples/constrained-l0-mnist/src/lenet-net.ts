/**
 * What a purged LeNet-5-Caffe (`l0Lenet5Caffe` of `@sparsekit/models-l0`) keeps: its architecture
 * and its stored density.
 */
import * as tf from '@tensorflow/tfjs';
import { expectedL0, lenet5CaffeArchitecture } from '@sparsekit/models-l0';

export interface Kept {
  /** Louizos et al.'s count (`lenet5CaffeArchitecture`): conv filters, conv filters, dense inputs in use, hidden units. */
  readonly architecture: number[];
  /** Rows of the first dense kernel after purging (16 × the conv2 filters kept). */
  readonly flattened: number;
  /** Non-zero kernel weights of the purged model over the gated model's kernel weights. */
  readonly storedDensity: number;
}

const nonZero = (k: tf.Tensor) => tf.tidy(() => tf.sum(tf.cast(tf.notEqual(k, 0), 'float32')).dataSync()[0]);

export function kept(gated: tf.LayersModel, plain: tf.LayersModel): Kept {
  const withKernel = plain.layers.filter((l) => ['Conv2D', 'Dense'].includes(l.getClassName()));
  const stored = withKernel.reduce((a, l) => a + nonZero(l.getWeights()[0]), 0);
  return {
    architecture: lenet5CaffeArchitecture(plain),
    flattened: withKernel[2].getWeights()[0].shape[0],
    storedDensity: stored / expectedL0(gated).total,
  };
}
