import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { implicitLayer, robustAccuracy, wellPosednessCallback } from './index.js';

describeBackends(['cpu', 'wasm'], 'robustAccuracy', () => {
  it('certified ≤ attacked ≤ clean accuracy; larger ε certifies less and the attack finds more', async () => {
    const inputs = tf.randomUniform([200, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const labels = tf.tidy(() =>
      tf.cast(tf.greater(tf.sum(tf.mul(inputs, tf.tensor1d([1, -1, 0.5, 0])), 1), 0.25), 'int32'),
    ) as tf.Tensor1D;
    const layer = implicitLayer({ units: 2, hiddenUnits: 10, activation: 'tanh', kappa: 0.5, inputShape: [4], seed: 4 });
    const model = tf.sequential({ layers: [layer] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
    const onehot = tf.oneHot(labels, 2);
    await model.fit(inputs, onehot, { epochs: 30, batchSize: 50, shuffle: false, verbose: 0, callbacks: [wellPosednessCallback(model)] });
    const small = robustAccuracy(model, layer, inputs, labels, { epsilon: 0.002 });
    const large = robustAccuracy(model, layer, inputs, labels, { epsilon: 0.1 });
    if (E.isLeft(small) || E.isLeft(large)) throw new Error('attack failed');
    const [s, l] = [small.right, large.right];
    expect(s.clean).toBeGreaterThan(0.9);
    for (const r of [s, l]) {
      expect(r.certified).toBeLessThanOrEqual(r.robust);
      expect(r.robust).toBeLessThanOrEqual(r.clean);
    }
    expect(s.certified).toBeGreaterThan(0.5);
    expect(l.certified).toBeLessThan(s.certified);
    expect(l.robust).toBeLessThan(l.clean);
    await expectNoLeaks(() => {
      robustAccuracy(model, layer, inputs, labels, { epsilon: 0.05, maxIter: 3 });
    });
    tf.dispose([inputs, labels, onehot]);
    model.dispose();
  });
});
