import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { DessiLbi } from '@sparsekit/solvers/paths';
import { createRng } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { filterSupport } from './filter-support.js';

/**
 * 8×8 images whose class is the sign of a vertical-bar pattern plus noise: a handful of
 * filters suffices. The conv filter gradient needs Conv2DBackpropFilter, i.e. the cpu backend
 * (or wasm with the native kernels, which this test does not assume).
 */
function bars(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = createRng(seed);
  const noise = rng.normalArray(n * 64, { std: 0.5 });
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const xs = labels.flatMap((c, i) => Array.from({ length: 64 }, (_, p) => noise[i * 64 + p] + (p % 8 === 3 ? (c === 1 ? 1.5 : -1.5) : 0)));
  return { x: tf.tensor4d(xs, [n, 8, 8, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2) as tf.Tensor2D };
}

describeBackends(['cpu'], 'DessiLbi on a conv net (group sparsity on filters)', () => {
  it('selects whole filters, and pruning to the Γ support keeps the accuracy', async () => {
    const { x, y } = bars(200, 3);
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          filters: 8,
          kernelSize: 3,
          activation: 'relu',
          inputShape: [8, 8, 1],
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    // group sparsity on the conv filters only: the classifier keeps all its weights
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20, sparsity: (_name, v) => (v.rank === 4 ? 'group' : 'none') });
    model.compile({ optimizer: opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 20, batchSize: 10, shuffle: false, verbose: 0 });
    const supports = filterSupport(opt, model);
    expect(supports.length).toBe(1);
    const conv = supports[0];
    expect(conv.filters).toBe(8);
    expect(conv.selected).toBeLessThan(8);
    expect(conv.selected).toBeGreaterThan(0);
    // group shrinkage: a filter's Γ is all zero or all non-zero
    const gamma = opt.gamma(conv.name);
    const perFilter = tf.tidy(() => tf.sum(tf.cast(tf.notEqual(tf.reshape(gamma, [-1, 8]), 0), 'int32'), 0).arraySync() as number[]);
    gamma.dispose();
    perFilter.forEach((count, f) => expect(count).toBe(conv.mask[f] ? 9 : 0));
    const accuracy = () =>
      tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0]);
    const full = accuracy();
    opt.useWStar();
    const pruned = accuracy();
    opt.recover();
    expect(full).toBeGreaterThan(0.9);
    expect(pruned).toBeGreaterThan(full - 0.05);
    opt.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });
});
