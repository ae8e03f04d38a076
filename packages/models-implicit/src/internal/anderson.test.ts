import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { andersonWeights } from './anderson.js';

/** Gram matrices G Gᵀ of random k × n residual stacks, row-major, one after the other. */
function grams(count: number, k: number, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(count * k * k);
  for (let e = 0; e < count; e++) {
    const g = Matrix.from1DArray(k, n, Array.from(rng.normalArray(k * n)));
    out.set(g.mmul(g.transpose()).to1DArray(), e * k * k);
  }
  return out;
}

describe('andersonWeights', () => {
  it('equals the float64 solve of (H + λ·max diag·I)α ∝ 1 with Σα = 1 (ml-matrix oracle)', () => {
    const [count, k, lambda] = [50, 5, 1e-4];
    const h = grams(count, k, 20, 7);
    const work = new Float64Array(k * k + k);
    const out = new Float32Array(count * k);
    for (let e = 0; e < count; e++) {
      expect(andersonWeights(h, e * k * k, k, lambda, work, out, e * k)).toBe(true);
      const m = Matrix.from1DArray(k, k, Array.from(h.subarray(e * k * k, (e + 1) * k * k)));
      const maxDiag = Math.max(...m.diag());
      const a = solve(m.add(Matrix.eye(k).mul(lambda * maxDiag)), Matrix.ones(k, 1)).getColumn(0);
      const total = a.reduce((s, v) => s + v, 0);
      a.forEach((v, i) => expect(out[e * k + i]).toBeCloseTo(v / total, 5));
    }
  });

  it('reports singular, zero and non-finite systems instead of returning NaN', () => {
    const work = new Float64Array(12);
    const out = new Float32Array(3);
    // Two equal residuals: rank one, singular without regularization.
    expect(andersonWeights([1, 1, 1, 1], 0, 2, 0, work, out, 0)).toBe(false);
    expect(andersonWeights([0, 0, 0, 0], 0, 2, 1e-4, work, out, 0)).toBe(false);
    expect(andersonWeights([1, Number.NaN, Number.NaN, 1], 0, 2, 1e-4, work, out, 0)).toBe(false);
    expect(andersonWeights([Number.POSITIVE_INFINITY, 0, 0, 1], 0, 2, 1e-4, work, out, 0)).toBe(false);
    // The same pair with λ > 0 is regular: equal weights by symmetry.
    expect(andersonWeights([1, 1, 1, 1], 0, 2, 1e-4, work, out, 0)).toBe(true);
    expect(Array.from(out.subarray(0, 2))).toEqual([0.5, 0.5]);
  });
});
