import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SparsekitError } from '@sparsekit/tensor';
import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { frankWolfeConstraints, implicitLayer, layerSparsity, perMatrixOptimizer, type ImplicitLayer } from './index.js';
import { normals } from './internal/fixtures.js';

function build(): { model: tf.Sequential; layer: ImplicitLayer } {
  const layer = implicitLayer({
    units: 2,
    hiddenUnits: 10,
    activation: 'tanh',
    kappa: 0.9,
    seed: 3,
    initializer: 'zerosRandomReadout',
    inputShape: [6],
  });
  return { model: tf.sequential({ layers: [layer] }), layer };
}

const sfwOn = (layer: ImplicitLayer) =>
  new StochasticFrankWolfe(frankWolfeConstraints(layer, { A: { type: 'l1', radius: 0.5 } }), { lr: 0.2, momentum: 0.5 });

async function oneStep(model: tf.Sequential, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): Promise<void> {
  model.compile({ optimizer, loss: 'meanSquaredError' });
  await model.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
}

describeBackends(['cpu', 'wasm'], 'perMatrixOptimizer', () => {
  it('updates A exactly as Frank-Wolfe alone and B, C, D, biases exactly as SGD alone would from the same start', async () => {
    const x = normals(32, 6, 1).tensor;
    const y = tf.tidy(() => tf.tanh(tf.slice(x, [0, 0], [-1, 2])));
    const split = build();
    const fw = build();
    const sgd = build();
    const opt = perMatrixOptimizer(split.layer, { A: sfwOn(split.layer), others: tf.train.sgd(0.1) });
    await oneStep(split.model, opt, x, y);
    await oneStep(fw.model, sfwOn(fw.layer), x, y);
    await oneStep(sgd.model, tf.train.sgd(0.1), x, y);
    expect(layerSparsity(split.layer).A.nonzeros).toBe(1);
    expect(split.layer.A.read().arraySync()).toEqual(fw.layer.A.read().arraySync());
    for (const k of ['B', 'C', 'D'] as const) {
      expect(layerSparsity(split.layer)[k].nonzeros).toBeGreaterThan(0);
      expect(split.layer[k].read().arraySync()).toEqual(sgd.layer[k].read().arraySync());
    }
    expect(split.layer.biasWeight?.read().arraySync()).toEqual(sgd.layer.biasWeight?.read().arraySync());
    expect(opt.iterations).toBe(1);
    for (const m of [split, fw, sgd]) {
      m.model.optimizer.dispose();
      m.model.dispose();
    }
    tf.dispose([x, y]);
  });

  it('keeps A in its Frank-Wolfe set (≤ 1 new nonzero per step) while Adam trains the rest, without leaking', async () => {
    const { model, layer } = build();
    const opt = perMatrixOptimizer(layer, { A: sfwOn(layer), others: tf.train.adam(0.01) });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const x = normals(64, 6, 2).tensor;
    const y = tf.tidy(() => tf.tanh(tf.slice(x, [0, 1], [-1, 2])));
    await model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    const before = layerSparsity(layer).A.nonzeros;
    const nnz: number[] = [];
    const probe = new tf.CustomCallback({ onBatchEnd: async () => void nnz.push(layerSparsity(layer).A.nonzeros) });
    await expectNoLeaks(() => model.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, callbacks: [probe] }), 'fit');
    expect(nnz.length).toBe(8);
    const steps = nnz.map((n, i) => n - (i === 0 ? before : nnz[i - 1]));
    expect(Math.max(...steps)).toBeLessThanOrEqual(1);
    const a = layer.A.read().abs().sum().dataSync()[0];
    expect(a).toBeLessThanOrEqual(0.5 * (1 + 1e-6));
    expect(layerSparsity(layer).B.density).toBeGreaterThan(0.5);
    opt.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });

  it('rejects unknown keys, non-optimizers, matrices of the layer nobody owns and gradients of other layers', async () => {
    const { model, layer } = build();
    expect(() => perMatrixOptimizer(layer, { E: tf.train.sgd(1) } as never)).toThrow(SparsekitError);
    expect(() => perMatrixOptimizer(layer, { A: 'adam' } as never)).toThrow(/choice\.A/);
    expect(() => perMatrixOptimizer(tf.layers.dense({ units: 2 }) as never, { others: tf.train.sgd(1) })).toThrow(
      /layer: expected an implicitLayer/,
    );
    const sgd = tf.train.sgd(0.1);
    expect(() => perMatrixOptimizer(layer, { A: sgd })).toThrow(/none for B, C, D, stateBias, bias\)/);
    // Every matrix of the implicit layer routed, but a second layer left without an optimizer.
    model.add(tf.layers.dense({ units: 2 }));
    const opt = perMatrixOptimizer(layer, { A: sgd, B: sgd, C: sgd, D: sgd, bias: sgd });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const x = tf.ones([4, 6]);
    const y = tf.ones([4, 2]);
    await expect(model.fit(x, y, { epochs: 1, verbose: 0 })).rejects.toThrow(/others/);
    opt.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });
});
