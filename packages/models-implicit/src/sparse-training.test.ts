import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
import { describeBackends } from '@sparsekit/tensor/testing';
import { frankWolfeConstraints, implicitLayer, layerSparsity, sparsityCallback, wellPosedness } from './index.js';
import { normals } from './internal/fixtures.js';

function rowNonzeros(m: tf.Tensor): number[] {
  const rows = m.arraySync() as number[][];
  return rows.map((r) => r.filter((v) => v !== 0).length);
}

describeBackends(['cpu', 'wasm'], 'stochastic Frank-Wolfe from zero', () => {
  it('adds at most one nonzero per row of A and one rank-one term of B per step, stays in ‖A‖∞ ≤ κ, and learns', async () => {
    const layer = implicitLayer({ units: 1, hiddenUnits: 12, activation: 'tanh', kappa: 0.9, initializer: 'zeros', inputShape: [5] });
    const model = tf.sequential({ layers: [layer] });
    const sets = frankWolfeConstraints(layer, { B: { type: 'nuclear', radius: 4 }, C: { type: 'l1', radius: 4 }, bias: 1 });
    model.compile({ optimizer: new StochasticFrankWolfe(sets, { lr: 0.05, momentum: 0.9 }), loss: 'meanSquaredError' });
    const x = normals(128, 5, 1).tensor;
    const y = tf.tidy(() => tf.tanh(tf.sub(tf.slice(x, [0, 0], [-1, 1]), tf.mul(0.5, tf.slice(x, [0, 1], [-1, 1])))));
    let prevRows = new Array(12).fill(0);
    let steps = 0;
    const violations: string[] = [];
    const losses: number[] = [];
    const probe = new tf.CustomCallback({
      onBatchEnd: async (_b, logs) => {
        steps++;
        losses.push(logs?.loss ?? Number.NaN);
        const rows = rowNonzeros(layer.A.read());
        rows.forEach((r, i) => {
          if (r > prevRows[i] + 1) violations.push(`step ${steps} row ${i}: ${prevRows[i]} → ${r}`);
        });
        prevRows = rows;
        const s = layerSparsity(layer);
        if (s.B.rank > steps) violations.push(`step ${steps}: rank(B) = ${s.B.rank}`);
        if (s.C.nonzeros > steps) violations.push(`step ${steps}: nnz(C) = ${s.C.nonzeros}`);
        const norm = wellPosedness(layer.A.read()).normInf;
        if (norm > 0.9 * (1 + 1e-6)) violations.push(`step ${steps}: ‖A‖∞ = ${norm}`);
      },
    });
    const report = sparsityCallback([layer]);
    await model.fit(x, y, { epochs: 12, batchSize: 32, verbose: 0, shuffle: false, callbacks: [probe, report] });
    expect(violations).toEqual([]);
    expect(steps).toBe(48);
    expect(report.history.length).toBe(12);
    expect(report.history[11].layers[0].A.density).toBeGreaterThan(0);
    const first = losses.slice(0, 4).reduce((s, v) => s + v, 0);
    const last = losses.slice(-4).reduce((s, v) => s + v, 0);
    expect(last).toBeLessThan(0.5 * first);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describeBackends(['cpu', 'wasm'], 'zerosRandomReadout start', () => {
  it('starts A, B, D at zero with ‖C‖∞ ≤ 1, and Frank-Wolfe gives every hidden unit its own input weights', async () => {
    const layer = implicitLayer({
      units: 3,
      hiddenUnits: 12,
      activation: 'tanh',
      kappa: 0.9,
      initializer: 'zerosRandomReadout',
      inputShape: [5],
    });
    const model = tf.sequential({ layers: [layer] });
    const start = layerSparsity(layer);
    expect([start.A.nonzeros, start.B.nonzeros, start.D.nonzeros]).toEqual([0, 0, 0]);
    expect(start.C.nonzeros).toBe(36);
    const cRows = layer.C.read().arraySync() as number[][];
    expect(Math.max(...cRows.map((r) => r.reduce((t, v) => t + Math.abs(v), 0)))).toBeLessThanOrEqual(1);
    model.compile({
      optimizer: new StochasticFrankWolfe(frankWolfeConstraints(layer), { lr: 0.05, momentum: 0.9 }),
      loss: 'meanSquaredError',
    });
    const x = normals(64, 5, 2).tensor;
    // Three unrelated targets: the units must specialise.
    const y = tf.tidy(() =>
      tf.tanh(
        tf.matMul(
          x,
          tf.tensor2d([
            [2, 0, 0],
            [0, 2, 0],
            [0, -2, 0],
            [0, 0, 2],
            [0, 0, 2],
          ]),
        ),
      ),
    );
    await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0, shuffle: false });
    // Every unit has its own input weights (from an all-zero start only 5 of 12 rows differ here).
    const rows = (layer.B.read().arraySync() as number[][]).map((r) => r.join(','));
    expect(new Set(rows).size).toBe(12);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describeBackends(['cpu', 'wasm'], 'whole-matrix L1 ball for A', () => {
  it('adds at most one nonzero to A per step and keeps ‖A‖∞ ≤ ‖A‖₁ ≤ r', async () => {
    const layer = implicitLayer({
      units: 3,
      hiddenUnits: 12,
      activation: 'tanh',
      kappa: 0.9,
      initializer: 'zerosRandomReadout',
      inputShape: [5],
    });
    const model = tf.sequential({ layers: [layer] });
    const sets = frankWolfeConstraints(layer, { A: { type: 'l1', radius: 0.5 } });
    model.compile({ optimizer: new StochasticFrankWolfe(sets, { lr: 0.05, momentum: 0.9 }), loss: 'meanSquaredError' });
    const x = normals(64, 5, 6).tensor;
    const y = tf.tidy(() => tf.tanh(tf.matMul(x, normals(5, 3, 7).tensor)));
    const counts: number[] = [];
    const l1: number[] = [];
    const probe = new tf.CustomCallback({
      onBatchEnd: async () => {
        const a = layer.A.read().dataSync();
        counts.push(a.filter((v) => v !== 0).length);
        l1.push(Array.from(a).reduce((t, v) => t + Math.abs(v), 0));
      },
    });
    await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0, shuffle: false, callbacks: [probe] });
    expect(counts.length).toBe(20);
    counts.forEach((c, k) => expect(c).toBeLessThanOrEqual(k + 1));
    expect(counts[19]).toBeGreaterThan(0);
    for (const v of l1) expect(v).toBeLessThanOrEqual(0.5 * (1 + 1e-5));
    tf.dispose([x, y]);
    model.dispose();
  });
});

it('rejects A sets outside the well-posedness ball', () => {
  const layer = implicitLayer({ units: 1, hiddenUnits: 2, kappa: 0.9, inputShape: [2] });
  tf.sequential({ layers: [layer] });
  expect(() => frankWolfeConstraints(layer, { A: { type: 'l1', radius: 0.95 } })).toThrow(/options\.A\.radius/);
  expect(() => frankWolfeConstraints(layer, { A: { type: 'rowL1', radius: 0 } })).toThrow(/options\.A\.radius/);
  expect(() => frankWolfeConstraints(layer, { A: { type: 'nuclear', radius: 0.5 } as never })).toThrow(/options\.A\.type/);
  expect(() => frankWolfeConstraints(layer, { A: { type: 'l1', radius: 0.5, extra: 1 } as never })).toThrow(/options\.A\.extra/);
});

it('rejects unknown matrix-set types and keys', () => {
  const layer = implicitLayer({ units: 1, hiddenUnits: 2, inputShape: [2] });
  expect(() => frankWolfeConstraints(layer)).toThrow(/built layer/);
  tf.sequential({ layers: [layer] });
  expect(() => frankWolfeConstraints(layer, { B: { type: 'l2', radius: 1 } as never })).toThrow(/options\.B\.type/);
  expect(() => frankWolfeConstraints(layer, { E: 1 } as never)).toThrow(/options\.E/);
});
