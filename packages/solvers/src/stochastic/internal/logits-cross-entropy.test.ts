import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { hostCrossEntropyApplies, logitsCrossEntropyMean } from './logits-cross-entropy.js';

/** Logits with a wide range (a row at ±40 puts a labeled class far below float32's ε) and one-hot and soft label rows. */
function batch(): { logits: tf.Tensor2D; labels: tf.Tensor2D } {
  return tf.tidy(() => {
    const noise = tf.randomNormal([6, 4], 0, 3, 'float32', 11);
    const logits = tf.concat([noise, tf.tensor2d([[40, -40, 0, 1]])]) as tf.Tensor2D;
    const oneHot = tf.oneHot(tf.tensor1d([0, 3, 1, 2, 2, 0], 'int32'), 4).toFloat();
    const labels = tf.concat([oneHot, tf.tensor2d([[0.1, 0.5, 0.2, 0.2]])]) as tf.Tensor2D;
    return { logits, labels };
  });
}

describeBackends(['cpu', 'wasm'], 'logitsCrossEntropyMean', () => {
  it('equals tf.losses.softmaxCrossEntropy and its logits gradient (tf.grads), soft labels and extreme logits included', async () => {
    const { logits, labels } = batch();
    expect(hostCrossEntropyApplies(logits, labels)).toBe(true);
    const stock = (z: tf.Tensor, y: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
    const host = (z: tf.Tensor, y: tf.Tensor) => logitsCrossEntropyMean(z as tf.Tensor2D, y as tf.Tensor2D);
    // the value's scale: ~7 (the ±40 row's loss is 48/7 of the mean); float32 rounding of the stock op
    expectClose(host(logits, labels).dataSync()[0], stock(logits, labels).dataSync()[0], { rtol: 1e-6, atol: 1e-6 });
    const [gz, gy] = tf.grads((z, y) => tf.mul(host(z, y), 3))([logits, labels]);
    const [sz, sy] = tf.grads((z, y) => tf.mul(stock(z, y), 3))([logits, labels]);
    expectClose(Array.from(gz.dataSync()), Array.from(sz.dataSync()), { rtol: 1e-5, atol: 1e-7, message: 'd/dlogits' });
    // the stock op's label gradient is not the derivative of its value; the derivative is −3·log softmax/batch
    const dLabels = tf.tidy(() => tf.mul(tf.logSoftmax(logits), -3 / 7));
    expectClose(Array.from(gy.dataSync()), Array.from(dLabels.dataSync()), { rtol: 1e-5, atol: 1e-6, message: 'd/dlabels' });
    tf.dispose([logits, labels, gz, gy, sz, sy, dLabels]);
  });

  it('differentiates label rows that do not sum to 1 exactly (p·Σy − y; the stock op takes p − y): central differences', () => {
    const logits = tf.tensor2d([
      [0.3, -1.2, 2.0],
      [1.0, 0.5, -0.5],
    ]);
    const labels = tf.tensor2d([
      [0.2, 0.7, 0.3],
      [0, 0, 2],
    ]);
    const g = tf.grad((z) => logitsCrossEntropyMean(z as tf.Tensor2D, labels))(logits);
    const z0 = Array.from(logits.dataSync());
    const y = Array.from(labels.dataSync());
    // float64 value of the mean loss, differenced centrally
    const f = (z: number[]) => {
      let total = 0;
      for (let r = 0; r < 2; r++) {
        const row = z.slice(3 * r, 3 * r + 3);
        const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
        row.forEach((v, c) => (total -= y[3 * r + c] * (v - lse)));
      }
      return total / 2;
    };
    const h = 1e-6;
    const fd = z0.map((_, k) => (f(z0.map((v, i) => (i === k ? v + h : v))) - f(z0.map((v, i) => (i === k ? v - h : v)))) / (2 * h));
    expectClose(Array.from(g.dataSync()), fd, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([logits, labels, g]);
  });

  it('leaks no tensors (integer labels are cast and released) and declines ranks, shapes and dtypes it does not cover', async () => {
    const { logits } = batch();
    const ints = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2], 'int32'), 4);
    await expectNoLeaks(() => {
      const g = tf.grad((z) => logitsCrossEntropyMean(z as tf.Tensor2D, ints as tf.Tensor2D))(logits);
      g.dispose();
    });
    expect(hostCrossEntropyApplies(tf.zeros([3]), tf.zeros([3]))).toBe(false);
    expect(hostCrossEntropyApplies(logits, tf.zeros([7, 3]))).toBe(false);
    expect(hostCrossEntropyApplies(tf.zeros([0, 4]), tf.zeros([0, 4]))).toBe(false);
    tf.dispose([logits, ints]);
  });
});
