import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { backendInfo, SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks, skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { fitBatches } from './fit-batches.js';
import { FusedAdam } from './fused-adam.js';

let serial = 0;

/** A seeded MLP 12-16-3 (kernels and biases: four variables) compiled with `optimizer`. */
function mlp(optimizer: tf.Optimizer): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    name: `fused-adam-mlp-${serial++}`,
    layers: [
      tf.layers.dense({ units: 16, inputShape: [12], activation: 'relu', kernelInitializer: init(1), biasInitializer: init(2) }),
      tf.layers.dense({ units: 3, kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return model;
}

function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([64, 12], 0, 1, 'float32', 5) as tf.Tensor2D;
    const labels = tf.argMax(tf.matMul(x, tf.randomNormal([12, 3], 0, 1, 'float32', 6)), 1);
    return { x, y: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
  });
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
const stateOf = async (o: tf.Optimizer) => (await o.getWeights()).map((w) => ({ name: w.name, values: Array.from(w.tensor.dataSync()) }));

describeBackends(['cpu', 'wasm'], 'FusedAdam', (backend) => {
  it('runs the fused kernel here when the native addon is built', (ctx) => {
    skipUnlessInstalled(ctx, backendInfo().native?.includes('SparsekitAdam') ? undefined : 'the native addon is not built');
    expect(new FusedAdam().fused).toBe(true);
  });

  it('equals tf.train.adam over 32 steps: weights, moments and iterations (model.fit and fitBatches)', async () => {
    const { x, y } = data();
    for (const [lr, b1, b2, eps] of [
      [1e-3, 0.9, 0.999, undefined],
      [3e-2, 0.5, 0.9, 1e-4],
    ] as const) {
      const stock = mlp(tf.train.adam(lr, b1, b2, eps));
      const fused = mlp(new FusedAdam(lr, b1, b2, eps));
      await stock.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
      await fused.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
      await fitBatches(stock, x, y, { batchSize: 16, epochs: 4, shuffle: false });
      await fitBatches(fused, x, y, { batchSize: 16, epochs: 4, shuffle: false });
      // the same float32 operations in the same order: the same bits, not merely close
      expect(weightsOf(fused)).toEqual(weightsOf(stock));
      const [s, f] = [await stateOf(stock.optimizer), await stateOf(fused.optimizer)];
      expect(f.map((w) => w.name.replace(/^.*\//, ''))).toEqual(s.map((w) => w.name.replace(/^.*\//, '')));
      expect(f.map((w) => w.values)).toEqual(s.map((w) => w.values));
      expect(f[0].values).toEqual([32]);
      stock.dispose();
      fused.dispose();
    }
    tf.dispose([x, y]);
  });

  it('runs one kernel per variable: a step is 4 + 2 kernels here, against 14 per variable for stock Adam', async (ctx) => {
    skipUnlessInstalled(ctx, backendInfo().native?.includes('SparsekitAdam') ? undefined : 'the native addon is not built');
    const { x, y } = data();
    const count = async (optimizer: tf.Optimizer) => {
      const model = mlp(optimizer);
      await fitBatches(model, x, y, { batchSize: 64, shuffle: false }); // creates the moments
      const grads = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar);
      const profile = await tf.profile(() => optimizer.applyGradients(grads.grads));
      const kernels = profile.kernels.map((k) => k.name); // copied: tf.profile reuses its record
      tf.dispose([grads.value, ...Object.values(grads.grads)]);
      model.dispose();
      return kernels;
    };
    const fused = await count(new FusedAdam());
    const stock = await count(tf.train.adam());
    expect(fused).toEqual(['SparsekitAdam', 'SparsekitAdam', 'SparsekitAdam', 'SparsekitAdam', 'Multiply', 'Multiply']);
    expect(stock.length).toBe(4 * 14 + 4);
    tf.dispose([x, y]);
  });

  it('keeps tfjs state layout: weights move between FusedAdam and tf.train.adam, and serialize as Adam', async () => {
    const { x, y } = data();
    const a = mlp(new FusedAdam(1e-2));
    const b = mlp(tf.train.adam(1e-2));
    await a.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
    await b.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
    // swap the optimizer states: each continues the other's run
    const [sa, sb] = [await a.optimizer.getWeights(), await b.optimizer.getWeights()];
    const copy = (ws: { name: string; tensor: tf.Tensor }[]) => ws.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    const [ca, cb] = [copy(sa), copy(sb)];
    await b.optimizer.setWeights(ca);
    await a.optimizer.setWeights(cb);
    await a.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
    await b.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(a.optimizer.getClassName()).toBe('Adam');
    expect(a.optimizer.getConfig()).toEqual(b.optimizer.getConfig());
    tf.dispose([...ca.map((w) => w.tensor), ...cb.map((w) => w.tensor), x, y]);
    a.dispose();
    b.dispose();
  });

  it('takes tfjs ops, with their broadcasting, for a gradient of another shape than its variable', () => {
    const run = (optimizer: tf.Optimizer, tag: string) => {
      const w = tf.variable(
        tf.tensor2d([
          [1, -2],
          [3, 0.5],
          [0, 4],
        ]),
        true,
        `fused-adam-broadcast-${tag}-${backend}`,
      );
      for (let i = 1; i <= 3; i++) tf.tidy(() => optimizer.applyGradients({ [w.name]: tf.tensor1d([0.5 * i, -i]) }));
      const values = Array.from(w.dataSync());
      w.dispose();
      optimizer.dispose();
      return values;
    };
    expect(run(new FusedAdam(0.1), 'fused')).toEqual(run(tf.train.adam(0.1), 'stock'));
  });

  it('leaks no tensor per step (moments created once, as tfjs creates them)', async () => {
    const w = tf.variable(tf.randomNormal([30, 4], 0, 1, 'float32', 7), true, `fused-adam-leak-${backend}`);
    const optimizer = new FusedAdam(0.05);
    const loss = () => tf.sum(tf.square(tf.sub(w, 1))) as tf.Scalar;
    optimizer.minimize(loss);
    await expectNoLeaks(() => {
      for (let i = 0; i < 5; i++) tf.dispose(optimizer.minimize(loss, true) ?? []);
    }, 'FusedAdam.minimize');
    optimizer.dispose();
    w.dispose();
  });

  it('throws a SparsekitError for a bad learning rate, β or ε', () => {
    for (const make of [
      () => new FusedAdam(0),
      () => new FusedAdam(-1e-3),
      () => new FusedAdam(Number.NaN),
      () => new FusedAdam(1e-3, 1),
      () => new FusedAdam(1e-3, 0.9, -0.1),
      () => new FusedAdam(1e-3, 0.9, 0.999, -1e-8),
    ]) {
      expect(make).toThrow(SparsekitError);
    }
    expect(() => new FusedAdam(1e-3, 1.5)).toThrow(/^beta1: expected a number in \[0, 1\), got 1.5/);
  });
});
