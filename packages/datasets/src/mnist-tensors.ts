import * as tf from '@tensorflow/tfjs';
import { type LoadMnistOptions, loadMnist, type MnistSplit } from './mnist.js';

/** Tensors of one split: images `[n, 784]` and labels (int32 `[n]`, or one-hot float32 `[n, 10]`). */
export interface MnistTensors<Y extends tf.Tensor1D | tf.Tensor2D> {
  readonly x: tf.Tensor2D;
  readonly y: Y;
}

/**
 * Moves a split to the active backend. The caller disposes both tensors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { loadMnist, mnistTensors } from '@sparsekit/datasets';
 * const { train } = loadMnist({ source: 'small', trainSize: 100, testSize: 10 });
 * const { x, y } = mnistTensors(train, { oneHot: true });
 * y.shape; // => [100, 10]
 * tf.dispose([x, y]);
 * ```
 */
export function mnistTensors(split: MnistSplit, options: { oneHot: true }): MnistTensors<tf.Tensor2D>;
export function mnistTensors(split: MnistSplit, options?: { oneHot?: false }): MnistTensors<tf.Tensor1D>;
export function mnistTensors(split: MnistSplit, options: { oneHot?: boolean } = {}): MnistTensors<tf.Tensor1D | tf.Tensor2D> {
  const x = tf.tensor2d(split.images, [split.count, 784]);
  if (options.oneHot !== true) return { x, y: tf.tensor1d(split.labels, 'int32') };
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(split.labels, 'int32'), 10).toFloat() as tf.Tensor2D);
  return { x, y };
}

/** Train and test tensors of one {@link loadMnist} call. */
export interface MnistSplits<Y extends tf.Tensor1D | tf.Tensor2D> {
  readonly train: MnistTensors<Y>;
  readonly test: MnistTensors<Y>;
}

/**
 * {@link loadMnist} and {@link mnistTensors} in one call: both splits on the active backend. The
 * caller disposes the four tensors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { mnistSplits } from '@sparsekit/datasets';
 * const { train, test } = mnistSplits({ source: 'small', trainSize: 50, testSize: 20 });
 * [train.x.shape, test.y.dtype]; // => [[50, 784], 'int32']
 * tf.dispose([train.x, train.y, test.x, test.y]);
 * ```
 */
export function mnistSplits(options: LoadMnistOptions, labels: { oneHot: true }): MnistSplits<tf.Tensor2D>;
export function mnistSplits(options?: LoadMnistOptions, labels?: { oneHot?: false }): MnistSplits<tf.Tensor1D>;
export function mnistSplits(options: LoadMnistOptions = {}, labels: { oneHot?: boolean } = {}): MnistSplits<tf.Tensor1D | tf.Tensor2D> {
  const data = loadMnist(options);
  const oneHot = labels.oneHot === true;
  const tensors = (split: MnistSplit) => (oneHot ? mnistTensors(split, { oneHot: true }) : mnistTensors(split));
  return { train: tensors(data.train), test: tensors(data.test) };
}
