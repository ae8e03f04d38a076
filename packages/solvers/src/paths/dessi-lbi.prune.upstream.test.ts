import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { DessiLbi } from './dessi-lbi.js';

type Nested = number | Nested[];
/** Training, prune order and two prune cuts of the DessiLBI reference code on a small conv net (see `source`). */
const ref = JSON.parse(readFileSync(new URL('./dessi-lbi.prune-reference.json', import.meta.url), 'utf8')) as {
  x: Nested[];
  y: number[][];
  init: Record<string, Nested>;
  epochs: number;
  steps: number;
  trained: Record<string, Nested>;
  gamma: Record<string, Nested>;
  cuts: Cut[];
  crafted: { epochs: number; weights: Record<string, Nested>; gamma: Record<string, Nested[]>; cuts: Cut[] };
};
interface Cut {
  percent: number;
  layers: string[];
  after: Record<string, Nested>;
}

/** torch layouts ([out, in, kh, kw] conv, [out, in] dense) → tfjs ([kh, kw, in, out], [in, out]). */
function toTfjs(v: Nested): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.tensor(v as number[]);
    return t.rank === 4 ? tf.transpose(t, [2, 3, 1, 0]) : t.rank === 2 ? tf.transpose(t) : t;
  });
}

const LAYERS = ['conv1', 'conv2', 'fc1', 'fc2'] as const;
const zeros = (t: tf.Tensor) => Array.from(tf.tidy(() => tf.equal(t, 0).dataSync()));

/** The reference's net (conv 4 → conv 10 → dense 6 → dense 2 on 6×6 images) with the given torch weights. */
function smallNet(init: Record<string, Nested>) {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [6, 6, 1], activation: 'relu' }),
      tf.layers.conv2d({ filters: 10, kernelSize: 4, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 6, activation: 'relu' }),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const paramLayers = model.layers.filter((l) => l.trainableWeights.length > 0);
  const names = new Map<string, string>();
  paramLayers.forEach((l, i) => {
    const ws = [toTfjs(init[`${LAYERS[i]}.weight`]), tf.tensor(init[`${LAYERS[i]}.bias`] as number[])];
    l.setWeights(ws);
    tf.dispose(ws);
    l.trainableWeights.forEach((w, j) => names.set(`${LAYERS[i]}.${j === 0 ? 'weight' : 'bias'}`, (w.read() as tf.Variable).name));
  });
  const variable = (key: string) => tf.engine().registeredVariables[names.get(key)!];
  return { model, names, variable };
}

/** Each cut from the same weights: exactly the reference's zeros, the other weights unchanged, and recover() restores all. */
function expectCuts(opt: DessiLbi, model: tf.LayersModel, names: Map<string, string>, cuts: readonly Cut[]): void {
  const trained = model.getWeights().map((w) => tf.clone(w));
  for (const cut of cuts) {
    const before = tf.memory().numTensors;
    const what = `${cut.percent}% of ${cut.layers.join(', ')}`;
    const kept = opt.pruneByOrder(
      cut.percent,
      cut.layers.map((k) => names.get(k)!),
      { pruneBias: true },
    );
    for (const [key, name] of names) {
      const expected = toTfjs(cut.after[key]);
      const got = tf.engine().registeredVariables[name];
      expect(zeros(got), `zeros of ${key} after pruning ${what}`).toEqual(zeros(expected));
      expectClose(got, expected, { rtol: 1e-4, atol: 1e-5, message: `${key} after pruning ${what}` });
      expected.dispose();
    }
    kept.forEach((r) => expect(r.kept).toBe(r.mask.reduce((a, b) => a + b, 0)));
    opt.recover();
    // the copies kept for recover() are released by it
    expect(tf.memory().numTensors).toBe(before);
    model.getWeights().forEach((w, i) => expectClose(w, trained[i], { rtol: 0, atol: 0, message: `recovered after ${what}` }));
  }
  tf.dispose(trained);
}

describeBackends(['cpu'], 'DessiLbi pruning against the DessiLBI reference code', () => {
  it('prunes conv filters (with biases) and fc weights by prune order as prune_layer_by_order_by_list, per layer', () => {
    const { model, names, variable } = smallNet(ref.init);
    const opt = new DessiLbi({ lr: 0.1, kappa: 0.25, mu: 0.2, momentum: 0.9 });
    for (let epoch = 0; epoch < ref.epochs; epoch++) {
      for (let s = 0; s < ref.steps; s++) {
        const i = epoch * ref.steps + s;
        const [x, y] = [
          tf.tidy(() => tf.transpose(tf.tensor(ref.x[i] as number[]), [0, 2, 3, 1])),
          tf.tidy(() => tf.oneHot(tf.tensor1d(ref.y[i], 'int32'), 2)),
        ];
        opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
        tf.dispose([x, y]);
      }
      opt.updatePruneOrder(epoch);
    }
    // the path itself: trained weights and supp(Γ) are the reference's
    for (const key of names.keys()) {
      const expected = toTfjs(ref.trained[key]);
      expectClose(variable(key), expected, { rtol: 1e-4, atol: 1e-5, message: `trained ${key}` });
      expected.dispose();
    }
    for (const layer of LAYERS) {
      const gamma = toTfjs(ref.gamma[`${layer}.weight`]);
      const mask = opt.supportMask(names.get(`${layer}.weight`)!);
      expect(zeros(mask), `supp(Γ) of ${layer}`).toEqual(zeros(gamma));
      tf.dispose([gamma, mask]);
    }
    expectCuts(opt, model, names, ref.cuts);
    opt.dispose();
    model.dispose();
  });

  it('keeps the first epoch an entry was in supp(Γ), orders by norm (filters) or |w| minus that epoch, as update_prune_order', async () => {
    const c = ref.crafted;
    const { model, names } = smallNet(c.weights);
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20 });
    const sparse = Object.keys(c.gamma);
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      // the support history is given: Γ of each epoch is set, as the reference's gamma_buffer
      const state = [tf.scalar(0), ...sparse.flatMap((k) => [toTfjs(c.gamma[k][epoch]), toTfjs(c.gamma[k][epoch])])];
      await opt.setWeights([
        { name: 'iter', tensor: state[0] },
        ...sparse.flatMap((k, i) => [
          { name: `${names.get(k)}/z`, tensor: state[1 + 2 * i] },
          { name: `${names.get(k)}/gamma`, tensor: state[2 + 2 * i] },
        ]),
      ]);
      tf.dispose(state);
      opt.updatePruneOrder(epoch);
    }
    expectCuts(opt, model, names, c.cuts);
    opt.dispose();
    model.dispose();
  });
});
