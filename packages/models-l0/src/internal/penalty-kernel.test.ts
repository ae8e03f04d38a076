import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l0Conv2d } from '../l0-conv2d.js';
import { l0Dense } from '../l0-dense.js';
import type { GatedLayer } from './gated-layer.js';
import { useHostPath } from './host-gates.js';
import { hostPenalty } from './penalty-kernel.js';

const penalty = { lambda: 0.3, weightDecay: 2, datasetSize: 7 };

/** One gated layer of each kind, built, with log α spread over the clamp range. */
function layers(): GatedLayer[] {
  const out: GatedLayer[] = [
    l0Dense({ units: 4, inputShape: [5], seed: 1, ...penalty }),
    l0Dense({ units: 3, inputShape: [4], structure: 'unstructured', seed: 2, ...penalty }),
    l0Dense({ units: 3, inputShape: [4], seed: 3, useBias: false, ...penalty }),
    l0Dense({ units: 3, inputShape: [4], seed: 4, lambda: 0.2, datasetSize: 3 }),
    l0Conv2d({ filters: 3, kernelSize: 2, inputShape: [4, 4, 2], seed: 5, ...penalty }),
  ];
  const rng = createRng(9);
  for (const layer of out) {
    tf.sequential({ layers: [layer] });
    const set = (v: { read(): tf.Tensor; write(t: tf.Tensor): void }, values: ArrayLike<number>) => {
      const t = tf.tensor(Float32Array.from(values), v.read().shape);
      v.write(t);
      t.dispose();
    };
    set(layer.logAlpha, rng.uniformArray(layer.logAlpha.read().size, { low: -4, high: 4 }));
    if (layer.bias) set(layer.bias, rng.normalArray(layer.bias.read().size));
  }
  return out;
}

/** The penalty and its gradient in every weight of the layer. */
function penaltyAndGrads(layer: GatedLayer, host: boolean) {
  useHostPath(host);
  return tf.tidy(() => {
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => layer.penalty(), vars);
    return { value: value.dataSync()[0], grads: vars.map((v) => Array.from(grads[v.name]?.dataSync() ?? [])) };
  });
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

describeBackends(['cpu', 'wasm'], 'layer penalty kernel (host path)', () => {
  afterEach(() => useHostPath(true));

  it('value and gradients equal the device path (autodiff) for dense, unstructured, bias-free, λ-only and conv layers', () => {
    for (const layer of layers()) {
      const host = penaltyAndGrads(layer, true);
      const device = penaltyAndGrads(layer, false);
      expectClose(host.value, device.value, { rtol: 1e-5 });
      host.grads.forEach((g, i) => expectClose(g, device.grads[i], { rtol: 1e-4, atol: 1e-7 }));
      layer.dispose();
    }
  });

  it('on tensors that are not variables (the tape saves clones) gives the value and gradients it gives on the variables', () => {
    const layer = l0Dense({ units: 4, inputShape: [5], seed: 1, ...penalty });
    tf.sequential({ layers: [layer] });
    const vars = [layer.logAlpha, layer.kernel, layer.bias!].map((v) => v.read() as tf.Variable);
    const attrs = { shift: 0.4, perGate: 0.3, decay: 0.5, inner: 4 };
    const [fromVariables, fromCopies] = [vars, vars.map((v) => tf.add(v, 0))].map((ts) =>
      tf.tidy(() => {
        const f = (la: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => hostPenalty(la, w, b, attrs);
        return [f(ts[0], ts[1], ts[2]), ...tf.grads(f)(ts)].map((t) => Array.from(t.dataSync()));
      }),
    );
    fromCopies.forEach((v, i) => expectClose(v, fromVariables[i], { rtol: 0, atol: 0, message: `output ${i}` }));
    layer.dispose();
  });

  it('matches the closed form in float64 and central finite differences in log α', () => {
    const layer = layers()[0];
    const la = Array.from(layer.logAlpha.read().dataSync());
    const w = layer.kernel.read().arraySync() as number[][];
    const b = Array.from(layer.bias!.read().dataSync());
    const shift = (2 / 3) * Math.log(11);
    const closed = (v: number[]) =>
      (v.reduce((acc, lj, j) => acc + sig(lj + shift) * w[j].reduce((s, wk) => s + 0.5 * 2 * wk * wk + 0.3, 0), 0) +
        b.reduce((s, bk) => s + 0.5 * 2 * bk * bk, 0)) /
      7;
    const { value, grads } = penaltyAndGrads(layer, true);
    expect(value).toBeCloseTo(closed(la), 5);
    const h = 1e-3;
    const fd = la.map(
      (_, j) => (closed(la.map((v, i) => (i === j ? v + h : v))) - closed(la.map((v, i) => (i === j ? v - h : v)))) / (2 * h),
    );
    const laIndex = layer.trainableWeights.findIndex((v) => v.originalName.endsWith('log_alpha'));
    expectClose(grads[laIndex], fd, { rtol: 2e-4, atol: 1e-7 });
    layer.dispose();
  });

  it('the expected L0 in weights (the constraint of constrained training) and its log α gradient equal the device path', () => {
    for (const layer of layers()) {
      const run = (host: boolean) => {
        useHostPath(host);
        return tf.tidy(() => {
          const la = layer.logAlpha.read() as tf.Variable;
          const { value, grads } = tf.variableGrads(() => layer.expectedParams(), [la]);
          return { value: value.dataSync()[0], grad: Array.from(grads[la.name].dataSync()) };
        });
      };
      const [host, device] = [run(true), run(false)];
      const p = Array.from(layer.logAlpha.read().dataSync()).map((v) => sig(v + (2 / 3) * Math.log(11)));
      expect(host.value).toBeCloseTo(p.reduce((a, b) => a + b, 0) * layer.weightsPerGate(), 3);
      expectClose(host.value, device.value, { rtol: 1e-5 });
      expectClose(host.grad, device.grad, { rtol: 1e-4, atol: 1e-7 });
      layer.dispose();
    }
  });

  it('leaks no tensor forward or backward', async () => {
    const layer = layers()[0];
    await expectNoLeaks(() => {
      tf.tidy(() => {
        tf.variableGrads(() => layer.penalty());
      });
    });
    layer.dispose();
  });
});
