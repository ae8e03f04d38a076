import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { createRng } from '@sparsekit/tensor';
import { blockedSum } from './glm-loss.js';
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

describeBackends(['cpu', 'wasm'], 'blockedSum', () => {
  it('matches the float64 sum for lengths that are not squares, and leaks nothing', async () => {
    for (const n of [1, 7, 10_001]) {
      const v = Float32Array.from(createRng(5 + n).normalArray(n), (e) => 0.4 + 0.1 * e);
      const exact = Array.from(v).reduce((a, b) => a + b, 0);
      const t = tf.tensor1d(v);
      await expectNoLeaks(() => blockedSum(t));
      const s = blockedSum(t);
      expectClose(s, exact, { rtol: 2e-6, message: `n = ${n}` });
      tf.dispose([t, s]);
    }
  });
});
