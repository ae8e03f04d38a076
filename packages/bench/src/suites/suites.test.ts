import { describe, expect, it } from 'vitest';
import { expandGrid } from '../internal/grid.js';
import { countRuns, planRuns } from '../internal/plan.js';
import { loadPlugins } from '../load-plugins.js';
import type { BenchPlugin } from '../types.js';
import { SUITES, suiteNames, suiteSources } from './index.js';

describe('built-in suites', () => {
  it('load at both sizes as valid plugins (definePlugin checks their structure)', async () => {
    for (const size of ['quick', 'full'] as const) {
      const { plugins, failures } = await loadPlugins(suiteSources([size]), size);
      expect(failures).toEqual([]);
      expect(plugins.map((p) => p.name)).toEqual(suiteNames());
    }
  });

  it('make full at least as large as quick, and every problem has a solver', async () => {
    const load = async (size: 'quick' | 'full'): Promise<BenchPlugin[]> => (await loadPlugins(suiteSources([size]), size)).plugins;
    const [quick, full] = [await load('quick'), await load('full')];
    quick.forEach((q, i) => {
      expect(countRuns(planRuns([full[i]], 1))).toBeGreaterThanOrEqual(countRuns(planRuns([q], 1)));
      for (const problem of q.problems) {
        const solvers = q.solvers.filter((s) => !s.problems || s.problems.includes(problem.name));
        expect(solvers.length, `${q.name}/${problem.name}`).toBeGreaterThan(0);
      }
    });
  });

  it('select suites by name or all of them by size word', () => {
    expect(suiteSources(['quick']).map((s) => s.name)).toEqual(SUITES.map((s) => `suite:${s.name}`));
    expect(suiteSources(['tensor']).map((s) => s.name)).toEqual(['suite:tensor']);
    expect(suiteSources(['none'])).toEqual([]);
    expect(expandGrid({ a: [1, 2], b: ['x'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
    ]);
  });
});
