import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { isSparsekitError } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { expectedL0 } from './expected-l0.js';
import { fitConstrained } from './fit-constrained.js';
import { blobs, mlp } from './internal/blobs.test-helpers.js';

describeBackends(['cpu', 'wasm'], 'fitConstrained', () => {
  it('lands within 0.5 pp of a model-wise ε and logs multipliers and violations per epoch', async () => {
    const data = blobs(300, 5);
    const model = mlp();
    const primal = tf.train.momentum(0.1, 0.9);
    const before = tf.memory().numTensors;
    const out = fitConstrained(model, data, {
      epsilon: 0.3,
      epochs: 40,
      batchSize: 20,
      loss: 'categoricalCrossentropy',
      primal,
      dualLr: 0.5,
      seed: 7,
    });
    primal.dispose(); // the caller's optimizer owns its accumulators and its momentum scalar (created before `before`)
    expect(tf.memory().numTensors).toBe(before - 1);
    expect(isRight(out)).toBe(true);
    if (!isRight(out)) return;
    const { history, status } = out.right;
    expect(status).toBe('completed');
    expect(history.length).toBe(40);
    expect(history[0].density[0]).toBeGreaterThan(0.3);
    const last = history[history.length - 1];
    expect(Math.abs(last.density[0] - 0.3)).toBeLessThan(0.005);
    expect(expectedL0(model).fraction).toBeCloseTo(last.density[0], 6);
    expect(history.some((h) => h.multiplier[0] > 0)).toBe(true);
    history.forEach((h) => expect(h.violation[0]).toBeCloseTo(h.density[0] - 0.3, 6));
    // the classes stay separable at 30% density
    const acc = tf.tidy(
      () => tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(data.x) as tf.Tensor, 1), tf.argMax(data.y, 1)), 'float32')).dataSync()[0],
    );
    expect(acc).toBeGreaterThan(0.9);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describeBackends(['cpu'], 'fitConstrained per layer', () => {
  it('lands within 0.5 pp of the ε of each layer', () => {
    const data = blobs(300, 5);
    const model = mlp();
    const primal = tf.train.momentum(0.1, 0.9);
    const eps = [0.3, 0.25, 0.4];
    const out = fitConstrained(model, data, {
      epsilon: eps,
      epochs: 80,
      batchSize: 20,
      loss: 'categoricalCrossentropy',
      primal,
      dualLr: 0.2,
      seed: 7,
    });
    primal.dispose();
    expect(isRight(out)).toBe(true);
    if (!isRight(out)) return;
    const last = out.right.history.at(-1)!;
    expect(last.density.length).toBe(3);
    expect(last.multiplier.length).toBe(3);
    const perLayer = expectedL0(model).layers.map((l) => l.fraction);
    eps.forEach((e, i) => {
      expect(out.right.history[0].density[i], `layer ${i} starts above ε`).toBeGreaterThan(e);
      expect(Math.abs(last.density[i] - e), `layer ${i}: ${last.density[i]} vs ${e}`).toBeLessThan(0.005);
      expect(perLayer[i]).toBeCloseTo(last.density[i], 6);
    });
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describe('fitConstrained gate optimizer', () => {
  it('routes log α to gateOptimizer and the weights to primal', () => {
    const model = mlp();
    const data = blobs(60, 2);
    const snapshot = () => model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
    const before = snapshot();
    const primal = tf.train.sgd(0);
    const gates = tf.train.sgd(1);
    const out = fitConstrained(model, data, {
      epsilon: 0.3,
      epochs: 1,
      batchSize: 30,
      loss: 'categoricalCrossentropy',
      primal,
      gateOptimizer: gates,
      dualLr: 1,
    });
    expect(isRight(out)).toBe(true);
    const after = snapshot();
    model.trainableWeights.forEach((w, i) => {
      const moved = after[i].some((v, j) => v !== before[i][j]);
      expect(moved).toBe(w.name.includes('log_alpha'));
    });
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describe('fitConstrained configuration and data errors', () => {
  it('throws on programming errors and returns Left on data problems', () => {
    const model = mlp();
    const data = blobs(30, 1);
    const base = { epochs: 1, loss: 'categoricalCrossentropy' as const };
    const cases: [() => unknown, string][] = [
      [() => fitConstrained(model, data, { ...base, epsilon: 0 }), 'epsilon'],
      [() => fitConstrained(model, data, { ...base, epsilon: [0.5, 0.5] }), 'epsilon'],
      [() => fitConstrained(model, data, { ...base, epsilon: 0.5, epoch: 3 } as never), 'fitConstrained.epoch'],
      [
        () => fitConstrained(tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] }), data, { ...base, epsilon: 0.5 }),
        'model',
      ],
    ];
    for (const [f, arg] of cases) {
      try {
        f();
        expect.unreachable(arg);
      } catch (e) {
        expect(isSparsekitError(e) ? e.argument : String(e)).toBe(arg);
      }
    }
    const short = { x: data.x, y: tf.zeros([10, 3]) };
    const out = fitConstrained(model, short, { ...base, epsilon: 0.5 });
    expect(isLeft(out) && out.left.code).toBe('shape_mismatch');
    const bad = { x: data.x, y: tf.fill([30, 3], NaN) };
    const nan = fitConstrained(model, bad, { ...base, epsilon: 0.5 });
    expect(isLeft(nan) && nan.left.code).toBe('non_finite');
    tf.dispose([short.y, bad.y, data.x, data.y]);
    model.dispose();
  });
});
