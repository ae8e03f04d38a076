import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { robustRank, type RobustRankOptions, type RobustRankResult } from './robust-rank.js';
import { hodgeRank } from './hodge-rank.js';
import { plantedComparisons } from '../data/planted-comparisons.js';
import { outlierAuc, precisionAtK } from '../outlier-metrics.js';
import type { Comparison } from './comparison-graph.js';

function rr(c: Comparison[], o: RobustRankOptions): RobustRankResult {
  const r = robustRank(c, o);
  if (!isRight(r)) throw r.left;
  return r.right;
}

/** Spearman-free check: fraction of item pairs ordered as the truth. */
function pairAgreement(r: RobustRankResult, truth: Record<string, number>): number {
  let ok = 0,
    all = 0;
  r.items.forEach((a, i) =>
    r.items.forEach((b, j) => {
      if (i < j) {
        all++;
        if (Math.sign(r.scores[i] - r.scores[j]) === Math.sign(truth[a] - truth[b])) ok++;
      }
    }),
  );
  return ok / all;
}

describe('robustRank', () => {
  const d = plantedComparisons({ items: 30, edgeProbability: 0.5, flipFraction: 0.08, noise: 0.3, seed: 4 });

  it.each(['lasso', 'lbi', 'iss'] as const)(
    "'%s' ranks the flipped comparisons first (precision@|S| = 1, AUC ≥ 0.99) and BIC flags them",
    (method) => {
      expect(d.flipped.length).toBeGreaterThan(5);
      const r = rr(d.comparisons, { method });
      expect(precisionAtK(r.order, d.flipped)).toBe(1);
      expect(
        outlierAuc(
          Array.from(r.entryTime, (t) => -t),
          d.flipped,
        ),
      ).toBeGreaterThanOrEqual(0.99);
      expect(d.flipped.every((k) => r.gamma[k] !== 0)).toBe(true);
      expect(r.flagged.length).toBeLessThanOrEqual(1.5 * d.flipped.length);
    },
  );

  it('gives better scores than HodgeRank on the contaminated data', () => {
    const r = rr(d.comparisons, { method: 'lbi' });
    const h = hodgeRank(d.comparisons);
    if (!isRight(h)) throw h.left;
    const hodgeAsRobust = { ...r, items: h.right.items, scores: h.right.scores };
    expect(pairAgreement(r, d.scores)).toBeGreaterThan(pairAgreement(hodgeAsRobust, d.scores));
  });

  it("'splitLbi' (the solvers' Split LBI on [X, I]) ranks the flipped comparisons first", () => {
    const small = plantedComparisons({ items: 15, edgeProbability: 0.6, flipFraction: 0.08, seed: 2 });
    const r = rr(small.comparisons, { method: 'splitLbi' });
    expect(
      outlierAuc(
        Array.from(r.entryTime, (t) => -t),
        small.flipped,
      ),
    ).toBeGreaterThanOrEqual(0.99);
  });

  it('flags adversarial annotators first with annotator-grouped LBI', () => {
    const a = plantedComparisons({ items: 25, edgeProbability: 0.6, perEdge: 2, flipFraction: 0, annotators: 20, adversarial: 2, seed: 7 });
    const r = rr(a.comparisons, { method: 'lbi', groupByAnnotator: true });
    expect(
      r.annotators
        .slice(0, 2)
        .map((u) => u.annotator)
        .sort(),
    ).toEqual(a.adversaries);
    expect(r.annotators[0].fraction).toBe(1);
    expect(r.annotators[2].fraction).toBe(0);
  });

  it('with item features (Fu et al.) recovers β and the flipped comparisons', () => {
    const base = plantedComparisons({ items: 40, edgeProbability: 0.4, flipFraction: 0, noise: 0.2, seed: 9 });
    const beta = [1.5, -1, 0.5];
    const features: Record<string, number[]> = {};
    base.comparisons.forEach((c) => {
      for (const id of [String(c.i), String(c.j)])
        features[id] ??= [0, 1, 2].map((j) => Math.sin(0.9 * (j + 1) * Number(id.slice(4)) + j) * 2);
    });
    const score = (id: string): number => features[id].reduce((s, v, j) => s + v * beta[j], 0);
    const flipped: number[] = [];
    const comps = base.comparisons.map((c, k) => {
      const y = score(String(c.i)) - score(String(c.j)) + 0.1 * Math.sin(k * 7.3);
      if (k % 25 === 3 && Math.abs(y) > 1) {
        flipped.push(k);
        return { ...c, y: -y };
      }
      return { ...c, y };
    });
    const r = rr(comps, { method: 'lasso', features });
    r.beta?.forEach((b, j) => expect(b).toBeCloseTo(beta[j], 1));
    expect(precisionAtK(r.order, flipped)).toBe(1);
  });

  it('rejects bad input and reports disconnected graphs', () => {
    expect(isLeft(robustRank([{ i: 'a', j: 'b', y: Number.NaN }]))).toBe(true);
    expect(
      isLeft(
        robustRank([
          { i: 'a', j: 'b', y: 1 },
          { i: 'b', j: 'c', y: 1 },
        ]),
      ),
    ).toBe(true);
    expect(() => robustRank(d.comparisons, { method: 'ransac' as never })).toThrow(/method/);
    const two = plantedComparisons({ items: 10, edgeProbability: 1, seed: 1 }).comparisons;
    const other = two.map((c) => ({ ...c, i: `z${c.i}`, j: `z${c.j}` }));
    const r = rr([...two, ...other], { method: 'lasso' });
    expect(r.warnings.join()).toMatch(/2 connected components/);
    const feat = robustRank(two, { features: { item0: [1] } });
    expect(isLeft(feat) && feat.left.message).toMatch(/feature vector/);
  });
});
