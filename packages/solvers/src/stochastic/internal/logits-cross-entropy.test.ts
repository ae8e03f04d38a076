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
    // tfjs's label gradient 3·(y − softmax)/batch, not the derivative of the value (−3·log softmax/batch)
    expectClose(Array.from(gy.dataSync()), Array.from(sy.dataSync()), { rtol: 1e-5, atol: 1e-7, message: 'd/dlabels' });
    tf.dispose([logits, labels, gz, gy, sz, sy]);
  });

  it("takes tfjs's gradients (softmax − y, y − softmax) for multi-hot, zero and unnormalized label rows: tf.grads of the stock op", () => {
    const logits = tf.tensor2d([
      [0.3, -1.2, 2.0],
      [1.0, 0.5, -0.5],
      [-2.0, 0.0, 3.5],
      [0.7, 0.7, -0.1],
    ]);
    // row sums 1.2, 2, 0, 2: none is a probability distribution
    const labels = tf.tensor2d([
      [0.2, 0.7, 0.3],
      [0, 0, 2],
      [0, 0, 0],
      [1, 1, 0],
    ]);
    const stock = (z: tf.Tensor, y: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
    const host = (z: tf.Tensor, y: tf.Tensor) => logitsCrossEntropyMean(z as tf.Tensor2D, y as tf.Tensor2D);
    expectClose(host(logits, labels).dataSync()[0], stock(logits, labels).dataSync()[0], { rtol: 1e-6, atol: 1e-6 });
    const [gz, gy] = tf.grads((z, y) => tf.mul(host(z, y), -2.5))([logits, labels]);
    const [sz, sy] = tf.grads((z, y) => tf.mul(stock(z, y), -2.5))([logits, labels]);
    expectClose(Array.from(gz.dataSync()), Array.from(sz.dataSync()), { rtol: 1e-5, atol: 1e-7, message: 'd/dlogits' });
    expectClose(Array.from(gy.dataSync()), Array.from(sy.dataSync()), { rtol: 1e-5, atol: 1e-7, message: 'd/dlabels' });
    // the all-zero row has loss 0 but still pulls its logits towards lower softmax: −2.5·softmax/4, not 0
    expect(Math.abs(gz.dataSync()[8])).toBeGreaterThan(0.5);
    tf.dispose([logits, labels, gz, gy, sz, sy]);
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
