/** MNIST as tensors with one-hot labels: a seeded train/test split from `@sparsekit/datasets`. */
import type * as tf from '@tensorflow/tfjs';
import { mnistSplits } from '@sparsekit/datasets';

export interface Split {
  readonly x: tf.Tensor2D;
  /** One-hot labels [n, 10]. */
  readonly y: tf.Tensor2D;
}

/**
 * Disjoint `train` and `test` splits: `'small'` (default) splits the 10,000 digits of the `mnist`
 * package, `'official'` subsamples LeCun's 60,000 / 10,000 split.
 */
export function loadSplits(
  trainSize: number,
  testSize: number,
  seed: number,
  source: 'small' | 'official' = 'small',
): { train: Split; test: Split } {
  return mnistSplits({ source, trainSize, testSize, seed }, { oneHot: true });
}
