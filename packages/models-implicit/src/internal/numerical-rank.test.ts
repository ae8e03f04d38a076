import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { numericalRank } from './numerical-rank.js';

/** rows × cols product of two seeded Gaussian factors of inner size r: rank r exactly (almost surely). */
function lowRank(rows: number, cols: number, r: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const u = rng.normalArray(rows * r);
  const v = rng.normalArray(r * cols);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) for (let k = 0; k < r; k++) out[i * cols + j] += u[i * r + k] * v[k * cols + j];
  return out;
}

describe('numericalRank', () => {
  it('finds the rank of seeded low-rank products in both orientations', () => {
    expect(numericalRank(lowRank(30, 80, 7, 1), 30, 80)).toBe(7);
    expect(numericalRank(lowRank(80, 30, 7, 2), 80, 30)).toBe(7);
    expect(numericalRank(lowRank(20, 20, 20, 3), 20, 20)).toBe(20);
  });

  it('returns on the sparse, repeated-row matrices Frank-Wolfe from zero produces', () => {
    // 100 × 784, four distinct rows of five nonzeros repeated, most columns zero.
    const m = new Float64Array(100 * 784);
    for (let i = 0; i < 100; i++) for (let k = 0; k < 5; k++) m[i * 784 + 37 * (i % 4) + 101 * k] = Math.fround(0.5 - 0.1 * k);
    expect(numericalRank(m, 100, 784)).toBe(4);
  });

  it('is 0 for zero and empty matrices and ignores float32-level noise', () => {
    expect(numericalRank(new Float64Array(12), 3, 4)).toBe(0);
    expect(numericalRank(new Float64Array(0), 0, 4)).toBe(0);
    const m = lowRank(10, 10, 2, 4).map((v, i) => v + (i === 0 ? 1e-9 : 0));
    expect(numericalRank(m, 10, 10)).toBe(2);
  });
});
