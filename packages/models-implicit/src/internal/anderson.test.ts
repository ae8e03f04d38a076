import * as tf from '@tensorflow/tfjs';
import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { resolveFixedPointOptions } from '../solver-options.js';
import { andersonStepper, andersonWeights } from './anderson.js';

/** Gram matrices G Gᵀ of random k × n residual stacks, row-major, one after the other. */
function grams(count: number, k: number, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(count * k * k);
  for (let e = 0; e < count; e++) {
    const g = Matrix.from1DArray(k, n, Array.from(rng.normalArray(k * n)));
    out.set(g.mmul(g.transpose()).to1DArray(), e * k * k);
  }
  return out;
}

describe('andersonWeights', () => {
  it('equals the float64 solve of (H + λ·max diag·I)α ∝ 1 with Σα = 1 (ml-matrix oracle)', () => {
    const [count, k, lambda] = [50, 5, 1e-4];
    const h = grams(count, k, 20, 7);
    const work = new Float64Array(k * k + k);
    const out = new Float32Array(count * k);
    for (let e = 0; e < count; e++) {
      expect(andersonWeights(h, e * k * k, k, lambda, work, out, e * k)).toBe(true);
      const m = Matrix.from1DArray(k, k, Array.from(h.subarray(e * k * k, (e + 1) * k * k)));
      const maxDiag = Math.max(...m.diag());
      const a = solve(m.add(Matrix.eye(k).mul(lambda * maxDiag)), Matrix.ones(k, 1)).getColumn(0);
      const total = a.reduce((s, v) => s + v, 0);
      a.forEach((v, i) => expect(out[e * k + i]).toBeCloseTo(v / total, 5));
    }
  });

  it('reports singular, zero and non-finite systems instead of returning NaN', () => {
    const work = new Float64Array(12);
    const out = new Float32Array(3);
    // Two equal residuals: rank one, singular without regularization.
    expect(andersonWeights([1, 1, 1, 1], 0, 2, 0, work, out, 0)).toBe(false);
    expect(andersonWeights([0, 0, 0, 0], 0, 2, 1e-4, work, out, 0)).toBe(false);
    expect(andersonWeights([1, Number.NaN, Number.NaN, 1], 0, 2, 1e-4, work, out, 0)).toBe(false);
    expect(andersonWeights([Number.POSITIVE_INFINITY, 0, 0, 1], 0, 2, 1e-4, work, out, 0)).toBe(false);
    // The same pair with λ > 0 is regular: equal weights by symmetry.
    expect(andersonWeights([1, 1, 1, 1], 0, 2, 1e-4, work, out, 0)).toBe(true);
    expect(Array.from(out.subarray(0, 2))).toEqual([0.5, 0.5]);
  });
});

/**
 * Plain float64 type-II Anderson on one example, rebuilding the Gram matrix of the last `memory`
 * residuals from scratch at every step: the oracle of the incremental, batched stepper.
 */
function referenceAnderson(
  f: (x: number[]) => number[],
  x0: number[],
  steps: number,
  memory: number,
  beta: number,
  lambda: number,
): number[][] {
  const xs: number[][] = [];
  const fs: number[][] = [];
  const out: number[][] = [];
  let x = x0;
  for (let s = 0; s < steps; s++) {
    xs.push(x);
    fs.push(f(x));
    if (xs.length > memory) {
      xs.shift();
      fs.shift();
    }
    const k = xs.length;
    const g = xs.map((xi, i) => fs[i].map((v, j) => v - xi[j]));
    let alpha: number[] = Array.from({ length: k }, (_, i) => (i === k - 1 ? 1 : 0));
    if (k > 1) {
      const h = new Matrix(g.map((a) => g.map((b) => a.reduce((t, v, j) => t + v * b[j], 0))));
      const maxDiag = Math.max(...h.diag());
      const a = solve(h.add(Matrix.eye(k).mul(lambda * maxDiag)), Matrix.ones(k, 1)).getColumn(0);
      const total = a.reduce((t, v) => t + v, 0);
      alpha = a.map((v) => v / total);
    }
    x = x0.map((_, j) => alpha.reduce((t, a, i) => t + a * (beta * fs[i][j] + (1 - beta) * xs[i][j]), 0));
    out.push(x);
  }
  return out;
}

describe('andersonStepper', () => {
  it('gives the iterates of a float64 Anderson that rebuilds its Gram matrix every step (batch of 3, history dropped)', async () => {
    const [n, batch, memory, steps] = [6, 3, 3, 9];
    const rng = createRng(5);
    const a = Array.from({ length: n }, () => Array.from(rng.normalArray(n), (v) => (0.3 * v) / Math.sqrt(n)));
    const c = Array.from({ length: batch }, () => Array.from(rng.normalArray(n)));
    const map = (x: number[], e: number) => a.map((row, i) => Math.tanh(row.reduce((t, v, j) => t + v * x[j], 0) + c[e][i]));
    const o = resolveFixedPointOptions('options', { method: 'anderson', memory, damping: 0.8, lambda: 1e-4 });
    const ref = c.map((_, e) => referenceAnderson((x) => map(x, e), new Array(n).fill(0), steps, memory, 0.8, 1e-4));
    const stepper = andersonStepper(o);
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
    }, 'anderson stepper');
    expect(stepper.fallbacks()).toBe(0);
  });
});
