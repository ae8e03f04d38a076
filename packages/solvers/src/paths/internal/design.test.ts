import { describe, expect, it } from 'vitest';
import { standardize } from './design.js';

describe('design helpers', () => {
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
