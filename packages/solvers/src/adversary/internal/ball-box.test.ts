import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { createRng } from '@sparsekit/tensor';
import { lmoL1Box, lmoL2Box, lmoLinfBox, projectL2Box, projectLinfBox } from './ball-box.js';

type Norm = 1 | 2 | 'inf';
const normOf = (v: number[], p: Norm) =>
  p === 1 ? v.reduce((s, t) => s + Math.abs(t), 0) : p === 2 ? Math.hypot(...v) : Math.max(...v.map(Math.abs));

/**
 * Feasible grid points k·h (h = ε/steps) inside the box and the ball. Every feasible point p has
 * a grid point within h·√n (round each coordinate toward zero), so the grid optimum brackets
 * the true optimum to ‖g‖·h·√n.
 */
function grid(lo: number[], hi: number[], eps: number, p: Norm, steps = 24): number[][] {
  const h = eps / steps;
  const axes = lo.map((l, i) => {
    const out: number[] = [];
    for (let k = Math.ceil(Math.max(l, -eps) / h); k * h <= Math.min(hi[i], eps) + 1e-12; k++) out.push(k * h);
    return out;
  });
  let points: number[][] = [[]];
  for (const axis of axes) points = points.flatMap((q) => axis.map((v) => [...q, v]));
  return points.filter((q) => normOf(q, p) <= eps + 1e-12);
}

/** Signed, tied and zero entries; x in [0, 1] with some pixels on the box boundary. */
function cases() {
  const uniform = createRng(11).uniformArray(18);
  let next = 0;
  const random = () => uniform[next++];
  const g = [
    [1, -2, 0.5],
    [0, 0, 0],
    [-1, -1, 1],
    [3, 0, -3],
    [0.2, -0.7, 0.1],
    [-0.4, 0.9, 0.9],
  ];
  const x = g.map((row, b) => row.map((_, i) => (b === 3 && i === 0 ? 0 : b === 3 && i === 2 ? 1 : random())));
  return { g, x, eps: [0.3, 0.5, 0.8, 0.4, 1.2, 0.25] };
}

describeBackends(['cpu', 'wasm'], 'ball ∩ box oracles', () => {
  const { g, x, eps } = cases();
  const lo = x.map((r) => r.map((v) => -v));
  const hi = x.map((r) => r.map((v) => 1 - v));
  const run = (f: typeof lmoL1Box, input: number[][]) => {
    const out = f(tf.tensor2d(input), tf.tensor2d(lo), tf.tensor2d(hi), tf.tensor1d(eps));
    const rows = out.arraySync();
    out.dispose();
    return rows;
  };

  it.each([
    [1, lmoL1Box],
    [2, lmoL2Box],
    ['inf', lmoLinfBox],
  ] as const)('L%s LMO: feasible and optimal against brute force', (p, lmo) => {
    const s = run(lmo, g);
    s.forEach((row, b) => {
      expect(row.every(Number.isFinite)).toBe(true);
      expect(normOf(row, p)).toBeLessThanOrEqual(eps[b] * (1 + 1e-5) + 1e-7);
      row.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(lo[b][i] - 1e-6);
        expect(v).toBeLessThanOrEqual(hi[b][i] + 1e-6);
      });
      const value = row.reduce((acc, v, i) => acc + v * g[b][i], 0);
      const best = Math.min(...grid(lo[b], hi[b], eps[b], p).map((q) => q.reduce((acc, v, i) => acc + v * g[b][i], 0)));
      const slack = Math.hypot(...g[b]) * (eps[b] / 24) * Math.sqrt(3);
      expect(value).toBeLessThanOrEqual(best + 1e-6);
      expect(value).toBeGreaterThanOrEqual(best - slack - 1e-6);
    });
  });

  it.each([
    [2, projectL2Box],
    ['inf', projectLinfBox],
  ] as const)('L%s projection: feasible and nearest against brute force', (p, project) => {
    const v = g.map((row) => row.map((t) => t * 0.6));
    const q = run(project, v);
    q.forEach((row, b) => {
      expect(normOf(row, p)).toBeLessThanOrEqual(eps[b] * (1 + 1e-5) + 1e-7);
      const dist = Math.hypot(...row.map((t, i) => t - v[b][i]));
      const best = Math.min(...grid(lo[b], hi[b], eps[b], p).map((z) => Math.hypot(...z.map((t, i) => t - v[b][i]))));
      expect(dist).toBeLessThanOrEqual(best + 1e-6);
      expect(dist).toBeGreaterThanOrEqual(best - (eps[b] / 24) * Math.sqrt(3) - 1e-6);
      // A feasible v is its own projection.
    });
    const inside = run(project, [[0.01, -0.01, 0.01], ...v.slice(1).map((r) => r.map(() => 0))]);
    expectClose(inside[0], [Math.min(0.01, hi[0][0]), Math.max(-0.01, lo[0][1]), Math.min(0.01, hi[0][2])], { atol: 1e-7 });
  });

  it('without a box, the L2 LMO is −ε·g/‖g‖ and the L1 LMO a single signed vertex', () => {
    const big = (v: number) => tf.fill([1, 4], v) as tf.Tensor2D;
    const gt = tf.tensor2d([[3, -4, 0, 0]]);
    const e = tf.tensor1d([2]);
    expectClose(lmoL2Box(gt, big(-1e15), big(1e15), e), [[-1.2, 1.6, 0, 0]]);
    expectClose(lmoL1Box(gt, big(-1e15), big(1e15), e), [[0, 2, 0, 0]]);
    tf.dispose([gt, e]);
  });

  it('is leak-free', async () => {
    const [gt, l, h, e] = [tf.tensor2d(g), tf.tensor2d(lo), tf.tensor2d(hi), tf.tensor1d(eps)];
    for (const f of [lmoL1Box, lmoL2Box, lmoLinfBox, projectL2Box, projectLinfBox]) await expectNoLeaks(() => f(gt, l, h, e), f.name);
    tf.dispose([gt, l, h, e]);
  });
});
