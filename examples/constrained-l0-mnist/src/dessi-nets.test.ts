import * as tf from '@tensorflow/tfjs';
import { DessiLbi } from '@sparsekit/solvers/paths';
import { createRng, useBackendOrThrow } from '@sparsekit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitEpoch, type ImageSplit, lenet, logitsLoss } from './dessi-nets.js';

beforeAll(async () => {
  await useBackendOrThrow('cpu');
});

/** 160 random images with random labels: two batches of 128 and 32 per epoch. */
function images(seed: number): ImageSplit {
  const rng = createRng(seed);
  const labels = rng.choiceArray(10, 160);
  return {
    x: tf.tensor4d(Float32Array.from(rng.uniformArray(160 * 784)), [160, 28, 28, 1]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tf.Tensor2D,
  };
}

/** Weights after two seeded epochs of DessiLbi (the recipe's lr, κ, μ) on LeNet-5. */
async function train(seed: number, orderSeed: number, data: ImageSplit): Promise<Float32Array[]> {
  const net = lenet('lenet5', seed);
  const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20 });
  net.compile({ optimizer: opt, loss: logitsLoss });
  const rng = createRng(orderSeed);
  for (let e = 0; e < 2; e++) await fitEpoch(net, data, rng);
  const weights = net.getWeights().map((w) => w.dataSync() as Float32Array);
  opt.dispose();
  net.dispose();
  return weights;
}

describe('DessiLbi LeNet-5 of the example', () => {
  it("starts from torch's default init: kernels and biases in ±1/√fan_in, not zero", () => {
    const net = lenet('lenet5', 3);
    const fanIns = [25, 150, 400, 120, 84];
    net.getWeights().forEach((w, i) => {
      const v = Array.from(w.dataSync());
      const bound = 1 / Math.sqrt(fanIns[Math.floor(i / 2)]);
      const max = v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
      // stored in float32: a draw just below the bound may round up to float32(bound)
      expect(max).toBeLessThanOrEqual(Math.fround(bound));
      // a uniform sample fills its interval: the largest of ≥ 6 draws is above half the bound
      expect(max).toBeGreaterThan(bound / 2);
    });
    net.dispose();
  });

  it('repeats its numbers for the same seeds (init and batch order); the batch order alone changes them', async () => {
    const data = images(7);
    const [a, b, c] = [await train(1, 1, data), await train(1, 1, data), await train(1, 3, data)];
    for (const w of a) expect(w.every(Number.isFinite)).toBe(true);
    a.forEach((w, i) => expect(Array.from(b[i])).toEqual(Array.from(w)));
    expect(Array.from(c[0])).not.toEqual(Array.from(a[0]));
    tf.dispose([data.x, data.y]);
  });
});
