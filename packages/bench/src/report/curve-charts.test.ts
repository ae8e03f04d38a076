import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { timingSolver } from '../adapters.js';
import { manualClock } from '../clock.js';
import { definePlugin } from '../define-plugin.js';
import type { RunRecord } from '../records.js';
import { runBench } from '../run-bench.js';
import type { BenchSolver, Curve } from '../types.js';
import { chartMarks } from './chart-marks.test-helpers.js';
import { groupSpecs } from './charts.js';
import { curveSpecs, MAX_CURVE_POINTS, thinIndices } from './curve-charts.js';
import { renderSvg } from './render-svg.js';

const roc = (auc: number): Curve => ({
  x: [0, 0, 1],
  y: [0, auc, 1],
  note: `AUC ${auc}`,
  xTitle: 'false positive rate',
  yTitle: 'true positive rate',
});
const ranking: Curve = {
  x: Array.from({ length: 1000 }, (_, k) => k + 1),
  y: Array.from({ length: 1000 }, (_, k) => (k < 999 ? k + 1 : Infinity)),
  marked: Array.from({ length: 1000 }, (_, k) => k < 100),
};

function solver(name: string, curves: Record<string, Curve>): BenchSolver<number> {
  return timingSolver({ name, samples: 2, warmup: 0, prepare: () => ({ call: () => ({ objective: 1, curves }) }) });
}

async function run(solvers: BenchSolver<number>[]) {
  const plugin = definePlugin({
    name: 'c',
    datasets: [{ name: 'd', load: () => 0 }],
    problems: [{ name: 'p', kind: 'timing', create: () => ({ spec: 0 }) }],
    solvers,
  });
  return runBench([plugin], { clock: manualClock(), memory: () => ({ numBytes: 0, numTensors: 0 }) });
}

describe('curve charts', () => {
  it('draw one line per solver per curve name, with the note in the legend and marked points', async () => {
    const records = await run([solver('a', { roc: roc(0.9), ranking }), solver('b', { roc: roc(0.7) })]);
    const runs = records.filter((r): r is RunRecord => r.type === 'run');
    // Non-finite pairs are dropped when recorded (the last entry time is Infinity).
    expect(runs[0].points[0].curves?.ranking.x.length).toBe(999);
    expect(runs[0].points[0].curves?.ranking.marked?.filter(Boolean).length).toBe(100);
    const g = analyze(records).groups[0];
    const specs = curveSpecs(g);
    expect(specs.map((s) => String(s.title))).toEqual(['p: roc', 'p: ranking']);
    expect(groupSpecs(g).map((s) => String(s.title))).toEqual(expect.arrayContaining(['p: roc', 'p: ranking']));
    const rows = (specs[0] as unknown as { data: { values: { series: string }[] } }).data.values;
    expect([...new Set(rows.map((r) => r.series))]).toEqual(['a (AUC 0.9)', 'b (AUC 0.7)']);
    const rocSvg = await renderSvg(specs[0], 'r');
    expect(rocSvg).toContain('>a (AUC 0.9)</text>');
    expect(rocSvg).toContain('>false positive rate</text>');
    expect(chartMarks(rocSvg).lines).toEqual([3, 3]);
    const rankSvg = await renderSvg(specs[1], 'k');
    expect(chartMarks(rankSvg).lines).toEqual([MAX_CURVE_POINTS]);
    // Every marked point is drawn, not only those the thinned line keeps (a quarter of them here).
    expect(thinIndices(999).filter((k) => k < 100).length).toBeLessThan(100);
    expect(rankSvg.match(/aria-roledescription="point"/g)?.length).toBe(100);
  });

  it('thins long curves keeping both ends', () => {
    expect(thinIndices(3)).toEqual([0, 1, 2]);
    const kept = thinIndices(10_000, 5);
    expect(kept).toEqual([0, 2500, 5000, 7499, 9999]);
  });

  it('make a run fail when a curve is malformed (x and y of different lengths)', async () => {
    const records = await run([solver('bad', { roc: { x: [0, 1], y: [0] } })]);
    const bad = records.find((r): r is RunRecord => r.type === 'run');
    expect(bad?.status).toBe('error');
    expect(bad?.message).toMatch(/curves\.roc/);
  });

  it('leave groups without curves unchanged', async () => {
    const records = await run([timingSolver({ name: 'plain', samples: 1, warmup: 0, prepare: () => ({ call: () => 1 }) })]);
    expect(curveSpecs(analyze(records).groups[0])).toEqual([]);
  });
});
