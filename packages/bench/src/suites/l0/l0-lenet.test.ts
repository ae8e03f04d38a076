import * as tf from '@tensorflow/tfjs';
import { l0Lenet5Caffe, purge } from '@sparsekit/models-l0';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { beforeAll, expect, it } from 'vitest';
import { lenetTestError, magnitudePrunedError } from './l0-lenet.js';

beforeAll(async () => {
  await useBackendOrThrow('cpu');
});

const gated = () => l0Lenet5Caffe({ seed: 1 });

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
