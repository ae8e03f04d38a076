// The native addon's L1-ball and simplex projections (through @sparsekit/tensor's host kernels)
// against the plain JS host path (same bits), the float64 sort oracles, and the sets with and
// without the addon.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createRng, hostKernels, setHostKernels, useBackendOrThrow } from '@sparsekit/tensor';
import { expectNoLeaks, skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { l1Ball } from '../sets/l1-ball.js';
import { simplex } from '../sets/simplex.js';
import { eachSlice } from '../each-slice.js';
import { projectL1RowsHost } from './condat.js';
import { projectL1F64, projectSimplexF64 } from './reference-f64.js';

/** The addon's kernels after useBackend('cpu'), or why there are none. */
async function nativeKernels() {
  await useBackendOrThrow('cpu');
  const k = hostKernels();
  return k ? { k } : { missing: `the native addon is not built (${tf.getBackend()}: no host kernels)` };
}

/** Rows that exercise every branch: ties, zeros, signs, inside the ball, restarts, huge/tiny, non-finite. */
function adversarialRows(): { rows: number[][]; radii: number[] } {
  const rng = createRng(11);
  const rows: number[][] = [
    [1, 1, 1, 1],
    [3, -3, 3, -3, 0],
    [0.1, 0.2, 100, 0.3, 0.1],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    [0, 0, 0],
    [0.25, -0.25],
    [0, -1e18, 0],
    [1, Number.NaN, 2],
    [Number.POSITIVE_INFINITY, 0, 1],
    [-2, 2, -2, 2, -2, 2, -2],
  ];
  const radii = [2, 1, 1, 5, 5, 1, 1, 1, 1, 1, 3];
  for (let t = 0; t < 60; t++) {
    const [u, s] = rng.uniformArray(2);
    const n = 1 + Math.floor(u * 3000);
    const row = Array.from(rng.normalArray(n), (v, i) => Math.fround(i % 5 === 0 ? 0 : i % 11 === 0 ? 1 : v * (1 + 100 * s)));
    rows.push(row);
    radii.push(row.reduce((a, v) => a + Math.abs(v), 0) * [1e-4, 0.01, 0.3, 0.9, 1.2][t % 5]);
  }
  return { rows, radii };
}

it('native l1BallRows gives the JS host path bit for bit, and the float64 oracle to float32 rounding', async (ctx) => {
  const { k, missing } = await nativeKernels();
  skipUnlessInstalled(ctx, missing);
  const { rows, radii } = adversarialRows();
  for (let t = 0; t < rows.length; t++) {
    const x = Float32Array.from(rows[t]);
    const out = new Float32Array(x.length);
    k!.l1BallRows(x, out, 1, x.length, Float64Array.of(radii[t]));
    const js = projectL1RowsHost(x, 1, x.length, [radii[t]]);
    out.forEach((v, i) => expect(Object.is(v, js[i]), `row ${t}, entry ${i}: ${v} vs ${js[i]}`).toBe(true));
    if (!x.every(Number.isFinite)) {
      expect(Array.from(out).every(Number.isNaN)).toBe(true);
      continue;
    }
    const ref = projectL1F64(Array.from(x), radii[t]);
    const scale = Math.max(1, ...ref.map(Math.abs));
    ref.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThanOrEqual(4e-7 * scale));
    expect(out.reduce((s, v) => s + Math.abs(v), 0)).toBeLessThanOrEqual(radii[t] * (1 + 1e-6));
  }
});

it('a batch of rows with per-row radii equals row-by-row calls (eachSlice layout)', async (ctx) => {
  const { k, missing } = await nativeKernels();
  skipUnlessInstalled(ctx, missing);
  const rng = createRng(5);
  const batch = 7;
  const n = 500;
  const x = Float32Array.from(rng.normalArray(batch * n));
  x[3 * n + 4] = Number.NaN;
  const radii = Float64Array.from({ length: batch }, (_, b) => [0.5, 10, 1000, 3, 1, 40, 2][b]);
  const out = new Float32Array(batch * n);
  k!.l1BallRows(x, out, batch, n, radii);
  for (let b = 0; b < batch; b++) {
    const one = new Float32Array(n);
    k!.l1BallRows(x.subarray(b * n, (b + 1) * n), one, 1, n, radii.subarray(b, b + 1));
    one.forEach((v, i) => expect(Object.is(v, out[b * n + i])).toBe(true));
  }
  expect(() => k!.l1BallRows(x, out, batch + 1, n, radii)).toThrow(/too short/);
});

function projectAndDispose(data: Float32Array): void {
  const x = tf.tensor2d(data, [4, 300]);
  tf.dispose([x, l1Ball(3).project(x)]);
}

