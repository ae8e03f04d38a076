import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRng } from '@sparsekit/tensor';
import { ransac } from './ransac.js';

describe('ransac', () => {
  // scikit-learn's test_ransac_inliers_outliers: y = 0.2x + 20 on x ∈ [−200, 200), three samples
  // shifted by +50 + U(0, 10), residual_threshold = 5: the inlier mask must be exact.
  it("recovers the exact inlier mask of scikit-learn's RANSAC test problem", () => {
    const X = Array.from({ length: 400 }, (_, i) => [i - 200]);
    const y = X.map(([x]) => 0.2 * x + 20);
    const u = createRng(0).uniformArray(3, { low: 0, high: 10 });
    [0, 1, 2].forEach((i, k) => {
      y[i] += 50 + u[k];
    });
    const r = ransac(X, y, { residualThreshold: 5, seed: 0 });
    if (!isRight(r)) throw r.left;
    expect(r.right.inlierMask).toEqual(y.map((_, i) => i > 2));
    expect(r.right.coef[0]).toBeCloseTo(0.2, 10);
    expect(r.right.intercept).toBeCloseTo(20, 8);
  });

  it('uses MAD(y) as the default threshold and stops early by the 0.99 rule', () => {
    const X = Array.from({ length: 100 }, (_, i) => [i / 10]);
    const y = X.map(([x], i) => 3 * x - 1 + 0.01 * Math.sin(i) + (i % 10 === 0 ? 40 : 0));
    const r = ransac(X, y, { seed: 3 });
    if (!isRight(r)) throw r.left;
    const med = (v: number[]): number => {
      const s = v.slice().sort((a, b) => a - b);
      return (s[49] + s[50]) / 2;
    };
    expect(r.right.residualThreshold).toBeCloseTo(med(y.map((v) => Math.abs(v - med(y)))), 12);
    expect(r.right.nTrials).toBeLessThan(100);
    expect(r.right.inlierMask.filter((m) => !m).length).toBe(10);
  });

  it('fails loudly when MAD(y) is 0 (more than half the responses equal)', () => {
    const r = ransac([[0], [1], [2], [3], [4]], [1, 1, 1, 2, 5]);
    expect(isLeft(r) && r.left.message).toMatch(/MAD/);
  });
});
