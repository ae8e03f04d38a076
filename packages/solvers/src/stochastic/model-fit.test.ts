import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends } from '@sparsekit/tensor/testing';
import { StochasticFrankWolfe } from './stochastic-frank-wolfe.js';
import { StochasticPgd } from './stochastic-pgd.js';
import { StochasticPgdMadry } from './stochastic-pgd-madry.js';
import { StochasticThreeSplit } from './stochastic-three-split.js';
import type { ConstrainedStochasticOptimizer } from './constrained-stochastic-optimizer.js';
import { l1Ball, l2Ball, linfBall, type ConstraintSet } from '@sparsekit/constraints';

type Norm = (x: tf.Tensor) => number;
const l1Norm: Norm = (x) => Array.from(x.dataSync()).reduce((s, t) => s + Math.abs(t), 0);
const l2Norm: Norm = (x) => Math.hypot(...Array.from(x.dataSync()));
const linfNorm: Norm = (x) => Math.max(...Array.from(x.dataSync(), Math.abs));

/** A seeded two-class problem whose unconstrained fit would leave every ball below. */
function data(): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomNormal([96, 6], 0, 1, 'float32', 7) as tf.Tensor2D;
    const score = tf.sub(tf.mul(tf.slice(xs, [0, 0], [-1, 1]), 3), tf.slice(xs, [0, 1], [-1, 1]));
    const ys = tf.cast(tf.greater(score, 0), 'float32') as tf.Tensor2D;
    return { xs, ys };
  });
}

type Factory = (sets: Map<{ name: string }, ConstraintSet>) => ConstrainedStochasticOptimizer<ConstraintSet>;
const optimizers: [string, Factory][] = [
  ['StochasticFrankWolfe', (s) => new StochasticFrankWolfe(s, { lr: 0.2, momentum: 0.5, normalization: 'gradient' })],
  ['StochasticPgd', (s) => new StochasticPgd(s, { lr: 0.5, momentum: 0.5 })],
  ['StochasticPgdMadry', (s) => new StochasticPgdMadry(s, { lr: 0.1 })],
  ['StochasticThreeSplit', (s) => new StochasticThreeSplit(s, { lr: 0.5 })],
];

describeBackends(['cpu', 'wasm'], 'inside LayersModel.fit', () => {
  it.each(optimizers)('%s keeps every constrained weight feasible after every batch and lowers the loss', async (label, make) => {
    const { xs, ys } = data();
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 8, inputShape: [6], activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
      ],
    });
    const [k1, b1, k2, b2] = model.trainableWeights;
    // Whole-tensor sets, keyed by the layer weights themselves.
    const checks: [{ name: string }, ConstraintSet, Norm, number][] = [
      [k1, l1Ball(3), l1Norm, 3],
      [b1, linfBall(0.05), linfNorm, 0.05],
      [k2, l2Ball(1.5), l2Norm, 1.5],
      [b2, linfBall(0.1), linfNorm, 0.1],
    ];
    const sets = new Map(checks.map(([w, c]) => [w, c] as const));
    model.compile({ optimizer: make(sets), loss: 'binaryCrossentropy' });
    const before = model.evaluate(xs, ys) as tf.Scalar;
    const initial = before.dataSync()[0];
    before.dispose();
    let batches = 0;
    const worst = new Map<string, number>();
    await model.fit(xs, ys, {
      epochs: 3,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onBatchEnd: async () => {
          batches++;
          for (const [w, , norm, radius] of checks) {
            const excess = norm((w as unknown as { read(): tf.Tensor }).read()) - radius;
            worst.set(w.name, Math.max(worst.get(w.name) ?? -Infinity, excess));
          }
        },
      },
    });
    expect(batches).toBe(18);
    for (const [name, excess] of worst) expect(excess, `${label} ${name}`).toBeLessThanOrEqual(1e-5);
    const after = model.evaluate(xs, ys) as tf.Scalar;
    expect(after.dataSync()[0], label).toBeLessThan(initial);
    after.dispose();
    model.dispose();
    tf.dispose([xs, ys]);
  });
});
