import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng, isSparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l0Dense, type L0Dense } from './l0-dense.js';
import { expectedL0 } from './expected-l0.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

function setLogAlpha(layer: L0Dense, values: tf.Tensor): void {
  layer.logAlpha.write(values);
  values.dispose();
}

describeBackends(['cpu', 'wasm'], 'L0Dense', () => {
  it('building (with the init rescaled by 1/(1 − d)) and disposing a gated model leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const model = tf.sequential({
      layers: [l0Dense({ units: 4, inputShape: [3], dropRate: 0.2, seed: 1 }), l0Dense({ units: 2, seed: 2 })],
    });
    // kernel, bias, log α per layer
    expect(tf.memory().numTensors - before).toBe(6);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with log α = −10 a structured layer outputs only its bias (evaluation)', async () => {
    const layer = l0Dense({ units: 3, inputShape: [5], seed: 1 });
    const model = tf.sequential({ layers: [layer] });
    layer.bias!.write(tf.tensor1d([0.5, -1, 2]));
    setLogAlpha(layer, tf.fill([5], -10));
    const x = createRng(2).normal([4, 5]);
    const y = await expectNoLeaks(() => tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync()));
    expect(y).toEqual([
      [0.5, -1, 2],
      [0.5, -1, 2],
      [0.5, -1, 2],
      [0.5, -1, 2],
    ]);
    x.dispose();
    model.dispose();
  });

  it('evaluation equals x(diag(ẑ)W) + b with the paper gate, and per-weight gates multiply W', () => {
    for (const structure of ['structured', 'unstructured'] as const) {
      const layer = l0Dense({ units: 2, inputShape: [3], structure, seed: 3 });
      const model = tf.sequential({ layers: [layer] });
      const la =
        structure === 'structured'
          ? [-3, 0.5, 4]
          : [
              [-3, 0.5],
              [4, -1],
              [0, 2],
            ];
      setLogAlpha(layer, tf.tensor(la));
      const w = layer.kernel.read().arraySync() as number[][];
      const gate = (v: number) => Math.min(1, Math.max(0, sig(v) * 1.2 - 0.1));
      const zAt = (j: number, k: number) => gate(structure === 'structured' ? (la as number[])[j] : (la as number[][])[j][k]);
      const x = [[1, -2, 0.5]];
      const expected = [[0, 1].map((k) => x[0].reduce((acc, xj, j) => acc + xj * zAt(j, k) * w[j][k], 0))];
      const y = tf.tidy(() => model.predict(tf.tensor2d(x)) as tf.Tensor);
      expectClose(y, expected, { rtol: 1e-5, atol: 1e-6 });
      y.dispose();
      model.dispose();
    }
  });

  it('samples a gate per minibatch or per example in training, seeded', () => {
    const perExample = l0Dense({ units: 1, inputShape: [2], sampling: 'example', seed: 4, useBias: false });
    const perBatch = l0Dense({ units: 1, inputShape: [2], seed: 4, useBias: false });
    const outs = [perExample, perBatch].map((layer) => {
      const model = tf.sequential({ layers: [layer] });
      layer.kernel.write(tf.ones([2, 1]));
      const y = tf.tidy(() => (model.apply(tf.ones([64, 2]), { training: true }) as tf.Tensor).arraySync() as number[][]);
      model.dispose();
      return new Set(y.map((r) => r[0].toFixed(6))).size;
    });
    expect(outs[0]).toBeGreaterThan(10);
    expect(outs[1]).toBe(1);
  });

  it('adds λ·E[L0]/N plus AMLab weight decay to the model losses', () => {
    const layer = l0Dense({ units: 2, inputShape: [3], lambda: 0.5, weightDecay: 2, datasetSize: 10, seed: 5 });
    const model = tf.sequential({ layers: [layer] });
    setLogAlpha(layer, tf.tensor1d([-1, 0, 2]));
    layer.bias!.write(tf.tensor1d([1, -1]));
    const w = layer.kernel.read().arraySync() as number[][];
    const p = [-1, 0, 2].map((v) => sig(v + (2 / 3) * Math.log(11)));
    const expected = (p.reduce((acc, pj, j) => acc + pj * w[j].reduce((s, wjk) => s + 0.5 * 2 * wjk * wjk + 0.5, 0), 0) + 0.5 * 2 * 2) / 10;
    const v = tf.tidy(() => layer.calculateLosses().map((t) => t.dataSync()[0]));
    expect(v.length).toBe(1);
    expect(v[0]).toBeCloseTo(expected, 5);
    const l0 = expectedL0(model);
    expect(l0.params).toBeCloseTo(2 * p.reduce((a, b) => a + b, 0), 5);
    expect(l0.fraction).toBeCloseTo(l0.params / 6, 6);
    model.dispose();
  });

  it('model.fit minimizes the data loss plus the layer penalty', async () => {
    const layer = l0Dense({ units: 1, inputShape: [3], lambda: 0.3, datasetSize: 2, seed: 8 });
    const model = tf.sequential({ layers: [layer] });
    layer.kernel.write(tf.zeros([3, 1]));
    setLogAlpha(layer, tf.tensor1d([-1, 0, 2]));
    model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    const [x, y] = [tf.ones([4, 3]), tf.tensor2d([[1], [2], [3], [4]])];
    const h = await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    const penalty = (0.3 * [-1, 0, 2].reduce((a, v) => a + sig(v + (2 / 3) * Math.log(11)), 0)) / 2;
    expect(h.history['loss'][0] as number).toBeCloseTo((1 + 4 + 9 + 16) / 4 + penalty, 4);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('round-trips through tf.io (config and log α)', async () => {
    const model = tf.sequential({
      layers: [l0Dense({ units: 4, inputShape: [3], activation: 'relu', structure: 'unstructured', testGate: 'median', seed: 6 })],
    });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const x = tf.tensor2d([
      [1, 2, -1],
      [0.5, 0, 3],
    ]);
    const [a, b] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expectClose(b, a.arraySync() as number[][], { atol: 1e-7 });
    expect((loaded.layers[0] as L0Dense).options.testGate).toBe('median');
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});

describe('L0Dense configuration', () => {
  it('rejects bad options naming the argument', () => {
    const cases: [() => unknown, string][] = [
      [() => l0Dense({ units: 0 }), 'l0Dense.units'],
      [() => l0Dense({ units: 2, droprate: 0.2 } as never), 'l0Dense.droprate'],
      [() => l0Dense({ units: 2, dropRate: 1 }), 'l0Dense.dropRate'],
      [() => l0Dense({ units: 2, structure: 'unstructured', sampling: 'example' }), 'l0Dense.sampling'],
      [() => l0Dense({ units: 2, lambda: -1 }), 'l0Dense.lambda'],
      [() => l0Dense({ units: 2, activation: 'gelu' as never }), 'l0Dense.activation'],
      [() => tf.sequential({ layers: [l0Dense({ units: 2, inputShape: [3, 4] })] }), 'l0Dense input shape'],
    ];
    for (const [f, arg] of cases) {
      try {
        f();
        expect.unreachable(`${arg} accepted`);
      } catch (e) {
        expect(isSparsekitError(e) ? e.argument : String(e)).toBe(arg);
      }
    }
  });
});
