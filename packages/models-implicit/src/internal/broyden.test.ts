import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { resolveFixedPointOptions } from '../solver-options.js';
import { broydenStepper } from './broyden.js';

/**
 * Good Broyden on g(x) = f(x) − x with the dense inverse Jacobian H (float64, H₀ = −I, x ← x − Hg,
 * H ← H + (s − Hy) sᵀH / sᵀHy): the oracle of the low-rank stepper while its memory holds every update.
 */
function referenceBroyden(f: (x: number[]) => number[], x0: number[], steps: number): number[][] {
  const n = x0.length;
  let h = Matrix.eye(n).mul(-1);
  let x = Matrix.columnVector(x0);
  let g = Matrix.columnVector(f(x0)).sub(x);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const next = Matrix.sub(x, h.mmul(g));
    out.push(next.getColumn(0));
    const gNext = Matrix.columnVector(f(next.getColumn(0))).sub(next);
    const sv = Matrix.sub(next, x);
    const yv = Matrix.sub(gNext, g);
    const sh = sv.transpose().mmul(h);
    const denom = sh.mmul(yv).get(0, 0);
    h = h.add(Matrix.sub(sv, h.mmul(yv)).mmul(sh).div(denom));
    [x, g] = [next, gNext];
  }
  return out;
}

describe('broydenStepper', () => {
  it('gives the iterates of a dense float64 good Broyden while its memory holds every update (batch of 2)', async () => {
    const [n, batch, steps] = [5, 2, 6];
    const rng = createRng(9);
    const a = Array.from({ length: n }, () => Array.from(rng.normalArray(n), (v) => (0.4 * v) / Math.sqrt(n)));
    const c = Array.from({ length: batch }, () => Array.from(rng.normalArray(n)));
    const map = (x: number[], e: number) => a.map((row, i) => Math.tanh(row.reduce((t, v, j) => t + v * x[j], 0) + c[e][i]));
    const ref = c.map((_, e) => referenceBroyden((x) => map(x, e), new Array(n).fill(0), steps));
    const stepper = broydenStepper(resolveFixedPointOptions('options', { method: 'broyden', memory: 10 }));
    let x = Array.from({ length: batch }, () => new Array(n).fill(0));
    await expectNoLeaks(() => {
      for (let s = 0; s < steps; s++) {
        const xt = tf.tensor2d(x);
        const fx = tf.tensor2d(x.map((row, e) => map(row, e)));
        const next = stepper.next(xt, fx);
        x = next.arraySync() as number[][];
        tf.dispose([xt, fx, next]);
        for (let e = 0; e < batch; e++) for (let j = 0; j < n; j++) expect(x[e][j]).toBeCloseTo(ref[e][s][j], 4);
      }
      stepper.dispose();
    }, 'broyden stepper');
    expect(stepper.fallbacks()).toBe(0);
  });
});
