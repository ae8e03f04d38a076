import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { DessiLbi } from './dessi-lbi.js';

type Nested = number | Nested[];
interface Step {
  W: Record<string, Nested>;
  Z: Record<string, Nested>;
  gamma: Record<string, Nested>;
}
/** Three steps of the DessiLBI reference code on a small conv net (see `source` in the file). */
const ref = JSON.parse(readFileSync(new URL('./dessi-lbi.upstream-reference.json', import.meta.url), 'utf8')) as {
  x: Nested;
  y: number[];
  init: Record<string, Nested>;
  steps: Step[];
};

/** torch layouts ([out, in, kh, kw] conv, [out, in] dense) → tfjs ([kh, kw, in, out], [in, out]). */
function toTfjs(v: Nested): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.tensor(v as number[]);
    return t.rank === 4 ? tf.transpose(t, [2, 3, 1, 0]) : t.rank === 2 ? tf.transpose(t) : t;
  });
}

const LAYERS = ['conv1', 'conv2', 'fc1', 'fc2'] as const;

describeBackends(['cpu'], 'DessiLbi against the DessiLBI reference code', () => {
  it('matches W, Z and Γ of SLBI_ToolBox.step on a conv net over three steps (group Γ on conv, l1 on dense)', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 3, kernelSize: 3, inputShape: [6, 6, 1], activation: 'relu' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 4, activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'relu' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const paramLayers = model.layers.filter((l) => l.trainableWeights.length > 0);
    paramLayers.forEach((l, i) => {
      const ws = [toTfjs(ref.init[`${LAYERS[i]}.weight`]), tf.tensor(ref.init[`${LAYERS[i]}.bias`] as number[])];
      l.setWeights(ws);
      tf.dispose(ws);
    });
    const x = tf.tidy(() => tf.transpose(tf.tensor(ref.x as number[]), [0, 2, 3, 1]));
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(ref.y, 'int32'), 2));
    const opt = new DessiLbi({ lr: 0.1, kappa: 2, mu: 0.5, weightDecay: 1e-3, momentum: 0.9 });
    const names = paramLayers.map((l) => l.trainableWeights.map((w) => (w.read() as tf.Variable).name));
    for (const step of ref.steps) {
      opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
      names.forEach(([kernel, bias], i) => {
        const key = `${LAYERS[i]}.weight`;
        const expected = [step.W[key], step.W[`${LAYERS[i]}.bias`], step.Z[key], step.gamma[key]].map((v, j) =>
          j === 1 ? tf.tensor(v as number[]) : toTfjs(v),
        );
        const got = [
          tf.clone(tf.engine().registeredVariables[kernel]),
          tf.clone(tf.engine().registeredVariables[bias]),
          opt.z(kernel),
          opt.gamma(kernel),
        ];
        ['W', 'bias', 'Z', 'Γ'].forEach((what, j) =>
          expectClose(got[j], expected[j], { rtol: 1e-5, atol: 1e-6, message: `${what} of ${key}` }),
        );
        // same support: Γ is zero exactly where the reference's is
        expect(Array.from(tf.tidy(() => tf.notEqual(got[3], 0).dataSync()))).toEqual(
          Array.from(tf.tidy(() => tf.notEqual(expected[3], 0).dataSync())),
        );
        tf.dispose([...got, ...expected]);
      });
    }
    opt.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });
});
