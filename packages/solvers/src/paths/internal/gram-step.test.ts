import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { spectralNorm64 } from './design.js';
import { gramStep } from './gram-step.js';

/** Xᵀ(Xβ + a − y) and Σ(Xβ + a − y), straight from the definition in float64. */
function direct(x: { rows: number; cols: number; data: Float64Array }, beta: Float64Array, a: number, y: Float64Array) {
  const { rows: n, cols: p, data } = x;
  const r = Array.from({ length: n }, (_, i) => beta.reduce((s, b, j) => s + data[i * p + j] * b, a - y[i]));
  const g = Array.from({ length: p }, (_, j) => r.reduce((s, ri, i) => s + data[i * p + j] * ri, 0));
  return { g, sum: r.reduce((s, v) => s + v, 0) };
}

/** z whose shrinkage κ·shrink(z) is `beta` (|z| > 1 exactly on the support). */
function zOf(beta: Float64Array, kappa: number): Float64Array {
  return beta.map((b) => (b > 0 ? 1 + b / kappa : b < 0 ? -1 + b / kappa : 0.5));
}

describe('gramStep', () => {
  const rng = createRng(4);
  const [n, p] = [40, 90];
  const x = { rows: n, cols: p, data: Float64Array.from(rng.normalArray(n * p)) };
  const y = Float64Array.from(rng.normalArray(n));
  const kappa = 3;

  it('writes z − c·Xᵀ(Xβ + a − y) and returns Σ(Xβ + a − y) for sparse β, as the support changes (columns cached)', () => {
    const gram = gramStep(x, y, kappa);
    const out = new Float64Array(p);
    for (const [support, a] of [
      [[], 0.3],
      [[3, 17], -1.2],
      [[3, 17, 60, 89], 0],
      [[17, 60, 5], 2],
    ] as const) {
      const beta = new Float64Array(p);
      for (const j of support) beta[j] = rng.normalArray(1)[0];
      const z = zOf(beta, kappa);
      gram.reset(z);
      expect(Array.from(gram.support().index.subarray(0, gram.support().size))).toEqual([...support].sort((u, v) => u - v));
      const sum = gram.step(z, a, 0.01, out);
      const ref = direct(x, beta, a, y);
      expect(sum).toBeCloseTo(ref.sum, 10);
      ref.g.forEach((v, j) =>
        expect(Math.abs(out[j] - (z[j] - 0.01 * v)), `z[${j}]`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v))),
      );
      // the support of the output is tracked for the next step
      const next = Array.from(out.keys()).filter((j) => Math.abs(out[j]) > 1);
      expect(Array.from(gram.support().index.subarray(0, gram.support().size))).toEqual(next);
    }
  });

  it('declines above n/2 nonzeros, leaving out untouched; apply takes a gradient from the caller', () => {
    const gram = gramStep(x, y, kappa);
    const z = new Float64Array(p).fill(0.5);
    for (let j = 0; j <= n / 2; j++) z[j] = 2;
    gram.reset(z);
    const out = new Float64Array(p).fill(7);
    expect(gram.step(z, 0, 0.01, out)).toBeUndefined();
    expect(out.every((v) => v === 7)).toBe(true);
    const g = Float64Array.from(rng.normalArray(p));
    gram.apply(z, g, 0.5, out);
    out.forEach((v, j) => expect(v).toBe(z[j] - 0.5 * g[j]));
    expect(gram.support().size).toBe(out.filter((v) => Math.abs(v) > 1).length);
  });
});

describe('gramStep lazy windows', () => {
  it('give the same iterates as full steps (support, z on the support every step, all of z when settled)', () => {
    const rng = createRng(11);
    const [n, p] = [30, 200];
    const x = { rows: n, cols: p, data: Float64Array.from(rng.normalArray(n * p)) };
    const noise = rng.normalArray(n);
    const y = Float64Array.from(noise, (e, i) => 3 * x.data[i * p] - 2 * x.data[i * p + 7] + 0.1 * e);
    const kappa = 5;
    const steppers = [gramStep(x, y, kappa), gramStep(x, y, kappa, undefined, { windows: false })];
    const g0 = direct(x, new Float64Array(p), 0, y).g;
    const gmax = Math.max(...g0.map(Math.abs));
    const start = Float64Array.from(g0, (v) => -v / gmax);
    const z = [0, 1].map(() => [Float64Array.from(start), new Float64Array(p)]);
    steppers.forEach((st, k) => st.reset(z[k][0]));
    const c = 0.2 / n / kappa;
    for (let it = 1; it <= 600; it++) {
      const sums = steppers.map((st, k) => {
        const [cur, out] = z[k];
        // a drifting intercept, as z_a moves in the loop
        const sum = st.step(cur, 0.02 + 3e-5 * it, c, out);
        z[k] = [out, cur];
        return sum;
      });
      expect(sums[0]).toBeCloseTo(sums[1]!, 9);
      const [sa, sb] = steppers.map((st) => Array.from(st.support().index.subarray(0, st.support().size)));
      expect(sa, `support at step ${it}`).toEqual(sb);
      for (const j of sa) expect(Math.abs(z[0][0][j] - z[1][0][j])).toBeLessThan(1e-12);
      if (it % 97 === 0) {
        steppers[0].settle(z[0][0]);
        z[0][0].forEach((v, j) => expect(Math.abs(v - z[1][0][j]), `z[${j}] at step ${it}`).toBeLessThan(1e-12));
      }
    }
    expect(sa(steppers[0]).length).toBeGreaterThan(0);
    expect(steppers[0].lazySteps()).toBeGreaterThan(300);
    expect(steppers[1].lazySteps()).toBe(0);
  });
});

const sa = (st: { support(): { index: Int32Array; size: number } }) => Array.from(st.support().index.subarray(0, st.support().size));

describe('spectralNorm64', () => {
  it('is the largest singular value: ‖Xv‖ ≤ σ‖v‖ for random v, and σ² = the top eigenvalue of a rank-one design', () => {
    const rng = createRng(9);
    const u = rng.normalArray(30);
    const w = rng.normalArray(50);
    const data = new Float64Array(30 * 50);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 50; j++) data[i * 50 + j] = u[i] * w[j];
    const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, t) => s + t * t, 0));
    expect(spectralNorm64({ rows: 30, cols: 50, data })).toBeCloseTo(norm(u) * norm(w), 9);
  });
});
