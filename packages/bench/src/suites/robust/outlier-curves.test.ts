import { outlierAuc } from '@sparsekit/robust-stats';
import { createRng } from '@sparsekit/tensor';
import { describe, expect, it } from 'vitest';
import { rankingCurve, rocCurve } from './outlier-curves.js';

/** Trapezoid area under the corner points. */
function area(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let k = 1; k < x.length; k++) s += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return s;
}

describe('outlier curves', () => {
  it('ROC corners: a perfect detector gives (0,0), (0,1), (1,1)', () => {
    const c = rocCurve([5, 0.1, 4, 0.2, 0.3], [0, 2]);
    expect([c.x, c.y]).toEqual([
      [0, 0, 1],
      [0, 1, 1],
    ]);
    expect(c.note).toBe('AUC 1.0000');
  });

  it('ROC area equals the rank AUC (ties counted half) on random scores with ties', () => {
    const rng = createRng(3);
    const u = rng.uniformArray(1000);
    const score = Array.from({ length: 500 }, (_, i) => Math.round(u[i] * 40));
    const positives = Array.from({ length: 500 }, (_, i) => i).filter((i) => u[500 + i] < 0.2);
    const c = rocCurve(score, positives);
    expect(area(c.x, c.y)).toBeCloseTo(outlierAuc(score, positives), 12);
    expect(c.x.every((v, k) => k === 0 || v >= c.x[k - 1])).toBe(true);
    expect([c.x.at(-1), c.y.at(-1)]).toEqual([1, 1]);
  });

  it('ranking: entry order, relative times, planted outliers marked, unreached samples left out', () => {
    const c = rankingCurve([4, 2, Infinity, 8], [1, 2]);
    expect(c.x).toEqual([1, 2, 3]);
    expect(c.y).toEqual([1, 2, 4]);
    expect(c.marked).toEqual([true, false, false]);
    expect(c.note).toBe('3 of 4 entered');
  });
});
