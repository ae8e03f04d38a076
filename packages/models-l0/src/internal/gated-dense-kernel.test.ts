import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l0Dense, type L0DenseOptions } from '../l0-dense.js';
import { gatedDense } from './gated-dense-kernel.js';
import { useHostPath } from './host-gates.js';

type Act = NonNullable<L0DenseOptions['activation']>;

/** A two-layer gated MLP; the same seeds give the same weights and the same gate stream. */
function mlp(sampling: 'batch' | 'example', act: Act, useBias: boolean): tf.Sequential {
  const common = { sampling, useBias, lambda: 0 };
  return tf.sequential({
    layers: [
      l0Dense({ units: 4, inputShape: [5], activation: 'relu', dropRate: 0.3, seed: 11, ...common }),
      l0Dense({ units: 3, activation: act, seed: 12, ...common }),
    ],
  });
}

/** Training loss and its gradient in every variable, through a fresh model, on the host or the device path. */
function lossAndGrads(host: boolean, sampling: 'batch' | 'example', act: Act, useBias: boolean) {
  useHostPath(host);
  const model = mlp(sampling, act, useBias);
  const rng = createRng(3);
  const [x, t] = [rng.normal([6, 5]), rng.normal([6, 3])];
  const out = tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const y = model.apply(x, { training: true }) as tf.Tensor;
      return tf.sum(tf.square(tf.sub(y, t))) as tf.Scalar;
    }, vars);
    // layer index and weight name (layer names differ between the two models)
    const named = model.trainableWeights.map(
      (w, i) => [`${i}:${w.originalName.replace(/^.*\//, '')}`, Array.from(grads[vars[i].name].dataSync())] as const,
    );
    return { value: value.dataSync()[0], grads: Object.fromEntries(named) };
  });
  tf.dispose([x, t]);
  model.dispose();
  return out;
}

describeBackends(['cpu', 'wasm'], 'gated dense kernel (training on the host path)', () => {
  afterEach(() => useHostPath(true));

  const cases: [string, 'batch' | 'example', Act, boolean][] = [
    ['per-batch gates, ReLU then linear, with bias', 'batch', 'linear', true],
    ['per-example gates, ReLU then tanh, with bias', 'example', 'tanh', true],
    ['per-batch gates, ReLU then ReLU, no bias', 'batch', 'relu', false],
  ];
  for (const [label, sampling, act, useBias] of cases) {
    it(`${label}: loss and every gradient equal the autodiff of the device path`, () => {
      const host = lossAndGrads(true, sampling, act, useBias);
      const device = lossAndGrads(false, sampling, act, useBias);
      expect(Object.keys(host.grads).sort()).toEqual(Object.keys(device.grads).sort());
      expect(Object.keys(host.grads).filter((k) => k.includes('log_alpha')).length).toBe(2);
      expectClose(host.value, device.value, { rtol: 1e-5, atol: 1e-6 });
      for (const k of Object.keys(device.grads)) expectClose(host.grads[k], device.grads[k], { rtol: 1e-4, atol: 1e-5 });
      // the gradient reaches log α (some gates are inside (0, 1))
      expect(host.grads[Object.keys(host.grads).find((k) => k.includes('log_alpha'))!].some((v) => v !== 0)).toBe(true);
    });
  }

  it('a kernel that is not a variable (saved as a clone) gives the output and gradients of a variable kernel', () => {
    const rng = createRng(5);
    const [x, w0, la] = [rng.normal([3, 4]), rng.normal([4, 2]), rng.normal([4])];
    const kernel = tf.variable(w0);
    const gates = { gate: Float32Array.from([0, 0.5, 1, 0.25]), slope: Float32Array.from([0, 0.7, 0, 1.1]), gateShape: [4] };
    const run = (w: tf.Tensor) =>
      tf.tidy(() => {
        const f = (xi: tf.Tensor, wi: tf.Tensor, li: tf.Tensor) =>
          tf.sum(
            gatedDense({ x: xi as tf.Tensor2D, kernel: wi as tf.Tensor2D, logAlpha: li as tf.Tensor1D, activation: 'relu', ...gates }),
          );
        return [f(x, w, la), ...tf.grads(f)([x, w, la])].map((t) => Array.from(t.dataSync()));
      });
    // tf.grads hands the variable itself to the layer's kernel: the variant that saves no clone of it
    const onVariable = run(kernel);
    const copy = tf.add(kernel, 0);
    const onCopy = run(copy);
    onCopy.forEach((v, i) => expectClose(v, onVariable[i], { rtol: 0, atol: 0, message: `output ${i}` }));
    expect(onVariable[2].some((v) => v !== 0)).toBe(true);
    copy.dispose();
    tf.dispose([x, w0, la, kernel]);
  });

  it('a kernel assigned between the forward pass and the gradient: the forward value on cpu, an error naming it on wasm', () => {
    const rng = createRng(6);
    const [x, w0, la] = [rng.normal([3, 4]), rng.normal([4, 2]), rng.normal([4])];
    const gates = { gate: Float32Array.from([0, 0.5, 1, 0.25]), slope: Float32Array.from([0.3, 0.7, 0.2, 1.1]), gateShape: [4] };
    const kernel = tf.variable(w0, true, 'assigned_kernel');
    const gradOfLogAlpha = (assign: boolean) =>
      tf.tidy(() => {
        kernel.assign(w0);
        const f = (l: tf.Tensor) => {
          const y = gatedDense({
            x: x as tf.Tensor2D,
            kernel: kernel as tf.Tensor2D,
            logAlpha: l as tf.Tensor1D,
            activation: 'linear',
            ...gates,
          });
          if (assign) kernel.assign(tf.zerosLike(kernel)); // e.g. perturb-and-restore code inside the loss
          return tf.sum(y);
        };
        return Array.from(tf.grad(f)(la).dataSync());
      });
    const reference = gradOfLogAlpha(false);
    expect(reference.some((v) => v !== 0)).toBe(true);
    if (tf.getBackend() === 'cpu') expectClose(gradOfLogAlpha(true), reference, { rtol: 0, atol: 0 });
    else expect(() => gradOfLogAlpha(true)).toThrow(/assigned_kernel.*forward pass/);
    tf.dispose([x, w0, la, kernel]);
  });

  it('a NaN log α gives a NaN loss (NaN in, NaN out), not a silently closed gate', () => {
    const model = mlp('batch', 'linear', true);
    // the linear second layer (a ReLU would map NaN to 0 on either path)
    const layer = model.layers[1] as unknown as { logAlpha: { write(t: tf.Tensor): void } };
    const nan = tf.tensor1d([Number.NaN, 0, 0, 0]);
    layer.logAlpha.write(nan);
    nan.dispose();
    const out = tf.tidy(() => {
      const { value } = tf.variableGrads(() => tf.sum(model.apply(tf.ones([2, 5]), { training: true }) as tf.Tensor) as tf.Scalar);
      return value.dataSync()[0];
    });
    expect(out).toBeNaN();
    model.dispose();
  });

  it('a training step on the host path leaks no tensor and no backend buffer', async () => {
    const model = mlp('batch', 'linear', true);
    const opt = tf.train.sgd(0.1);
    const x = tf.ones([4, 5]);
    await expectNoLeaks(() => {
      opt.minimize(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    });
    tf.dispose(x);
    opt.dispose();
    model.dispose();
  });
});

describe('host path switch', () => {
  it('is on by default and only on host-memory backends', async () => {
    const { onHostBackend } = await import('./host-gates.js');
    expect(['cpu', 'wasm'].includes(tf.getBackend())).toBe(onHostBackend());
  });
});
