/** MNIST for the models-implicit suite, from `@sparsekit/datasets`, moved to tensors once per run. */
import * as tf from '@tensorflow/tfjs';
import type { SuiteSize } from '../../types.js';
import { loadMnistLazily } from '../mnist-data.js';

export interface Digits {
  readonly train: tf.Tensor2D;
  readonly trainLabels: tf.Tensor1D;
  readonly test: tf.Tensor2D;
  readonly testLabels: tf.Tensor1D;
  /** Training pixels, row-major (for the Python peer). */
  readonly pixels: Float32Array;
  readonly labels: number[];
  readonly source: 'official' | 'small';
}

/** Quick: 8,000 / 2,000 of the `mnist` package's 10,000 digits; full: the official 60,000 / 10,000 split. */
export function digitsSize(size: SuiteSize): { source: 'official' | 'small'; train: number; test: number } {
  return size === 'full' ? { source: 'official', train: 60_000, test: 10_000 } : { source: 'small', train: 8000, test: 2000 };
}

export async function loadDigits(source: 'official' | 'small', trainSize: number, testSize: number): Promise<Digits> {
  const data = await loadMnistLazily({ source, trainSize, testSize, seed: 0 });
  const { train, test } = data;
  return {
    train: tf.tensor2d(train.images, [train.count, 784]),
    trainLabels: tf.tensor1d(train.labels, 'int32'),
    test: tf.tensor2d(test.images, [test.count, 784]),
    testLabels: tf.tensor1d(test.labels, 'int32'),
    pixels: train.images,
    labels: Array.from(train.labels),
    source,
  };
}

export function disposeDigits(d: Digits): void {
  tf.dispose([d.train, d.trainLabels, d.test, d.testLabels]);
}

/** The first `n` training rows (a view for sub-sized problems; the caller disposes). */
export function trainHead(d: Digits, n: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const k = Math.min(n, d.train.shape[0]);
  return { x: d.train.slice([0, 0], [k, 784]), y: d.trainLabels.slice([0], [k]) };
}

/** Test accuracy of a model whose outputs are logits. */
export function testAccuracy(model: tf.LayersModel, d: Digits): number {
  return tf.tidy(() => {
    const logits = model.predict(d.test) as tf.Tensor;
    return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), d.testLabels), 'float32')).dataSync()[0];
  });
}
