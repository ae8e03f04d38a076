import * as tf from '@tensorflow/tfjs';
import { gatedLayers, l0Conv2d, l0Dense, purge } from '@sparsekit/models-l0';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { beforeAll, expect, it } from 'vitest';
import { keptArchitecture, lenetTestError, magnitudePrunedError } from './l0-lenet.js';

beforeAll(async () => {
  await useBackendOrThrow('cpu');
});

const gated = () =>
  tf.sequential({
    layers: [
      l0Conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: 'relu', seed: 1 }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      l0Conv2d({ filters: 50, kernelSize: 5, activation: 'relu', seed: 2 }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      l0Dense({ units: 500, activation: 'relu', seed: 3 }),
      l0Dense({ units: 10, activation: 'softmax', seed: 4 }),
    ],
  });

const images = (n: number) => ({
  testX: tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D,
  testY: tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 10),
      'int32',
    ),
    10,
  ) as tf.Tensor2D,
});

it('counts the conv filters, the dense inputs in use and the hidden units the purged net keeps', async () => {
  const model = gated();
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
  expect(await expectNoLeaks(() => keptArchitecture(plain), 'keptArchitecture')).toEqual([9, 5, 65, 25]);
  plain.dispose();
  model.dispose();
});

it('magnitude pruning: density 1 keeps the error, density 0 leaves the biases only, the weights are restored', async () => {
  const model = gated();
  const plain = purge(model);
  const data = images(30);
  const before = lenetTestError(plain, data.testX, data.testY);
  const w0 = plain.getWeights().map((w) => Array.from(w.dataSync()));
  expect(magnitudePrunedError(plain, data, 1)).toBeCloseTo(before, 6);
  // zero kernels, zero biases: every image gets the same prediction, right for 3 of 30
  expect(await expectNoLeaks(() => magnitudePrunedError(plain, data, 0), 'magnitudePrunedError')).toBeCloseTo(0.9, 6);
  plain.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(w0[i]));
  tf.dispose([data.testX, data.testY]);
  plain.dispose();
  model.dispose();
});
