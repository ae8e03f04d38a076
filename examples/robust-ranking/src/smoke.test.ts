import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { hodgeRank, robustRank } from '@sparsekit/robust-stats';
import { comparisons, loadMatches, season } from './football.js';

describe('robust ranking on football results', () => {
  const all = loadMatches();
  const division = [...new Set(all.map((m) => m.division))].sort()[0];
  const label = [...new Set(all.map(season))].sort()[1];
  const { matches, comparisons: comps } = comparisons(all, division, label);

  it('loads the shipped data', () => {
    expect(all.length).toBe(6508);
    expect(comps.length).toBeGreaterThan(300);
  });

  it('HodgeRank orders teams like the goal-difference table on a double round robin', () => {
    const h = hodgeRank(comps);
    if (!isRight(h)) throw h.left;
    expect(h.right.componentCount).toBe(1);
    // Every pair meets home and away, so the graph is complete: HodgeRank = Borda = goal difference / #teams.
    const gd = new Map<string, number>();
    for (const m of matches) {
      gd.set(m.home_team, (gd.get(m.home_team) ?? 0) + m.home_score - m.away_score);
      gd.set(m.away_team, (gd.get(m.away_team) ?? 0) + m.away_score - m.home_score);
    }
    const n = h.right.items.length;
    h.right.items.forEach((t, k) => expect(h.right.scores[k]).toBeCloseTo((gd.get(t) ?? 0) / (2 * n), 8));
  });

  it('puts first on the outlier path the match furthest from the HodgeRank fit', () => {
    const r = robustRank(comps, { method: 'lasso' });
    const h = hodgeRank(comps);
    if (!isRight(r) || !isRight(h)) throw new Error('fit failed');
    const s = (t: string): number => h.right.scores[h.right.items.indexOf(t)];
    const res = comps.map((c) => Math.abs(c.y - (s(c.i) - s(c.j))));
    expect(r.right.order[0]).toBe(res.indexOf(Math.max(...res)));
  });
});
