import { describe, expect, it } from 'vitest';
import { Matrix, SVD } from 'ml-matrix';
import { spectralNorm64, standardize } from './design.js';
import { gaussianMatrix, testRng } from './test-data.js';

describe('design helpers', () => {
  it('spectralNorm64 (Lanczos) equals the largest singular value from ml-matrix SVD', () => {
    const rng = testRng(1);
    for (const [n, p] of [[30, 12], [12, 40], [50, 50]]) {
      const rows = gaussianMatrix(rng, n, p);
      const ref = new SVD(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal[0];
      const got = spectralNorm64({ data: Float64Array.from(rows.flat()), rows: n, cols: p });
      expect(Math.abs(got - ref) / ref).toBeLessThan(1e-12);
    }
  });

  it('standardize centres and scales columns to ‖x_j‖² = n, leaving constant columns at scale 1', () => {
    const x = { data: Float64Array.from([1, 5, 2, 5, 4, 5]), rows: 3, cols: 2 };
    const s = standardize(x, true, true);
    expect(s.meanx[0]).toBeCloseTo(7 / 3, 14);
    expect(s.meanx[1]).toBe(5);
    expect(s.normx[1]).toBe(1);
    const col0 = [0, 2, 4].map((i) => s.x.data[i]);
    expect(col0.reduce((a, v) => a + v * v, 0)).toBeCloseTo(3, 12);
    expect([1, 3, 5].map((i) => s.x.data[i])).toEqual([0, 0, 0]);
  });
});
