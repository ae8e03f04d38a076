// The L1/simplex threshold on rows longer than the first topk (K = 256): the topk path (small
// supports), the Newton path taken directly (large supports), Newton after a failed topk, and
// the full-sort safety net, all against float64 full-sort references. The law suites use small
// n, where the full sort decides at once, so these are the tests of the fast paths.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { eachSlice } from '../each-slice.js';
import { l1Ball } from '../sets/l1-ball.js';
import { simplex } from '../sets/simplex.js';
import { projectL1F64, projectSimplexF64 } from './reference-f64.js';
import { blockedRowSum, newtonThreshold } from './threshold.js';

const f32 = (xs: ArrayLike<number>) => Array.from(xs, Math.fround);
/** Seeded N(0, scale²) rows, rounded to float32. */
const gaussianRows = (seed: number, rows: number, n: number, scale = 1) => {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => f32(Array.from(rng.normalArray(n), (v) => v * scale)));
};
const l1Norm = (row: number[]) => row.reduce((s, v) => s + Math.abs(v), 0);

function checkL1(rows: number[][], radii: number[], tol = { rtol: 1e-5, atol: 1e-5 }): void {
  const x = tf.tensor2d(rows);
  const p = eachSlice(l1Ball(1), { radius: radii }).project(x);
  expectClose(
    p,
    rows.map((r, i) => projectL1F64(r, radii[i])),
    tol,
  );
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
    const row = fc.array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0, 1, -1, 2.5)), {
      minLength: 300,
      maxLength: 700,
    });
    fc.assert(
      fc.property(row, fc.double({ min: 0.001, max: 1.2, noNaN: true }), (values, fraction) => {
        const r = f32(values);
        const radius = Math.max(1e-3, fraction * l1Norm(r));
        checkL1([r], [radius]);
      }),
      { seed: 9, numRuns: 60 },
    );
  });

  it('simplex: small and large supports match float64', () => {
    const rows = gaussianRows(6, 3, 3000);
    const radii = [1, 300, 5000];
    const x = tf.tensor2d(rows);
    const p = eachSlice(simplex(1), { radius: radii }).project(x);
    expectClose(
      p,
      rows.map((r, i) => projectSimplexF64(r, radii[i])),
      { rtol: 1e-5, atol: 1e-5 },
    );
    tf.dispose([x, p]);
  });

  it('Newton certifies within a few steps; with no steps allowed the full sort gives the same τ', () => {
    const rows = gaussianRows(7, 4, 1000).map((r) => r.map(Math.abs));
    const a = tf.tensor2d(rows);
    const r = tf.tensor1d(rows.map((row) => 0.3 * l1Norm(row)));
    const start = tf.tensor1d(rows.map((row, i) => (l1Norm(row) - 0.3 * l1Norm(rows[i])) / row.length));
    const newton = newtonThreshold(a, r, start);
    const sorted = newtonThreshold(a, r, start, 0);
    const want = rows.map((row) => {
      const p = projectL1F64(row, 0.3 * l1Norm(row));
      const k = p.findIndex((v) => v > 0);
      return row[k] - p[k];
    });
    expectClose(newton.theta, want, { rtol: 1e-5, atol: 1e-6 });
    expectClose(sorted.theta, want, { rtol: 1e-5, atol: 1e-6 });
    expectClose(
      newton.total,
      rows.map((row) => 0.3 * l1Norm(row)),
      { rtol: 1e-5 },
    );
    expect(tf.memory().numTensors).toBeGreaterThan(0);
    tf.dispose([a, r, start, newton.theta, newton.total, sorted.theta, sorted.total]);
  });

  it('blocked row sums match float64 for divisible, prime (padded) and short rows', () => {
    for (const n of [10_000, 9973, 50]) {
      const rows = gaussianRows(n, 2, n).map((r) => r.map((v) => Math.abs(v) + 1));
      const x = tf.tensor2d(rows);
      const s = blockedRowSum(x);
      expectClose(
        s,
        rows.map((r) => r.reduce((a, v) => a + v, 0)),
        { rtol: 1e-6 },
      );
      tf.dispose([x, s]);
    }
  });

  it('leaks no tensors on the Newton and topk paths', async () => {
    const x = tf.tensor2d(gaussianRows(8, 3, 1000));
    await expectNoLeaks(() => eachSlice(l1Ball(1), { radius: [1, 200, 700] }).project(x));
    await expectNoLeaks(() => eachSlice(simplex(1), { radius: [1, 200, 700] }).project(x));
    x.dispose();
  });
});
