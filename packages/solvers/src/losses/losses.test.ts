import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { createRng } from '@sparsekit/tensor';
import { blockedSum, glmLoss, sumBlocks } from './glm-loss.js';
import { logisticSampleLoss, squaredSampleLoss, type PointwiseLoss } from './pointwise-loss.js';
import { huberLoss } from './huber-loss.js';
import { logisticLoss } from './logistic-loss.js';
import { squaredLoss } from './squared-loss.js';

const n = 7;
const p = 4;
const Xd = Array.from(Float32Array.from(createRng(11).normalArray(n * p)));
const yReg = Array.from(Float32Array.from(createRng(12).normalArray(n))).map((v) => 2 * v);
const yCls = yReg.map((v) => (v > 0 ? 1 : -1));
const w = [0.3, -1.2, 0.8, 0.05];
const margin = (i: number, ww: number[]) => ww.reduce((a, wj, j) => a + Xd[i * p + j] * wj, 0);
const softplus = (t: number) => (t > 30 ? t : Math.log1p(Math.exp(t)));

// float64 references of the three losses
const refs = {
  squared: (ww: number[]) => Array.from({ length: n }, (_, i) => 0.5 * (margin(i, ww) - yReg[i]) ** 2).reduce((a, b) => a + b) / n,
  logistic: (ww: number[]) => Array.from({ length: n }, (_, i) => softplus(-yCls[i] * margin(i, ww))).reduce((a, b) => a + b) / n,
  huber: (ww: number[]) =>
    Array.from({ length: n }, (_, i) => {
      const r = Math.abs(margin(i, ww) - yReg[i]);
      return r <= 1 ? 0.5 * r * r : r - 0.5;
    }).reduce((a, b) => a + b) / n,
};

