// The partial-sort threshold must grow K when the support is larger than the first topk, and
// agree with a float64 full-sort reference then (the law suites use small n, where K = n at once).
import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { eachSlice } from '../each-slice.js';
import { l1Ball } from '../sets/l1-ball.js';
import { simplex } from '../sets/simplex.js';

function projectL1F64(x: number[], r: number): number[] {
  const a = x.map(Math.abs);
  if (a.reduce((s, v) => s + v, 0) <= r) return x;
  const u = [...a].sort((p, q) => q - p);
  let cum = 0;
  let theta = 0;
  u.forEach((v, k) => {
    cum += v;
    theta = Math.max(theta, (cum - r) / (k + 1));
  });
  return x.map((v) => Math.sign(v) * Math.max(Math.abs(v) - theta, 0));
}

function projectSimplexF64(x: number[], r: number): number[] {
  const u = [...x].sort((p, q) => q - p);
  let cum = 0;
  let theta = -Infinity;
  u.forEach((v, k) => {
    cum += v;
    theta = Math.max(theta, (cum - r) / (k + 1));
  });
  return x.map((v) => Math.max(v - theta, 0));
}

// deterministic, distinct magnitudes in [0.5, 1.5): a radius near ‖x‖₁ makes the support huge
const n = 3000;
const row = (seed: number) => Array.from({ length: n }, (_, i) => Math.fround((0.5 + ((i * 7919 + seed * 104729) % n) / n) * (i % 3 === 0 ? -1 : 1)));

describeBackends(['cpu', 'wasm'], 'partial-sort threshold', () => {
  it('L1 ball: supports of ~100, ~1000 and ~2900 entries (K = 256 → 2048 → n) match float64', () => {
    const rows = [row(1), row(2), row(3)];
    const radii = [30, 600, 2800];
    const x = tf.tensor2d(rows);
    const p = eachSlice(l1Ball(1), { radius: radii }).project(x);
    expectClose(p, rows.map((r, i) => projectL1F64(r, radii[i])), { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([x, p]);
  });

  it('simplex: small and large supports match float64', () => {
    const rows = [row(4), row(5)];
    const radii = [1, 5000];
    const x = tf.tensor2d(rows);
    const p = eachSlice(simplex(1), { radius: radii }).project(x);
    expectClose(p, rows.map((r, i) => projectSimplexF64(r, radii[i])), { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([x, p]);
  });
});
