import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  flattenSlices,
  gatherPerRow,
  perSlice,
  reduceAllButFirst,
  simplexThreshold,
  sliceDot,
  sliceNorm,
  sortDescending,
  topkByMagnitude,
} from './index.js';
import { describeBackends, expectClose, expectNoLeaks } from './testing.js';

/** float64 reference: Euclidean projection onto {x ≥ 0, Σx = r} by bisection on τ (no sorting). */
function simplexThresholdRef(u: number[], r: number): number {
  let lo = Math.min(...u) - r;
  let hi = Math.max(...u);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const mass = u.reduce((s, v) => s + Math.max(v - mid, 0), 0);
    if (mass > r) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describeBackends(['cpu', 'wasm'], 'batched helpers', () => {
  it('reduces, dots and norms per slice like a float64 loop', () => {
    const data = [
      [
        [1, -2],
        [3, 0.5],
      ],
      [
        [-4, 0],
        [0, 0],
      ],
      [
        [1e-3, 2e3],
        [-7, 7],
      ],
    ];
    const x = tf.tensor3d(data);
    const y = tf.tensor3d(data.map((s) => s.map((r) => r.map((v) => v * 2 - 1))));
    const flat = data.map((s) => s.flat());
    const flatY = flat.map((s) => s.map((v) => v * 2 - 1));
    expectClose(
      sliceNorm(x, 1),
      flat.map((s) => s.reduce((a, v) => a + Math.abs(v), 0)),
    );
    expectClose(
      sliceNorm(x, 2),
      flat.map((s) => Math.hypot(...s)),
    );
    expectClose(
      sliceNorm(x, 'inf'),
      flat.map((s) => Math.max(...s.map(Math.abs))),
    );
    expectClose(
      sliceDot(x, y),
      flat.map((s, b) => s.reduce((a, v, i) => a + v * flatY[b][i], 0)),
    );
    expectClose(
      reduceAllButFirst(x, 'min'),
      flat.map((s) => Math.min(...s)),
    );
    expectClose(
      reduceAllButFirst(x, 'mean'),
      flat.map((s) => s.reduce((a, v) => a + v, 0) / s.length),
    );
    expect(flattenSlices(x).shape).toEqual([3, 4]);
    expect(flattenSlices(tf.zeros([5])).shape).toEqual([5, 1]);
    expect(perSlice(tf.ones([3]), 4).shape).toEqual([3, 1, 1, 1]);
    tf.dispose([x, y]);
  });

  it('breaks top-k ties by lowest index, on magnitudes, keeping signs', () => {
    const x = tf.tensor2d([
      [1, -3, 3, 2, -3, 0],
      [0, 0, 0, 0, 0, 0],
      [5, 5, 5, 5, 5, 5],
    ]);
    const { values, indices, magnitudes } = topkByMagnitude(x, 3);
    expect(indices.arraySync()).toEqual([
      [1, 2, 4],
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(values.arraySync()).toEqual([
      [-3, 3, -3],
      [0, 0, 0],
      [5, 5, 5],
    ]);
    expect(magnitudes.arraySync()).toEqual([
      [3, 3, 3],
      [0, 0, 0],
      [5, 5, 5],
    ]);
    tf.dispose([x, values, indices, magnitudes]);
  });

  it('selects per row on multi-row random input (tf.gather batchDims is wrong on wasm)', () => {
    const [batch, n, k] = [16, 300, 33];
    const data = Array.from({ length: batch * n }, (_, i) => Math.round(Math.sin(i * 1.7) * 20) / 2);
    const rows = Array.from({ length: batch }, (_, b) => data.slice(b * n, (b + 1) * n));
    const expected = rows.map((r) =>
      r
        .map((v, i) => [Math.abs(v), i, v])
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .slice(0, k),
    );
    const x = tf.tensor2d(data, [batch, n]);
    const { values, indices } = topkByMagnitude(x, k);
    expect(indices.arraySync()).toEqual(expected.map((r) => r.map(([, i]) => i)));
    expect(values.arraySync()).toEqual(expected.map((r) => r.map(([, , v]) => v)));
    tf.dispose([x, values, indices]);
  });

  it('agrees with a stable float64 sort on random tied inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 40 }), fc.nat(), (row, kSeed) => {
        const k = kSeed % (row.length + 1);
        const order = row.map((v, i) => [Math.abs(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
        const x = tf.tensor2d([row]);
        const { indices, values, magnitudes } = topkByMagnitude(x, k);
        expect(Array.from(indices.dataSync())).toEqual(order.slice(0, k).map(([, i]) => i));
        const sorted = sortDescending(x);
        expect(Array.from(sorted.dataSync())).toEqual([...row].sort((a, b) => b - a));
        tf.dispose([x, indices, values, magnitudes, sorted]);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('finds the simplex threshold of a float64 bisection, with scalar and per-row radii', () => {
    const rows = [
      [3, 1, 0, 0.5],
      [0.2, 0.1, 0, 0],
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [1e4, 2e4, 0, 3],
    ];
    const radii = [1, 1, 2, 0.5, 7];
    const u = tf.tensor2d(rows);
    const tau = simplexThreshold(u, tf.tensor1d(radii));
    expectClose(
      tau,
      rows.map((r, i) => simplexThresholdRef(r, radii[i])),
      { rtol: 1e-5, atol: 1e-5 },
    );
    const tauScalar = simplexThreshold(u, 1);
    expectClose(
      tauScalar,
      rows.map((r) => simplexThresholdRef(r, 1)),
      { rtol: 1e-5, atol: 1e-5 },
    );
    tf.dispose([u, tau, tauScalar]);
  });

  it('leaks no tensors', async () => {
    const x = tf.randomNormal([4, 3, 2], 0, 1, 'float32', 1);
    const x2 = x.reshape([4, 6]);
    await expectNoLeaks(() => sliceNorm(x, 2));
    await expectNoLeaks(() => sliceDot(x, x));
    await expectNoLeaks(() => reduceAllButFirst(x, 'max'));
    await expectNoLeaks(() => topkByMagnitude(x2, 2));
    const idx = tf.tensor2d([[0], [1], [2], [3]], undefined, 'int32');
    await expectNoLeaks(() => gatherPerRow(x2 as tf.Tensor2D, idx as tf.Tensor2D));
    idx.dispose();
    await expectNoLeaks(() => sortDescending(x2));
    const u = tf.abs(x2);
    await expectNoLeaks(() => simplexThreshold(u, 1));
    const radii = tf.ones([4]);
    await expectNoLeaks(() => simplexThreshold(u, radii).dispose(), 'per-row radii');
    tf.dispose([x, x2, u, radii]);
  });

  it('rejects bad input with a SparsekitError naming the argument', () => {
    const m = tf.zeros([2, 3]);
    expect(() => topkByMagnitude(tf.zeros([3]), 1)).toThrow(/^x: expected a tensor of rank 2/);
    expect(() => topkByMagnitude(m, 4)).toThrow(/^k: expected an integer in \[0, 3\], got 4/);
    expect(() => sliceDot(m, tf.zeros([3, 2]))).toThrow(/^b: expected shape \[2, 3\]/);
    expect(() => sliceNorm(m, 3 as never)).toThrow(/^ord: expected 1, 2 or 'inf'/);
    expect(() => flattenSlices(tf.scalar(1))).toThrow(/^x: expected a tensor of rank >= 1/);
    m.dispose();
  });
});