it('l1Ball and eachSlice(l1Ball) give the same bits through the native tfjs kernel, the native copy path and plain JS', async (ctx) => {
  const { k, missing } = await nativeKernels();
  skipUnlessInstalled(ctx, missing);
  const rng = createRng(8);
  const data = Float32Array.from(rng.normalArray(4 * 300), (v, i) => (i % 9 === 0 ? 0 : v));
  data[2 * 300 + 5] = Number.NaN;
  const run = () =>
    tf.tidy(() => {
      const x = tf.tensor2d(data, [4, 300]);
      return [
        l1Ball(3).project(x).dataSync().slice(),
        eachSlice(l1Ball(1), { radius: [0.5, 2, 500, 7] })
          .project(x)
          .dataSync()
          .slice(),
      ];
    });
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackendOrThrow(backend);
    expect(tf.getKernel('SparsekitL1BallRows', backend), backend).toBeDefined();
    const kernel = run();
    await expectNoLeaks(() => projectAndDispose(data));
    await useBackendOrThrow(backend, { native: false });
    expect(tf.getKernel('SparsekitL1BallRows', backend)).toBeUndefined();
    setHostKernels(k);
    const copy = run();
    setHostKernels(undefined);
    const plain = run();
    await expectNoLeaks(() => projectAndDispose(data));
    for (const other of [copy, plain])
      for (let c = 0; c < 2; c++) kernel[c].forEach((v, i) => expect(Object.is(v, other[c][i])).toBe(true));
    expect(Number.isNaN(kernel[1][2 * 300])).toBe(true);
  }
  await useBackendOrThrow('cpu');
});

it('the native projection kernels pass a zero gradient (the projection is not differentiated through)', async (ctx) => {
  const { missing } = await nativeKernels();
  skipUnlessInstalled(ctx, missing);
  const g = tf.grad((x: tf.Tensor) => tf.sum(l1Ball(1).project(x)))(tf.tensor1d([3, -1, 0.5]));
  expect(Array.from(g.dataSync())).toEqual([0, 0, 0]);
  g.dispose();
});

it('native simplexRows matches the float64 sort oracle (signs, ties, zeros, huge shifts) and gives NaN rows for non-finite input', async (ctx) => {
  const { k, missing } = await nativeKernels();
  skipUnlessInstalled(ctx, missing);
  const { rows, radii } = adversarialRows();
  rows.push([-5, -5, -5], [2, -1, 0.5, 2], [Number.NEGATIVE_INFINITY, 1]);
  radii.push(1, 10, 1);
  for (let t = 0; t < rows.length; t++) {
    const x = Float32Array.from(rows[t]);
    const r = Math.max(radii[t], 1e-3);
    const out = new Float32Array(x.length);
    k!.simplexRows(x, out, 1, x.length, Float64Array.of(r));
    if (!x.every(Number.isFinite)) {
      expect(Array.from(out).every(Number.isNaN), `row ${t}`).toBe(true);
      continue;
    }
    const ref = projectSimplexF64(Array.from(x), r);
    const scale = Math.max(1, ...ref.map(Math.abs));
    ref.forEach((v, i) => expect(Math.abs(out[i] - v), `row ${t}, entry ${i}`).toBeLessThanOrEqual(4e-7 * scale));
    expect(out.every((v) => v >= 0)).toBe(true);
    expect(Math.abs(out.reduce((s, v) => s + v, 0) - r)).toBeLessThanOrEqual(1e-5 * Math.max(r, scale));
  }
  // x − θ cancels in float64 here (the sort oracle itself returns [0, 0]); the shift by the row maximum keeps it exact
  const out = new Float32Array(2);
  k!.simplexRows(Float32Array.of(0, 1e18), out, 1, 2, Float64Array.of(2));
  expect(Array.from(out)).toEqual([0, 2]);
});

it('simplex projects the same (to float32 rounding) with the addon and through the tfjs search', async (ctx) => {
  const { k, missing } = await nativeKernels();
  skipUnlessInstalled(ctx, missing);
  const data = Float32Array.from(createRng(4).normalArray(3 * 400));
  const run = () =>
    tf.tidy(() =>
      eachSlice(simplex(1), { radius: [0.5, 20, 3] })
        .project(tf.tensor2d(data, [3, 400]))
        .dataSync()
        .slice(),
    );
  const withAddon = run();
  try {
    setHostKernels(undefined);
    const without = run();
    without.forEach((v, i) => expect(Math.abs(withAddon[i] - v)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(v))));
  } finally {
    setHostKernels(k);
  }
});
