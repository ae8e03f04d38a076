import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createRng, isSparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l0Dense } from './l0-dense.js';
import { l0Conv2d } from './l0-conv2d.js';
import { gatedLayers } from './expected-l0.js';
import { purge } from './purge.js';

/** Random log α around the 'paper' zero threshold, so that some gates are closed, some fractional, some open. */
function scrambleGates(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  for (const layer of gatedLayers(model)) {
    const shape = layer.logAlpha.shape as number[];
    const values = rng.normalArray(
      shape.reduce((x, y) => x * y, 1),
      { mean: -1, std: 3 },
    );
    values[1] = -5; // at least one closed gate per layer
    const la = tf.tensor(Array.from(values), shape);
    layer.logAlpha.write(la);
    la.dispose();
    if (layer.bias) {
      const b = rng.normal(layer.bias.shape as number[], { std: 0.3 });
      layer.bias.write(b);
      b.dispose();
    }
  }
}

function comparePurged(model: tf.LayersModel, x: tf.Tensor): tf.Sequential {
  const plain = purge(model);
  const [a, b] = tf.tidy(() => [model.predict(x) as tf.Tensor, plain.predict(x) as tf.Tensor].map((t) => t.arraySync()));
  expectClose(tf.tensor(b as number[][]), a as number[][], { atol: 1e-4, rtol: 1e-4 });
  return plain;
}

describeBackends(['cpu', 'wasm'], 'purge', () => {
  it('an MLP of structured and unstructured gates: purged equals gated and is smaller', () => {
    const model = tf.sequential({
      layers: [
        l0Dense({ units: 30, inputShape: [20], activation: 'relu', dropRate: 0.2, seed: 1 }),
        tf.layers.dropout({ rate: 0.3 }),
        l0Dense({ units: 20, activation: 'tanh', seed: 2 }),
        l0Dense({ units: 10, activation: 'relu', structure: 'unstructured', seed: 3 }),
        tf.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    });
    scrambleGates(model, 11);
    const x = createRng(12).normal([16, 20]);
    const plain = comparePurged(model, x);
    expect(plain.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense', 'Dense', 'Dense']);
    const units = plain.layers.filter((l) => l.getClassName() === 'Dense').map((l) => (l.getConfig() as { units: number }).units);
    expect(units[0]).toBeLessThan(30); // closed input gates of the second layer remove units of the first
    expect(units[1]).toBeLessThanOrEqual(20); // rows of the unstructured layer close only when all their gates do
    expect(units[2]).toBe(10); // read by an ungated layer
    expect(plain.countParams()).toBeLessThan(model.countParams() - gatedLayers(model).reduce((a, l) => a + l.logAlpha.read().size, 0));
    x.dispose();
    plain.dispose();
    model.dispose();
  });

  it('a LeNet-like conv net (channel gates, relu and tanh) purges exactly', () => {
    const model = tf.sequential({
      layers: [
        l0Conv2d({ filters: 6, kernelSize: 3, inputShape: [10, 10, 2], activation: 'relu', seed: 4 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        l0Conv2d({ filters: 8, kernelSize: 2, activation: 'tanh', padding: 'same', seed: 5 }),
        tf.layers.flatten(),
        l0Dense({ units: 12, activation: 'relu', seed: 6 }),
        l0Dense({ units: 3, seed: 7 }),
      ],
    });
    scrambleGates(model, 13);
    const x = createRng(14).normal([5, 10, 10, 2]);
    const plain = comparePurged(model, x);
    const filters = plain.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => (l.getConfig() as { filters: number }).filters);
    expect(filters[0]).toBeLessThan(6);
    expect(filters[1]).toBeLessThan(8);
    x.dispose();
    plain.dispose();
    model.dispose();
  });

  it('is leak-free and rejects unsupported layers', async () => {
    const model = tf.sequential({ layers: [l0Dense({ units: 4, inputShape: [3], seed: 8 }), tf.layers.dense({ units: 2 })] });
    await expectNoLeaks(() => {
      purge(model).dispose();
    });
    const odd = tf.sequential({ layers: [l0Dense({ units: 4, inputShape: [3] }), tf.layers.batchNormalization()] });
    try {
      purge(odd);
      expect.unreachable();
    } catch (e) {
      expect(isSparsekitError(e) && e.code).toBe('unsupported');
    }
    model.dispose();
    odd.dispose();
  });
});

describeBackends(['cpu'], 'l0Conv2d', () => {
  it('with log α = −10 a structured conv layer outputs exactly 0 (its bias is gated with its channel)', () => {
    const conv = l0Conv2d({ filters: 3, kernelSize: 2, inputShape: [4, 4, 1], seed: 9 });
    const model = tf.sequential({ layers: [conv] });
    conv.bias!.write(tf.tensor1d([1, 2, 3]));
    conv.logAlpha.write(tf.tensor1d([-10, 10, -10]));
    const y = tf.tidy(() => model.predict(tf.ones([1, 4, 4, 1])) as tf.Tensor4D);
    const v = y.arraySync()[0];
    expect(
      v
        .flat()
        .flatMap((p) => [p[0], p[2]])
        .every((e) => e === 0),
    ).toBe(true);
    expect(v.flat().some((p) => p[1] !== 0)).toBe(true);
    y.dispose();
    model.dispose();
  });
});
