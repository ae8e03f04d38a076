/** MNIST as tensors: a seeded train/test split from `@sparsekit/datasets`. */
import type * as tf from '@tensorflow/tfjs';
import { mnistSplits } from '@sparsekit/datasets';

export const PIXELS = 784;
export const CLASSES = 10;

export interface Split {
  /** Images [n, 784] with pixels in [0, 1]. */
  readonly x: tf.Tensor2D;
  /** Class indices [n]. */
  readonly y: tf.Tensor1D;
}

/**
 * Disjoint `train` and `test` splits of the requested sizes: `'small'` (default) splits the 10,000
 * digits of the `mnist` package, `'official'` subsamples LeCun's 60,000 / 10,000 split.
 */
export function loadSplits(
  trainSize: number,
  testSize: number,
  seed = 0,
  source: 'small' | 'official' = 'small',
): { train: Split; test: Split } {
  return mnistSplits({ source, trainSize, testSize, seed });
}
