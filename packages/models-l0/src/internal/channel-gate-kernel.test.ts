import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l0Conv2d } from '../l0-conv2d.js';
import { useHostPath } from './host-gates.js';

/** A gated conv layer (channel gates) followed by a dense readout; the same seeds give the same weights and gate stream. */
function net(sampling: 'batch' | 'example'): tf.Sequential {
  return tf.sequential({
    layers: [
      l0Conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2], sampling, dropRate: 0.3, seed: 21 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotNormal({ seed: 22 }) }),
    ],
  });
}

function lossAndGrads(host: boolean, sampling: 'batch' | 'example') {
  useHostPath(host);
  const model = net(sampling);
  const x = createRng(4).normal([3, 6, 6, 2]);
  const out = tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
    return { value: value.dataSync()[0], grads: vars.map((v) => Array.from(grads[v.name].dataSync())) };
  });
  tf.dispose(x);
  model.dispose();
  return out;
}

// The conv filter gradient needs Conv2DBackpropFilter: the cpu backend (wasm only with the native kernels).
describeBackends(['cpu'], 'channel gate kernel (conv training on the host path)', () => {
  afterEach(() => useHostPath(true));

  for (const sampling of ['batch', 'example'] as const) {
    it(`gates per ${sampling}: loss and every gradient equal the autodiff of the device path`, () => {
      const host = lossAndGrads(true, sampling);
      const device = lossAndGrads(false, sampling);
      expectClose(host.value, device.value, { rtol: 1e-5 });
      host.grads.forEach((g, i) => expectClose(g, device.grads[i], { rtol: 1e-4, atol: 1e-5 }));
      // log α (third weight of the conv layer) gets a gradient
      expect(host.grads[2].some((v) => v !== 0)).toBe(true);
    });
  }

  it('a training step leaks no tensor and no backend buffer', async () => {
    const model = net('example');
    const opt = tf.train.sgd(0.1);
    const x = tf.ones([2, 6, 6, 2]);
    await expectNoLeaks(() => {
      opt.minimize(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    });
    tf.dispose(x);
    opt.dispose();
    model.dispose();
  });
});
