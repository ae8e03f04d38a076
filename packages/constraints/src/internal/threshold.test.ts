// The L1/simplex threshold (Condat's pivot-list search) on long rows: small and huge supports,
// outliers that restart the pivot list, ties, zeros and signs, all against float64 sort references.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { eachSlice } from '../each-slice.js';
import { l1Ball } from '../sets/l1-ball.js';
import { simplex } from '../sets/simplex.js';
import { projectL1F64, projectSimplexF64 } from './reference-f64.js';
import { rowThreshold } from './threshold.js';

const f32 = (xs: ArrayLike<number>) => Array.from(xs, Math.fround);
/** Seeded N(0, scale²) rows, rounded to float32. */
const gaussianRows = (seed: number, rows: number, n: number, scale = 1) => {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => f32(Array.from(rng.normalArray(n), (v) => v * scale)));
};
const l1Norm = (row: number[]) => row.reduce((s, v) => s + Math.abs(v), 0);
/** τ = max_k (Σ_{i≤k} u_(i) − r)/k over the descending sort, in float64. */
const sortThresholdF64 = (row: number[], r: number) => {
  const u = [...row].sort((x, y) => y - x);
  let best = -Infinity;
  let sum = 0;
  u.forEach((v, k) => { sum += v; best = Math.max(best, (sum - r) / (k + 1)); });
  return best;
};

function checkL1(rows: number[][], radii: number[], tol = { rtol: 1e-5, atol: 1e-5 }): void {
  const x = tf.tensor2d(rows);
  const p = eachSlice(l1Ball(1), { radius: radii }).project(x);
  expectClose(p, rows.map((r, i) => projectL1F64(r, radii[i])), tol);
  tf.dispose([x, p]);
}

describeBackends(['cpu', 'wasm'], 'L1/simplex threshold on long rows', () => {
  it('Gaussian rows of 3000: supports from ~40 to ~2,900 per row match float64 (topk and Newton)', () => {
    const rows = gaussianRows(1, 6, 3000);
    // fractions of ‖x‖₁: tiny radius (topk path) up to nearly everything kept (Newton)
    const radii = rows.map((r, i) => [0.002, 0.02, 0.12, 0.5, 0.9, 1.5][i] * l1Norm(r));
    checkL1(rows, radii);
  });

  it('a topk that fails on an outlier row hands over to Newton from its lower bound', () => {
    // one huge entry makes the support bound r/(max − τ₀) small, so the first topk is tried;
    // the rest of the row is a large support, so its sentinel check fails
    const rng = createRng(2);
    const row = f32(Array.from(rng.uniformArray(3000), (v) => 0.5 + v));
    row[1234] = 5000;
    const small = gaussianRows(3, 1, 3000)[0];
    checkL1([row, small, small], [5000 + 0.3 * l1Norm(row) - 5000, 0.01 * l1Norm(small), 2 * l1Norm(small)]);
  });

  it('tied rows (three levels), huge (1e18) and tiny (1e-12) magnitudes with large supports', () => {
    const tied = Array.from({ length: 2000 }, (_, i) => [0.5, 1, 1.5][(i * 7) % 3] * (i % 2 ? -1 : 1));
    checkL1([tied, tied.map((v) => -v)], [0.4 * l1Norm(tied), 0.75 * l1Norm(tied)]);
    const [huge] = gaussianRows(4, 1, 2000, 1e18);
    const [tiny] = gaussianRows(5, 1, 2000, 1e-12);
    checkL1([huge], [0.3 * l1Norm(huge)], { rtol: 1e-5, atol: 1e-5 * 1e18 });
    checkL1([tiny], [0.3 * l1Norm(tiny)], { rtol: 1e-5, atol: 1e-5 * 1e-12 });
  });

  it('random long rows (fast-check): signed, tied and zero entries at random radii', () => {
    const row = fc.array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0, 1, -1, 2.5)), { minLength: 300, maxLength: 700 });
    fc.assert(fc.property(row, fc.double({ min: 0.001, max: 1.2, noNaN: true }), (values, fraction) => {
      const r = f32(values);
      const radius = Math.max(1e-3, fraction * l1Norm(r));
      checkL1([r], [radius]);
    }), { seed: 9, numRuns: 60 });
  });

  it('simplex: small and large supports match float64', () => {
    const rows = gaussianRows(6, 3, 3000);
    const radii = [1, 300, 5000];
    const x = tf.tensor2d(rows);
    const p = eachSlice(simplex(1), { radius: radii }).project(x);
    expectClose(p, rows.map((r, i) => projectSimplexF64(r, radii[i])), { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([x, p]);
  });

  it('rowThreshold matches the float64 sort threshold: ties, zeros, signs, all-survive, r = 0, batches', () => {
    const rng = createRng(11);
    const ties = Array.from({ length: 3000 }, (_, i) => [0, 1, 1, 2][i % 4]);
    const zeros = Array.from({ length: 3000 }, (_, i) => (i % 50 === 0 ? 3 : 0));
    const signed = f32(Array.from(rng.normalArray(3000), (v) => v * 5));
    const flat = Array.from({ length: 3000 }, () => 0.25);
    const rows = [ties, zeros, signed, flat, signed, ties];
    const radii = [0.6 * l1Norm(ties), 7, 40, 1e4, 0, 1];
    const a = tf.tensor2d(rows);
    const [r, on] = [tf.tensor1d(radii), tf.ones([rows.length]) as tf.Tensor1D];
    const t = rowThreshold(a, r, on);
    expectClose(t.theta, rows.map((row, i) => sortThresholdF64(row, radii[i])), { rtol: 1e-6, atol: 1e-6 });
    expectClose(t.total, radii, { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([a, r, on, t.theta, t.total]);
  });

  it('rowThreshold: inactive rows give τ = 0, a NaN entry gives τ = NaN', () => {
    const a = tf.tensor2d([[1, 2, 3], [1, NaN, 3]]);
    const [r, on] = [tf.tensor1d([1, 1]), tf.tensor1d([0, 1])];
    const t = rowThreshold(a, r, on);
    const theta = t.theta.arraySync();
    expect(theta[0]).toBe(0);
    expect(theta[1]).toBeNaN();
    tf.dispose([a, r, on, t.theta, t.total]);
  });

  it('leaks no tensors on small and large supports', async () => {
    const x = tf.tensor2d(gaussianRows(8, 3, 1000));
    await expectNoLeaks(() => eachSlice(l1Ball(1), { radius: [1, 200, 700] }).project(x));
    await expectNoLeaks(() => eachSlice(simplex(1), { radius: [1, 200, 700] }).project(x));
    x.dispose();
  });
});
