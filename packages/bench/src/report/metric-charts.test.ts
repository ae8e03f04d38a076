import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { manualClock } from '../clock.js';
import { definePlugin } from '../define-plugin.js';
import { runBench } from '../run-bench.js';
import type { BenchSolver } from '../types.js';
import { groupSpecs } from './charts.js';
import { metricSpecs, paretoSpec } from './metric-charts.js';

/** A solver whose runs end at (density, error) with a comparison error, reporting a multiplier per iteration. */
function sparseSolver(name: string, finals: Record<string, [number, number, number]>): BenchSolver<number> {
  return {
    name,
    params: { level: Object.keys(finals) },
    run: (_spec, ctx) => {
      const [density, error, magnitudeError] = finals[String(ctx.params.level)];
      ctx.report({ iteration: 1, objective: 1, metrics: { multiplier: 0.5, expectedDensity: 0.9 } });
      ctx.report({ iteration: 2, objective: error, metrics: { density, error, magnitudeError } });
    },
  };
}

async function group() {
  const plugin = definePlugin({
    name: 'm',
    datasets: [{ name: 'd', load: () => 0 }],
    problems: [{ name: 'p', create: () => ({ spec: 0 }) }],
    solvers: [sparseSolver('l0', { a: [0.2, 0.1, 0.05], b: [0.5, 0.04, 0.03], c: [0.6, 0.06, 0.02] })],
  });
  const records = await runBench([plugin], { clock: manualClock(), memory: () => ({ numBytes: 0, numTensors: 0 }) });
  return analyze(records).groups[0];
}

describe('metric charts', () => {
  it('draw error vs density with each series and its Pareto front, and a trace per other metric', async () => {
    const g = await group();
    const pareto = paretoSpec(g) as unknown as { data: { values: { series: string; density: number; error: number; front: boolean }[] } };
    const rows = pareto.data.values;
    expect(rows.length).toBe(6);
    const front = (series: string) =>
      rows
        .filter((r) => r.series === series && r.front)
        .map((r) => r.density)
        .sort();
    // (0.6, 0.06) is beaten by (0.5, 0.04): off the front.
    expect(front('l0')).toEqual([0.2, 0.5]);
    expect(front('l0 · magnitude at equal density')).toEqual([0.2, 0.5, 0.6]);
    const titles = metricSpecs(g).map((s) => String(s.title));
    expect(titles).toEqual([
      'p: test error vs density (lines: Pareto fronts)',
      'p: multiplier per iteration',
      'p: expectedDensity per iteration',
    ]);
    expect(groupSpecs(g).map((s) => String(s.title))).toEqual(expect.arrayContaining(titles));
  });
});
