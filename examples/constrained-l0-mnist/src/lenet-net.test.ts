import * as tf from '@tensorflow/tfjs';
import { l0Lenet5Caffe, gatedLayers, purge } from '@sparsekit/models-l0';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { beforeAll, expect, it } from 'vitest';
import { denseLenet, magnitudeError, testError } from './dense-baseline.js';
import { gateStats } from './gate-stats.js';
import { kept } from './lenet-net.js';
import { LENET_LAMBDAS, LENET_WEIGHT_DECAY } from './lenet-penalized.js';

beforeAll(async () => {
  await useBackendOrThrow('cpu');
});

const images = (n: number) => ({
  x: tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 3),
  y: tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 10),
      'int32',
    ),
    10,
  ),
});

it('gate statistics follow the closed forms: closed under the median gate, P(z ≠ 0) = σ(log α + 1.5986), clamp share', async () => {
  const model = l0Lenet5Caffe({ dropRate: 0.5, testGate: 'median', seed: 1 });
  const [conv1] = gatedLayers(model);
  // 20 filters: 5 at the clamp, 5 at −2 (closed, not at the clamp), 10 open at +2
  const la = [...Array(5).fill(Math.log(1e-2)), ...Array(5).fill(-2), ...Array(10).fill(2)];
  (conv1.logAlpha.read() as tf.Variable).assign(tf.tensor1d(la));
  const [s] = await expectNoLeaks(() => gateStats(model), 'gateStats');
  const p = (v: number) => 1 / (1 + Math.exp(-(v + 1.5986)));
  expect(s.closed).toBeCloseTo(0.5, 6);
  expect(s.atFloor).toBeCloseTo(0.25, 6);
  expect(s.closedProb).toBeCloseTo((p(Math.log(1e-2)) + p(-2)) / 2, 4);
  expect(s.meanLogAlpha).toBeCloseTo(la.reduce((a, b) => a + b, 0) / 20, 4);
  expect(s.density).toBeCloseTo(la.reduce((a, v) => a + p(v), 0) / 20, 4);
  model.dispose();
});

it('kept counts filters, dense inputs in use and hidden units of the purged net; stored density counts its non-zero weights', async () => {
  const model = l0Lenet5Caffe({ dropRate: 0.5, testGate: 'median', seed: 2 });
  const [conv1, conv2, dense1, dense2] = gatedLayers(model);
  const set = (l: typeof conv1, v: number[]) => (l.logAlpha.read() as tf.Variable).assign(tf.tensor1d(v));
  set(
    conv1,
    Array.from({ length: 20 }, (_, i) => (i < 7 ? 3 : -5)),
  );
  set(
    conv2,
    Array.from({ length: 50 }, (_, i) => (i < 10 ? 3 : -5)),
  );
  // inputs in use: flatten order is (h, w, c), so channel c of position p is input 50·p + c
  set(
    dense1,
    Array.from({ length: 800 }, (_, i) => (i % 50 < 4 && i < 400 ? 3 : -5)),
  );
  set(
    dense2,
    Array.from({ length: 500 }, (_, i) => (i < 30 ? 3 : -5)),
  );
  const plain = purge(model);
  const k = await expectNoLeaks(() => kept(model, plain), 'kept');
  // dense1 reads channels 0-3 of conv2 (at 8 of 16 positions), so purging drops the other 6 open
  // conv2 channels too; dense1 keeps the 30 units dense2 reads
  expect(k.architecture).toEqual([7, 4, 32, 30]);
  expect(k.flattened).toBe(64);
  const stored = 7 * 25 + 4 * 7 * 25 + 32 * 30 + 30 * 10;
  expect(k.storedDensity).toBeCloseTo(stored / (500 + 25000 + 400000 + 5000), 6);
  plain.dispose();
  model.dispose();
});

it('magnitude pruning of a conv net: density 1 keeps its error, density 0 leaves only biases, weights restored', async () => {
  const net = denseLenet(1);
  const data = images(40);
  const before = testError(net, data);
  const w0 = net.getWeights().map((w) => w.dataSync().slice());
  expect(magnitudeError(net, data, 1)).toBeCloseTo(before, 6);
  expect(await expectNoLeaks(() => magnitudeError(net, data, 0), 'magnitudeError')).toBeCloseTo(0.9, 6); // zero kernels and zero biases: a constant prediction, 4 of 40 right
  net.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(w0[i])));
  net.dispose();
  tf.dispose([data.x, data.y]);
});

// AMLab's penalty per layer l: λ_l·(weights per gate)·Σ P(z ≠ 0)/N + ½·wd·(Σ_j P_j‖w_j‖² + ‖b‖²)/N
it('penalized: the layers carry the per-layer λ, N and weight decay (float64 closed form of the penalty)', async () => {
  const lambdas = LENET_LAMBDAS['l0-sep'];
  const penalty = { lambdas, datasetSize: 60000, weightDecay: LENET_WEIGHT_DECAY };
  const model = l0Lenet5Caffe({ dropRate: 0.5, testGate: 'paper', seed: 3, penalty });
  const p = (v: number) => 1 / (1 + Math.exp(-(v + 1.5986)));
  const expected = gatedLayers(model).reduce((total, layer, l) => {
    const [kernel, bias] = [layer.kernel.read(), layer.bias!.read()];
    const la = Array.from(layer.logAlpha.read().dataSync());
    const k = Array.from(kernel.dataSync());
    // the gate of a conv weight is its output channel (last axis); of a dense weight its input row
    const gateOf = kernel.rank === 4 ? (i: number) => i % la.length : (i: number) => Math.floor(i / kernel.shape[1]!);
    const sq = new Array<number>(la.length).fill(0);
    k.forEach((w, i) => {
      sq[gateOf(i)] += w * w;
    });
    const perGate = k.length / la.length;
    const b2 = Array.from(bias.dataSync()).reduce((a, b) => a + b * b, 0);
    const gated = la.reduce((a, v, j) => a + p(v) * (lambdas[l] * perGate + 0.5 * LENET_WEIGHT_DECAY * sq[j]), 0);
    return total + (gated + 0.5 * LENET_WEIGHT_DECAY * b2) / 60000;
  }, 0);
  // the loss each gated layer hands to model.fit
  expect(gatedLayers(model).map((l) => l.losses.length)).toEqual([1, 1, 1, 1]);
  const losses = gatedLayers(model).map((l) => l.penalty());
  const got = losses.reduce((a, t) => a + t.dataSync()[0], 0);
  // float32 sums of up to 400,000 terms per layer against a float64 sum
  expect(Math.abs(got - expected) / expected).toBeLessThan(1e-5);
  tf.dispose(losses);
  model.dispose();
});