function numericGrad(f: (ww: number[]) => number, ww: number[]): number[] {
  return ww.map((_, j) => {
    const h = 1e-6;
    const up = ww.slice();
    up[j] += h;
    const dn = ww.slice();
    dn[j] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
}

describeBackends(['cpu', 'wasm'], 'GLM losses', () => {
  it('values and gradients match float64 references; Lipschitz bounds hold', async () => {
    const X = tf.tensor2d(Xd, [n, p]);
    const yr = tf.tensor1d(yReg);
    const yc = tf.tensor1d(yCls);
    const losses = { squared: squaredLoss(X, yr), logistic: logisticLoss(X, yc), huber: huberLoss(X, yr, 1) };
    for (const [name, loss] of Object.entries(losses)) {
      const ref = refs[name as keyof typeof refs];
      const wt = tf.tensor1d(w);
      await expectNoLeaks(() => loss.valueAndGrad(wt), name);
      const out = loss.valueAndGrad(wt);
      expectClose(out.value, ref(w), { rtol: 1e-5, message: `${name} value` });
      expectClose(out.grad, numericGrad(ref, w), { rtol: 1e-4, atol: 1e-5, message: `${name} gradient` });
      const obj = loss.objective(wt);
      expectClose(obj, ref(w), { rtol: 1e-5, message: `${name} objective` });
      // L bounds the gradient's change between random pairs of points.
      const L = loss.lipschitz();
      for (let k = 0; k < 5; k++) {
        const a = Array.from(createRng(100 + k).normalArray(p));
        const b = Array.from(createRng(200 + k).normalArray(p));
        const ga = numericGrad(ref, a);
        const gb = numericGrad(ref, b);
        const dg = Math.hypot(...ga.map((v, j) => v - gb[j]));
        const dx = Math.hypot(...a.map((v, j) => v - b[j]));
        expect(dg).toBeLessThanOrEqual(L * dx * (1 + 1e-5));
      }
      tf.dispose([wt, out.value, out.grad, obj]);
    }
    tf.dispose([X, yr, yc]);
  });
});

describeBackends(['cpu', 'wasm'], 'shared pointwise pass', () => {
  const pointwise: [string, PointwiseLoss, number[]][] = [
    ['squared', squaredSampleLoss, yReg],
    ['logistic', logisticSampleLoss, yCls],
  ];

  it('valuesAndDerivatives on a [1, n] row gives the bits of values and derivatives on [n]', () => {
    for (const [name, loss, labels] of pointwise) {
      const z = tf.tensor1d(Array.from({ length: n }, (_, i) => margin(i, w)));
      const b = tf.tensor1d(labels);
      const shared = loss.valuesAndDerivatives!(z.reshape([1, n]), b);
      expect(shared.values.shape, name).toEqual([1, n]);
      expect(Array.from(shared.values.dataSync()), name).toEqual(Array.from(loss.values(z, b).dataSync()));
      expect(Array.from(shared.derivatives.dataSync()), name).toEqual(Array.from(loss.derivatives(z, b).dataSync()));
      tf.dispose([z, b, shared.values, shared.derivatives]);
    }
  });

  it('a pointwise loss without it (a plugin) gives the same f and ∇f through separate passes, with more kernels', async () => {
    const X = tf.tensor2d(Xd, [n, p]);
    const wt = tf.tensor1d(w);
    for (const [name, make, labels] of [
      ['squared', squaredLoss, yReg],
      ['logistic', logisticLoss, yCls],
    ] as const) {
      const y = tf.tensor1d(labels);
      const builtIn = make(X, y);
      {
        const { valuesAndDerivatives: _shared, ...plain } = name === 'squared' ? squaredSampleLoss : logisticSampleLoss;
        const plugin = glmLoss(plain, X, y);
        await expectNoLeaks(() => plugin.valueAndGrad(wt), name);
        const a = builtIn.valueAndGrad(wt);
        const b = plugin.valueAndGrad(wt);
        expectClose(a.value, b.value.dataSync()[0], { rtol: 1e-6, message: `${name} value` });
        expectClose(a.grad, Array.from(b.grad.dataSync()), { rtol: 1e-5, atol: 1e-7, message: `${name} gradient` });
        const kernels = async (f: () => unknown) => (await tf.profile(() => tf.dispose(f() as tf.TensorContainer))).kernels.length;
        const shared = await kernels(() => Object.values(builtIn.valueAndGrad(wt)));
        // the squared loss saves a subtraction and the reshapes around its [n] vectors; the logistic also −b·z twice
        expect(await kernels(() => Object.values(plugin.valueAndGrad(wt))), name).toBe(shared + (name === 'squared' ? 3 : 5));
        tf.dispose([a.value, a.grad, b.value, b.grad]);
      }
      tf.dispose(y);
    }
    tf.dispose([X, wt]);
  });
});

describe('sumBlocks', () => {
  it('prefers a width in [⌈√n⌉, 2⌈√n⌉] that divides n, else pads to ⌈√n⌉ columns', () => {
    expect(sumBlocks(100)).toEqual({ rows: 10, width: 10 });
    expect(sumBlocks(1000)).toEqual({ rows: 25, width: 40 });
    expect(sumBlocks(10_001)).toEqual({ rows: 73, width: 137 });
    expect(sumBlocks(997)).toEqual({ rows: 32, width: 32 });
    expect(sumBlocks(1)).toEqual({ rows: 1, width: 1 });
  });
});

describeBackends(['cpu', 'wasm'], 'blockedSum', () => {
  it('matches the float64 sum for lengths that are not squares, rows and columns, and leaks nothing', async () => {
    for (const [n, shape] of [
      [1, [1]],
      [7, [7]],
      [997, [1, 997]],
      [1000, [1000, 1]],
      [10_001, [10_001]],
    ] as const) {
      const v = Float32Array.from(createRng(5 + n).normalArray(n), (e) => 0.4 + 0.1 * e);
      const exact = Array.from(v).reduce((a, b) => a + b, 0);
      const t = tf.tensor(v, [...shape]);
      await expectNoLeaks(() => blockedSum(t));
      const s = blockedSum(t);
      expectClose(s, exact, { rtol: 2e-6, message: `n = ${n}` });
      tf.dispose([t, s]);
    }
  });
});
