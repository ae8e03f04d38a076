import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { isSparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import {
  fromSequential,
  implicitLayer,
  lipschitzCertificate,
  wellPosedness,
  wellPosednessCallback,
  type ImplicitLayerArgs,
} from './index.js';
import { normals } from './internal/fixtures.js';

function argumentOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isSparsekitError(e) ? e.argument : `not a SparsekitError: ${String(e)}`;
  }
  return 'no error';
}

describeBackends(['cpu', 'wasm'], 'ImplicitLayer', () => {
  it('a strictly upper block-triangular A is the feedforward network, exactly after depth + 1 evaluations', () => {
    const mlp = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 6,
          activation: 'relu',
          inputShape: [4],
          kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
          biasInitializer: tf.initializers.randomNormal({ seed: 2 }),
        }),
        tf.layers.dense({
          units: 5,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }),
          biasInitializer: tf.initializers.randomNormal({ seed: 4 }),
        }),
        tf.layers.dense({
          units: 3,
          kernelInitializer: tf.initializers.glorotNormal({ seed: 5 }),
          biasInitializer: tf.initializers.randomNormal({ seed: 6 }),
        }),
      ],
    });
    const { layer, outputActivation } = fromSequential(mlp);
    expect(outputActivation).toBe('linear');
    const u = normals(7, 4, 7).tensor;
    const want = mlp.predict(u) as tf.Tensor;
    const got = tf.sequential({ layers: [layer] }).predict(u) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(got, want))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5 * Math.max(1, tf.max(tf.abs(want)).dataSync()[0]));
    expect(layer.lastForward?.converged).toBe(true);
    expect(Array.from(layer.lastForward?.residuals ?? [])).toEqual(new Array(7).fill(0));
    expect(layer.lastForward?.nit).toBe(3);
    // A is nilpotent (λ_pf = 0); Collatz–Wielandt bounds approach 0 only like 1/iterations on defective matrices.
    const pf = wellPosedness(layer.A.read()).perronFrobenius;
    expect(pf.lower).toBe(0);
    expect(pf.upper).toBeLessThan(0.01);
    tf.dispose([u, want, got]);
  });

  it('trains in model.fit with Adam while the callback keeps ‖A‖∞ ≤ κ after every step', async () => {
    const layer = implicitLayer({ units: 1, hiddenUnits: 12, activation: 'tanh', kappa: 0.9, inputShape: [3], seed: 3 });
    const model = tf.sequential({ layers: [layer] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = normals(64, 3, 11).tensor;
    const y = tf.tidy(() => tf.sin(tf.sum(x, 1, true)));
    const norms: number[] = [];
    const losses: number[] = [];
    const probe = new tf.CustomCallback({
      onBatchEnd: async (_b, logs) => {
        norms.push(wellPosedness(layer.A.read()).normInf);
        losses.push(logs?.loss ?? NaN);
      },
    });
    await model.fit(x, y, { epochs: 8, batchSize: 16, verbose: 0, callbacks: [wellPosednessCallback(model), probe] });
    expect(norms.length).toBe(32);
    for (const v of norms) expect(v).toBeLessThanOrEqual(0.9 * (1 + 1e-6));
    expect(Math.max(...norms)).toBeGreaterThan(0.85);
    const first = losses.slice(0, 4).reduce((s, v) => s + v, 0);
    const last = losses.slice(-4).reduce((s, v) => s + v, 0);
    expect(last).toBeLessThan(0.5 * first);
    expect(layer.lastBackward?.converged).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('saves and loads: same class, same config, same predictions', async () => {
    const args: ImplicitLayerArgs = {
      units: 2,
      hiddenUnits: 5,
      activation: 'leakyRelu',
      leakyReluAlpha: 0.1,
      kappa: 0.8,
      inputShape: [3],
      forward: { method: 'anderson', memory: 4, tol: 1e-6 },
      backward: { method: 'phantom', steps: 3, damping: 0.5 },
      seed: 9,
    };
    const model = tf.sequential({ layers: [implicitLayer(args), tf.layers.dense({ units: 1 })] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const u = normals(4, 3, 12).tensor;
    const [a, b] = [model.predict(u) as tf.Tensor, loaded.predict(u) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.layers[0].getConfig()).toEqual(model.layers[0].getConfig());
    tf.dispose([u, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('the L∞ certificate bounds the measured input sensitivity on random pairs', () => {
    const layer = implicitLayer({ units: 3, hiddenUnits: 10, activation: 'tanh', kappa: 0.95, inputShape: [4], seed: 5 });
    const model = tf.sequential({ layers: [layer] });
    const cert = lipschitzCertificate(layer);
    expect(cert.nemon).toBeLessThanOrEqual(cert.normInf);
    const u1 = normals(200, 4, 20).tensor;
    const u2 = tf.tidy(() => tf.add(u1, normals(200, 4, 21, 0.01).tensor));
    const ratio = tf.tidy(() => {
      const dy = tf.max(tf.abs(tf.sub(model.predict(u1) as tf.Tensor, model.predict(u2) as tf.Tensor)), 1);
      return tf.max(tf.div(dy, tf.max(tf.abs(tf.sub(u1, u2)), 1)));
    });
    const measured = ratio.dataSync()[0];
    expect(measured).toBeGreaterThan(0);
    expect(measured).toBeLessThanOrEqual(cert.nemon);
    tf.dispose([u1, u2, ratio]);
    model.dispose();
  });

  it('NEMON: a model with ‖A‖∞ > 1 but μ∞(A) < 1 converges under the automatic damping', () => {
    const layer = implicitLayer({
      units: 1,
      hiddenUnits: 3,
      activation: 'relu',
      wellPosedness: 'nemon',
      kappa: 0.9,
      inputShape: [2],
      forward: { tol: 1e-6, maxIter: 2000 },
    });
    const model = tf.sequential({ layers: [layer] });
    layer.A.write(
      tf.tensor2d([
        [-3, 1, 1],
        [0.2, 0.1, 0.3],
        [0.5, -0.2, -1],
      ]),
    );
    layer.project();
    const report = wellPosedness(layer.A.read());
    expect(report.normInf).toBeGreaterThan(1);
    expect(report.mu).toBeLessThanOrEqual(0.9 + 1e-6);
    tf.dispose(model.predict(normals(5, 2, 30).tensor));
    expect(layer.lastForward?.converged).toBe(true);
    model.dispose();
  });

  it('predict and gradient steps are leak-free', async () => {
    const layer = implicitLayer({ units: 2, hiddenUnits: 6, inputShape: [3], forward: { method: 'broyden' } });
    const model = tf.sequential({ layers: [layer] });
    const u = normals(5, 3, 40).tensor;
    await expectNoLeaks(() => {
      tf.dispose(model.predict(u));
      const { value, grads } = tf.variableGrads(() => tf.sum(model.predict(u) as tf.Tensor) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
      layer.project();
    });
    u.dispose();
    model.dispose();
  });
});

it('rejects bad configuration with the offending key named', () => {
  const base = { units: 2, hiddenUnits: 3 };
  expect(argumentOf(() => implicitLayer({ ...base, kapa: 0.5 } as ImplicitLayerArgs))).toBe('implicitLayer.kapa');
  expect(argumentOf(() => implicitLayer({ ...base, forward: { stop_mode: 'rel' } as object }))).toBe('forward.stop_mode');
  expect(argumentOf(() => implicitLayer({ ...base, backward: { method: 'ift' } as object }))).toBe('backward.method');
  expect(argumentOf(() => implicitLayer({ ...base, kappa: 1 }))).toBe('kappa');
  expect(argumentOf(() => implicitLayer({ ...base, units: 0 }))).toBe('units');
  expect(argumentOf(() => implicitLayer({ ...base, activation: 'gelu' }))).toBe('activation');
  expect(argumentOf(() => implicitLayer({ ...base, leakyReluAlpha: 2 }))).toBe('leakyReluAlpha');
  expect(argumentOf(() => tf.sequential({ layers: [implicitLayer({ ...base, inputShape: [2, 2] })] }))).toBe('inputShape');
});
