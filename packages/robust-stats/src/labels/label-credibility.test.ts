import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRng } from '@sparsekit/tensor';
import { labelCredibility } from './label-credibility.js';
import { flipLabels } from '../data/label-noise.js';
import { outlierAuc } from '../outlier-metrics.js';

/** C Gaussian clusters in d dimensions (centres 4 apart), n per class. */
function clusters(C: number, d: number, n: number, seed: number): { X: number[][]; y: number[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: C }, () => Array.from(rng.normalArray(d, { std: 4 / Math.sqrt(2) })));
  const X: number[][] = [],
    y: number[] = [];
  for (let c = 0; c < C; c++)
    for (let k = 0; k < n; k++) {
      X.push(Array.from(rng.normalArray(d), (v, j) => centres[c][j] + v));
      y.push(c);
    }
  return { X, y };
}

describe('labelCredibility (SPR)', () => {
  it.each(['symmetric', 'asymmetric'] as const)(
    'keeps %s label flips out of the clean half (≤ 5% noise in the kept set from 20%)',
    (kind) => {
      const { X, y } = clusters(4, 16, 60, 1);
      const { labels, flipped } = flipLabels(y, { rate: 0.2, kind, seed: 2 });
      const r = labelCredibility(X, labels, { seed: 3 });
      if (!isRight(r)) throw r.left;
      const keptNoisy = flipped.filter((i) => r.right.clean[i]).length;
      const kept = r.right.clean.filter(Boolean).length;
      // SPR's claim is about the selected clean set: 20% noise in, a few percent out.
      expect(keptNoisy / kept).toBeLessThanOrEqual(0.05);
      expect(keptNoisy / flipped.length).toBeLessThanOrEqual(0.05);
      expect(kept / X.length).toBeCloseTo(0.5, 1);
      // The credibility score is a rank within each class and piece, so a global AUC is lower than
      // the within-piece separation; it must still be far from chance.
      expect(
        outlierAuc(
          Array.from(r.right.credibility, (c) => -c),
          flipped,
        ),
      ).toBeGreaterThanOrEqual(0.85);
    },
  );

  it('groups dissimilar classes into sub-tasks', () => {
    const { X, y } = clusters(6, 8, 20, 4);
    const r = labelCredibility(X, y, { classesPerTask: 3 });
    if (!isRight(r)) throw r.left;
    expect(r.right.tasks.map((t) => t.length)).toEqual([3, 3]);
    expect(r.right.tasks.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects bad input', () => {
    expect(isLeft(labelCredibility([[1], [2]], [0]))).toBe(true);
    expect(isLeft(labelCredibility([[1], [2]], [0, 0]))).toBe(true);
    expect(isLeft(labelCredibility([[Number.NaN], [2]], [0, 1]))).toBe(true);
    expect(isLeft(labelCredibility([[1], [2]], [0, 1.5]))).toBe(true);
  });
});
