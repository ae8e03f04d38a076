import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isSparsekitError } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { constrainedCallback } from './constrained-callback.js';
import { expectedL0 } from './expected-l0.js';
import { blobs, mlp } from './internal/blobs.test-helpers.js';

describeBackends(['cpu', 'wasm'], 'constrainedCallback', () => {
  it('model.fit with the callback lands within 0.5 pp of a model-wise ε, then leaves the plain loss', async () => {
    const data = blobs(300, 5);
    const model = mlp();
    model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
    const lossesBefore = model.calculateLosses().length;
    // A dual step of 0.5 overshoots (λ ≈ 14, density 0.25) and is still ±0.6 pp around ε after 40 epochs.
    const cb = constrainedCallback({ epsilon: 0.3, dualLr: 0.2 });
    // No shuffle: model.fit shuffles with Math.random, which would make the landing point vary between runs.
    await model.fit(data.x, data.y, { epochs: 40, batchSize: 20, shuffle: false, callbacks: [cb], verbose: 0 });
    expect(cb.history.length).toBe(40);
    expect(cb.history[0].density[0]).toBeGreaterThan(0.3);
    const last = cb.history.at(-1)!;
    expect(Math.abs(last.density[0] - 0.3), `density ${last.density[0]}`).toBeLessThan(0.005);
    expect(expectedL0(model).fraction).toBeCloseTo(last.density[0], 6);
    expect(cb.history.some((h) => h.multiplier[0] > 0)).toBe(true);
    cb.history.forEach((h) => expect(h.violation[0]).toBeCloseTo(h.density[0] - 0.3, 6));
    expect(model.calculateLosses().length).toBe(lossesBefore);
    const acc = tf.tidy(
      () => tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(data.x) as tf.Tensor, 1), tf.argMax(data.y, 1)), 'float32')).dataSync()[0],
    );
    expect(acc).toBeGreaterThan(0.9);
    const tensors = tf.memory().numTensors;
    cb.dispose();
    expect(tf.memory().numTensors).toBe(tensors - 2);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describe('constrainedCallback configuration', () => {
  it('throws on bad options at construction and on a model it cannot constrain when fit starts', async () => {
    const cases: [() => unknown, string][] = [
      [() => constrainedCallback({ epsilon: 0 }), 'epsilon'],
      [() => constrainedCallback({ epsilon: [0.5, 1.5] }), 'epsilon[1]'],
      [() => constrainedCallback({ epsilon: 0.5, dualLr: -1 }), 'dualLr'],
      [() => constrainedCallback({ epsilon: 0.5, formulation: 'quadratic-penalty' as never }), 'formulation'],
      [() => constrainedCallback({ epsilon: 0.5, dual: 1 } as never), 'constrainedCallback.dual'],
    ];
    for (const [f, arg] of cases) {
      try {
        f();
        expect.unreachable(arg);
      } catch (e) {
        expect(isSparsekitError(e) ? e.argument : String(e)).toBe(arg);
      }
    }
    const data = blobs(30, 1);
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [20] })] });
    plain.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(plain.fit(data.x, data.y, { epochs: 1, callbacks: [constrainedCallback({ epsilon: 0.5 })], verbose: 0 })).rejects.toThrow(
      /model/,
    );
    const gated = mlp();
    gated.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(
      gated.fit(data.x, data.y, { epochs: 1, callbacks: [constrainedCallback({ epsilon: [0.5, 0.5] })], verbose: 0 }),
    ).rejects.toThrow(/epsilon/);
    tf.dispose([data.x, data.y]);
    plain.dispose();
    gated.dispose();
  });
});
