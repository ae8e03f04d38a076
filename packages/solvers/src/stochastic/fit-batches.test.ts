import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { linfBall } from '@sparsekit/constraints';
import { fitBatches } from './fit-batches.js';
import { StochasticFrankWolfe } from './stochastic-frank-wolfe.js';

/** Seeded three-class data (50 rows: the last batch of 16 is partial). */
function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([50, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
    const labels = tf.argMax(tf.matMul(x, tf.randomNormal([5, 3], 0, 1, 'float32', 4)), 1);
    return { x, y: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
  });
}

/** An MLP with seeded weights and an L2 regularizer (a layer loss the train step must add). */
function mlp(optimizer: () => tf.Optimizer): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        inputShape: [5],
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        kernelRegularizer: tf.regularizers.l2({ l2: 1e-2 }),
      }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: optimizer(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describeBackends(['cpu', 'wasm'], 'fitBatches', () => {
  it.each([
    ['SGD', () => tf.train.sgd(0.1)],
    ['Adam', () => tf.train.adam(0.01)],
  ] as const)(
    'without shuffling, gives the weights and epoch losses of model.fit (%s, regularizer, partial batch)',
    async (_label, opt) => {
      const { x, y } = data();
      const a = mlp(opt);
      const b = mlp(opt);
      const fitted = await a.fit(x, y, { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 });
      const lean = await fitBatches(b, x, y, { batchSize: 16, epochs: 3, shuffle: false });
      expect(lean.epoch).toEqual([0, 1, 2]);
      expectClose(lean.history.loss, fitted.history.loss as number[], { rtol: 1e-5, atol: 1e-6 });
      const wa = weightsOf(a);
      weightsOf(b).forEach((w, i) => expectClose(w, wa[i], { rtol: 1e-5, atol: 1e-6, message: `weight ${i}` }));
      a.dispose();
      b.dispose();
      tf.dispose([x, y]);
    },
  );

  it('drives a constrained optimizer exactly as model.fit does (StochasticFrankWolfe, biases skipped)', async () => {
    const { x, y } = data();
    const make = (m: tf.Sequential) => {
      const sets = new Map(m.layers.map((l) => [l.trainableWeights[0], linfBall(0.3)] as const));
      return new StochasticFrankWolfe(sets, { lr: 0.1, momentum: 0.9, unconstrained: 'skip' });
    };
    const models = [mlp(() => tf.train.sgd(0)), mlp(() => tf.train.sgd(0))];
    for (const m of models) m.compile({ optimizer: make(m), loss: 'categoricalCrossentropy' });
    await models[0].fit(x, y, { batchSize: 10, epochs: 2, shuffle: false, verbose: 0 });
    await fitBatches(models[1], x, y, { batchSize: 10, epochs: 2, shuffle: false });
    const w0 = weightsOf(models[0]);
    weightsOf(models[1]).forEach((w, i) => expectClose(w, w0[i], { rtol: 1e-5, atol: 1e-6, message: `weight ${i}` }));
    expect(Math.max(...w0[0].map(Math.abs))).toBeLessThanOrEqual(0.3 * (1 + 1e-6));
    for (const m of models) m.dispose();
    tf.dispose([x, y]);
  });

  it('calls callbacks with fit-shaped logs, stops on model.stopTraining, and shuffles reproducibly by seed', async () => {
    const { x, y } = data();
    const m = mlp(() => tf.train.sgd(0.1));
    const batches: tf.Logs[] = [];
    const epochs: number[] = [];
    await fitBatches(m, x, y, {
      batchSize: 16,
      epochs: 3,
      callbacks: {
        onBatchEnd: (_b, logs) => {
          batches.push(logs!);
          if (batches.length === 6) m.stopTraining = true;
        },
        onEpochEnd: (e, logs) => {
          epochs.push(e);
          expect(Number.isFinite(logs!.loss)).toBe(true);
        },
      },
    });
    expect(batches.map((l) => [l.batch, l.size])).toEqual([
      [0, 16],
      [1, 16],
      [2, 16],
      [3, 2],
      [0, 16],
      [1, 16],
    ]);
    expect(epochs).toEqual([0, 1]);
    const runs = [];
    for (let r = 0; r < 2; r++) {
      const fresh = mlp(() => tf.train.sgd(0.1));
      await fitBatches(fresh, x, y, { batchSize: 16, epochs: 2, seed: 5 });
      runs.push(weightsOf(fresh));
      fresh.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('leaks no tensors (shuffled, with per-batch callbacks) and checks its arguments', async () => {
    const { x, y } = data();
    const m = mlp(() => tf.train.sgd(0.1));
    await fitBatches(m, x, y, { batchSize: 16 });
    await expectNoLeaks(async () => {
      await fitBatches(m, x, y, { batchSize: 16, epochs: 2, callbacks: [{ onBatchEnd: () => undefined }] });
    });
    const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [5] })] });
    await expect(fitBatches(uncompiled, x, y)).rejects.toThrow(SparsekitError);
    await expect(fitBatches(m, x, tf.zeros([3, 3]))).rejects.toThrow(/50 rows/);
    await expect(fitBatches(m, x, y, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(fitBatches(m, x, y, { batchsize: 8 } as object)).rejects.toThrow(/batchsize/);
    uncompiled.dispose();
    m.dispose();
    tf.dispose([x, y]);
  });
});
