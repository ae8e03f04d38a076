import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { beforeAll, expect, it } from 'vitest';
import { gatedLayers, l0Lenet5Caffe, lenet5CaffeArchitecture, purge } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('is LeNet-5-Caffe: 20 and 50 gated 5×5 filters, 800 gated dense inputs, 500 hidden units, 10 outputs', () => {
  const model = l0Lenet5Caffe({ seed: 1 });
  const [conv1, conv2, dense1, dense2] = gatedLayers(model);
  expect([conv1, conv2, dense1, dense2].map((l) => l.logAlpha.shape[0])).toEqual([20, 50, 800, 500]);
  expect(model.outputs[0].shape).toEqual([null, 10]);
  model.dispose();
});

it('gives every gated layer its λ, N and weight decay when penalized, and rejects a λ list of the wrong length', () => {
  const penalty = { lambdas: [10, 0.5, 0.1, 10], datasetSize: 60000, weightDecay: 5e-4 };
  const model = l0Lenet5Caffe({ seed: 2, penalty });
  const configs = gatedLayers(model).map((l) => l.getConfig() as { lambda: number; datasetSize: number; weightDecay: number });
  expect(configs.map((c) => c.lambda)).toEqual(penalty.lambdas);
  expect(configs.every((c) => c.datasetSize === 60000 && c.weightDecay === 5e-4)).toBe(true);
  model.dispose();
  expect(() => l0Lenet5Caffe({ seed: 2, penalty: { ...penalty, lambdas: [1, 1, 1] } })).toThrow(SparsekitError);
});

it('counts the conv filters, the dense inputs in use and the hidden units the purged net keeps', async () => {
  const model = l0Lenet5Caffe({ seed: 1 });
  const [conv1, conv2, dense1, dense2] = gatedLayers(model);
  const set = (l: typeof conv1, n: number, open: (i: number) => boolean) =>
    (l.logAlpha.read() as tf.Variable).assign(tf.tensor1d(Array.from({ length: n }, (_, i) => (open(i) ? 3 : -5))));
  set(conv1, 20, (i) => i < 9);
  set(conv2, 50, (i) => i < 18);
  // flatten order is (h, w, c): channel c at position p is input 50·p + c; 5 of the 18 kept channels at 13 positions = 65 inputs
  set(dense1, 800, (i) => i % 50 < 5 && i < 650);
  set(dense2, 500, (i) => i < 25);
  const plain = purge(model);
  // dense1 reads 5 of conv2's open channels, so purging keeps those 5 and drops the other 13
  expect(await expectNoLeaks(() => lenet5CaffeArchitecture(plain), 'lenet5CaffeArchitecture')).toEqual([9, 5, 65, 25]);
  plain.dispose();
  model.dispose();
});

it('rejects a model that is not a purged LeNet-5-Caffe, naming the argument', () => {
  const mlp = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
  expect(() => lenet5CaffeArchitecture(mlp)).toThrow(/purged/);
  mlp.dispose();
});
