import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isSparsekitError } from '@sparsekit/tensor';
import { gateOptimizer } from './gate-optimizer.js';
import { blobs, mlp } from './internal/blobs.test-helpers.js';

describe('gateOptimizer', () => {
  it('routes log α to the gate optimizer and the other weights to the weight optimizer inside model.fit', async () => {
    const model = mlp();
    const data = blobs(60, 2);
    const [weights, gates] = [tf.train.sgd(0), tf.train.sgd(1)];
    model.compile({ optimizer: gateOptimizer(model, { weights, gates }), loss: 'categoricalCrossentropy' });
    const snapshot = () => model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
    const before = snapshot();
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 30, verbose: 0 });
    const after = snapshot();
    model.trainableWeights.forEach((w, i) => {
      expect(
        after[i].some((v, j) => v !== before[i][j]),
        w.name,
      ).toBe(w.name.includes('log_alpha'));
    });
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('keeps log α in [log 1e-2, log 1e2] after a step that would throw it far out (the anchors clamp too)', async () => {
    const model = mlp();
    const data = blobs(60, 2);
    // a gate step of 1e4 moves every log α with a non-zero gradient by far more than the 4.6 to either bound
    const [weights, gates] = [tf.train.sgd(0), tf.train.sgd(1e4)];
    model.compile({ optimizer: gateOptimizer(model, { weights, gates }), loss: 'categoricalCrossentropy' });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 60, verbose: 0 });
    const logAlpha = model.trainableWeights.filter((w) => w.name.includes('log_alpha')).flatMap((w) => Array.from(w.read().dataSync()));
    const bound = Math.log(1e2);
    expect(logAlpha.every((v) => Math.abs(v) <= bound + 1e-5)).toBe(true);
    expect(logAlpha.filter((v) => Math.abs(Math.abs(v) - bound) < 1e-5).length).toBeGreaterThan(logAlpha.length / 2);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('names the bad argument', () => {
    const model = mlp();
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    const sgd = tf.train.sgd(0.1);
    const cases: [() => unknown, string][] = [
      [() => gateOptimizer(model, { weights: sgd, gates: {} as tf.Optimizer }), 'optimizers.gates'],
      [() => gateOptimizer(model, undefined as never), 'optimizers.weights'],
      [() => gateOptimizer(plain, { weights: sgd, gates: sgd }), 'model'],
    ];
    for (const [f, arg] of cases) {
      try {
        f();
        expect.unreachable(arg);
      } catch (e) {
        expect(isSparsekitError(e) ? e.argument : String(e)).toBe(arg);
      }
    }
    model.dispose();
    plain.dispose();
  });
});
