import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { expect, it } from 'vitest';
import { describeBackends } from '@sparsekit/tensor/testing';
import { implicitLayer, projectNemon, wellPosedness } from './index.js';
import { normals } from './internal/fixtures.js';

function rowsOf(values: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.slice(i * n, (i + 1) * n)));
}

/** Duchi et al.'s sort-based L1-ball projection in float64. */
function projectL1(v: number[], r: number): number[] {
  if (v.reduce((s, x) => s + Math.abs(x), 0) <= r) return v;
  const u = v.map(Math.abs).sort((a, b) => b - a);
  let cum = 0;
  let theta = 0;
  for (let k = 0; k < u.length; k++) {
    cum += u[k];
    const t = (cum - r) / (k + 1);
    if (u[k] > t) theta = t;
  }
  return v.map((x) => Math.sign(x) * Math.max(Math.abs(x) - theta, 0));
}

it('measures ‖A‖∞, μ∞(A) and the NEMON damping by their definitions', () => {
  const r = wellPosedness([
    [-2, 0.5, 0],
    [0.25, 0.5, -0.1],
    [1, 1, 0.3],
  ]);
  expect(r.normInf).toBeCloseTo(2.5, 12); // row 0: 2 + 0.5
  expect(r.mu).toBeCloseTo(2.3, 12); // row 2: 0.3 + 1 + 1 (row 0 gives −2 + 0.5)
  expect(r.damping).toBeCloseTo(1 / 3, 12);
});

it('brackets λ_pf(|A|) between Collatz–Wielandt bounds that meet the float64 eigenvalue', () => {
  for (const seed of [1, 2, 3]) {
    const n = 12;
    const rows = rowsOf(normals(n, n, seed).values, n);
    const eig = new EigenvalueDecomposition(new Matrix(rows.map((r) => r.map(Math.abs))));
    const lambda = Math.max(...eig.realEigenvalues);
    const { lower, upper } = wellPosedness(rows).perronFrobenius;
    expect(lower).toBeLessThanOrEqual(lambda * (1 + 1e-12));
    expect(upper).toBeGreaterThanOrEqual(lambda * (1 - 1e-12));
    expect(upper - lower).toBeLessThan(1e-8 * lambda);
    expect(lambda).toBeLessThanOrEqual(wellPosedness(rows).normInf);
  }
});

describeBackends(['cpu', 'wasm'], 'well-posedness projections', () => {
  it('NEMON projection: feasible, idempotent, rows inside unchanged, obtuse-angle property', () => {
    const n = 6;
    const kappa = 0.8;
    const v = normals(n, n, 5, 1.5);
    const p = projectNemon(v.tensor, kappa);
    const pp = projectNemon(p, kappa);
    const prow = p.arraySync();
    expect(wellPosedness(prow).mu).toBeLessThanOrEqual(kappa + 1e-6);
    const diff = tf.max(tf.abs(tf.sub(pp, p))).dataSync()[0];
    expect(diff).toBeLessThan(1e-6);
    const inside = [
      [-1, 0.2],
      [0.1, 0.3],
    ];
    expect(projectNemon(tf.tensor2d(inside), kappa).arraySync()).toEqual(inside.map((r) => r.map(Math.fround)));
    // ⟨v − p, z − p⟩ ≤ 0 for feasible z (projections of other random points)
    const vrows = rowsOf(v.values, n);
    for (const seed of [6, 7, 8]) {
      const z = projectNemon(normals(n, n, seed, 2).tensor, kappa).arraySync();
      for (let i = 0; i < n; i++) {
        const inner = vrows[i].reduce((s, vij, j) => s + (vij - prow[i][j]) * (z[i][j] - prow[i][j]), 0);
        expect(inner).toBeLessThan(1e-5);
      }
    }
    tf.dispose([v.tensor, p, pp]);
  });

  it('layer.project keeps ‖A‖∞ ≤ κ exactly as row-wise L1 projection (float64 Duchi reference)', () => {
    const layer = implicitLayer({ units: 1, hiddenUnits: 7, kappa: 0.9, inputShape: [2] });
    const model = tf.sequential({ layers: [layer] });
    const v = normals(7, 7, 9, 0.5);
    layer.A.write(v.tensor);
    layer.project();
    const got = layer.A.read().arraySync() as number[][];
    const want = rowsOf(v.values.map(Math.fround), 7).map((r) => projectL1(r, 0.9));
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) expect(Math.abs(got[i][j] - want[i][j])).toBeLessThan(1e-6);
    expect(wellPosedness(got).normInf).toBeLessThanOrEqual(0.9 * (1 + 1e-6));
    v.tensor.dispose();
    model.dispose();
  });
});
