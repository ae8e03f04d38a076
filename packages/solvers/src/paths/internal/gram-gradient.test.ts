import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { spectralNorm64 } from './design.js';
import { gramGradient } from './gram-gradient.js';

/** Xᵀ(Xβ + a − y) and Σ(Xβ + a − y), straight from the definition in float64. */
function direct(x: { rows: number; cols: number; data: Float64Array }, beta: Float64Array, a: number, y: Float64Array) {
  const { rows: n, cols: p, data } = x;
  const r = Array.from({ length: n }, (_, i) => beta.reduce((s, b, j) => s + data[i * p + j] * b, a - y[i]));
  const g = Array.from({ length: p }, (_, j) => r.reduce((s, ri, i) => s + data[i * p + j] * ri, 0));
  return { g, sum: r.reduce((s, v) => s + v, 0) };
}

describe('gramGradient', () => {
  const rng = createRng(4);
  const [n, p] = [40, 90];
  const x = { rows: n, cols: p, data: Float64Array.from(rng.normalArray(n * p)) };
  const y = Float64Array.from(rng.normalArray(n));

  it('equals Xᵀ(Xβ + a − y) from scratch for sparse β, as the support changes (columns cached)', () => {
    const gram = gramGradient(x, y);
    const g = new Float64Array(p);
    for (const [support, a] of [
      [[], 0.3],
      [[3, 17], -1.2],
      [[3, 17, 60, 89], 0],
      [[17, 60, 5], 2],
    ] as const) {
      const beta = new Float64Array(p);
      for (const j of support) beta[j] = rng.normalArray(1)[0];
      const sum = gram.gradient(beta, a, g);
      const ref = direct(x, beta, a, y);
      expect(sum).toBeCloseTo(ref.sum, 10);
      ref.g.forEach((v, j) => expect(Math.abs(g[j] - v), `g[${j}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
    }
  });

  it('declines above n/2 nonzeros, leaving g untouched', () => {
    const gram = gramGradient(x, y);
    const beta = new Float64Array(p);
    for (let j = 0; j <= n / 2; j++) beta[j] = 1;
    const g = new Float64Array(p).fill(7);
    expect(gram.gradient(beta, 0, g)).toBeUndefined();
    expect(g.every((v) => v === 7)).toBe(true);
  });
});

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
