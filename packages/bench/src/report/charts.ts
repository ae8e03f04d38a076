/**
 * Vega-Lite specs of the report's plots. Data are inlined (the report is offline), curves are
 * thinned to a few hundred points per line, and suboptimality is floored for the log scale.
 */
import type { TopLevelSpec } from 'vega-lite';
import { relativeSuboptimality, type GroupSummary } from '../analyze.js';
import { curveSpecs } from './curve-charts.js';
import { metricSpecs } from './metric-charts.js';
import type { MetricPlot } from '../types.js';

/** Suboptimality below this is drawn at this value (a log axis cannot show 0). */
export const SUBOPTIMALITY_FLOOR = 1e-10;
const MAX_POINTS_PER_LINE = 300;
const WIDTH = 420;
const HEIGHT = 260;
/** Full solver labels in legends and axes: truncated ones become indistinguishable. */
const LABEL_LIMIT = 1000;
const LEGEND = { labelLimit: LABEL_LIMIT };

type Row = Record<string, string | number>;

/** Convergence curves: log relative suboptimality against time (ms) or iterations. */
export function convergenceSpec(group: GroupSummary, axis: 'time' | 'iteration'): TopLevelSpec | undefined {
  if (group.reference === undefined) return undefined;
  const ref = group.reference;
  const values: Row[] = [];
  for (const s of group.solvers) {
    for (const r of s.records) {
      for (const p of thin(r.points)) {
        const sub = Math.max(relativeSuboptimality(p.objective!, ref), SUBOPTIMALITY_FLOOR);
        values.push({ solver: s.label, run: `${s.label} #${r.repetition}`, x: axis === 'time' ? p.timeMs : p.iteration, sub });
      }
    }
  }
  if (values.length === 0) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${group.problem}: suboptimality vs ${axis === 'time' ? 'time' : 'iterations'}`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: { size: 12 }, interpolate: 'step-after' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axis === 'time' ? 'time (ms)' : 'iterations' },
      y: { field: 'sub', type: 'quantitative', scale: { type: 'log' }, title: '(f − f*) / |f*|' },
      // 20 colours: the MNIST group has a dozen solvers, category10 would repeat colours.
      color: { field: 'solver', type: 'nominal', title: 'solver', legend: LEGEND, scale: { scheme: 'tableau20' } },
      detail: { field: 'run', type: 'nominal' },
    },
  };
}

/**
 * Bars of time-to-tolerance ratios to the in-run baselines, drawn from 1× (parity) up or down
 * on a log axis, with a rule over the ratio's range across repetitions. Bars must start at 1:
 * a log scale has no zero, and bars anchored at 0 collapse to nothing.
 */
export function ratioBarSpec(group: GroupSummary): TopLevelSpec | undefined {
  const values: Row[] = [];
  for (const s of group.solvers) {
    for (const r of s.ratios) {
      if (r.ratio === undefined) continue;
      const against = r.tol === undefined ? `vs ${r.baseline}` : `vs ${r.baseline} @ ${r.tol}`;
      const [low, high] = [finiteOr(r.range?.[0], r.ratio), finiteOr(r.range?.[1], r.ratio)];
      values.push({ solver: s.label, against, ratio: r.ratio, low, high, one: 1 });
    }
  }
  if (values.length === 0) return undefined;
  const what = group.kind === 'timing' ? 'time' : 'time-to-tolerance';
  const x = { field: 'solver', type: 'nominal' as const, title: null, axis: { labelAngle: -30, labelLimit: LABEL_LIMIT } };
  const title = `${what} / baseline's (median, range)`;
  const y = { field: 'ratio', type: 'quantitative' as const, scale: { type: 'log' as const }, stack: null, title };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${group.problem}: ${what} ratio to baselines (below 1: faster)`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    encoding: { x, xOffset: { field: 'against', type: 'nominal' } },
    layer: [
      { mark: 'bar', encoding: { y, y2: { field: 'one' }, color: { field: 'against', type: 'nominal', title: 'ratio', legend: LEGEND } } },
      { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      { mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: null, xOffset: null, y: { datum: 1 } } },
    ],
  } as TopLevelSpec;
}

/** Median sample time per implementation, with the range over repetitions. */
export function timingBarSpec(group: GroupSummary): TopLevelSpec | undefined {
  const values: Row[] = group.solvers
    .filter((s) => s.sampleMs !== undefined)
    .map((s) => ({ solver: s.label, median: s.sampleMs!.median, min: s.sampleMs!.min, max: s.sampleMs!.max }));
  if (values.length === 0) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${group.problem}: time per call`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: { field: 'solver', type: 'nominal', title: null, axis: { labelAngle: -30, labelLimit: LABEL_LIMIT } },
          y: { field: 'median', type: 'quantitative', title: 'median ms per call' },
          color: { field: 'solver', type: 'nominal', legend: null },
        },
      },
      {
        mark: { type: 'rule', color: 'black' },
        encoding: { x: { field: 'solver', type: 'nominal' }, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' } },
      },
    ],
  };
}

/** One point per solver configuration: the medians of two reported metrics, labelled. */
export function metricPlotSpec(group: GroupSummary, plot: MetricPlot): TopLevelSpec | undefined {
  const values: Row[] = [];
  for (const s of group.solvers) {
    const x = s.metrics?.[plot.x];
    const y = s.metrics?.[plot.y];
    if (x === undefined || y === undefined || !(x.n > 0 && y.n > 0)) continue;
    values.push({ solver: s.label, x: x.median, y: y.median });
  }
  if (values.length === 0) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: plot.title ?? `${group.problem}: ${plot.y} vs ${plot.x}`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: plot.x, scale: plot.logX ? { type: 'log' } : { zero: false } },
      y: { field: 'y', type: 'quantitative', title: plot.y, scale: { zero: false } },
      color: { field: 'solver', type: 'nominal', title: 'solver', legend: LEGEND, scale: { scheme: 'tableau20' } },
    },
  };
}

/** The plots of one group, in display order. */
export function groupSpecs(group: GroupSummary): TopLevelSpec[] {
  const specs =
    group.kind === 'convergence'
      ? [convergenceSpec(group, 'time'), convergenceSpec(group, 'iteration'), ratioBarSpec(group), ...metricSpecs(group)]
      : [timingBarSpec(group), ratioBarSpec(group), ...metricSpecs(group)];
  specs.push(...(group.plots ?? []).map((p) => metricPlotSpec(group, p)), ...curveSpecs(group));
  return specs.filter((s): s is TopLevelSpec => s !== undefined);
}

function finiteOr(x: number | undefined, fallback: number): number {
  return x !== undefined && Number.isFinite(x) && x > 0 ? x : fallback;
}

function thin<T>(points: readonly T[]): readonly T[] {
  if (points.length <= MAX_POINTS_PER_LINE) return points;
  const step = (points.length - 1) / (MAX_POINTS_PER_LINE - 1);
  return Array.from({ length: MAX_POINTS_PER_LINE }, (_, i) => points[Math.round(i * step)]);
}
