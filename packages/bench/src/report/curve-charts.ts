/**
 * Line charts of the named curves runs report with their points (`IteratePoint.curves`): one chart
 * per curve name, one line per solver (the last such curve of its last run), marked points drawn
 * on the line (e.g. planted outliers in a ranking) and the curve's note in the legend (e.g. an AUC).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary } from '../analyze.js';
import type { Curve } from '../types.js';

const WIDTH = 420;
const HEIGHT = 260;
const LEGEND = { labelLimit: 1000 };
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Lines are thinned to this many points (a ranking of 10⁴ samples would make a heavy SVG); marked points are all drawn. */
export const MAX_CURVE_POINTS = 250;

type Row = Record<string, string | number | boolean>;

/** The last curve of that name in a solver's records (later runs, then later points, win). */
function lastCurve(s: GroupSummary['solvers'][number], name: string): Curve | undefined {
  for (const r of [...s.records].reverse()) {
    const p = [...r.points].reverse().find((q) => q.curves?.[name] !== undefined);
    if (p) return p.curves![name];
  }
  return undefined;
}

/** Indices kept when thinning n points to at most `max`, always keeping the first and the last. */
export function thinIndices(n: number, max = MAX_CURVE_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, k) => k);
  const step = (n - 1) / (max - 1);
  return Array.from({ length: max }, (_, k) => Math.round(k * step));
}

/** The chart of one curve name, or undefined when no solver reported it. */
export function curveSpec(group: GroupSummary, name: string): TopLevelSpec | undefined {
  const values: Row[] = [];
  let first: Curve | undefined;
  for (const s of group.solvers) {
    const c = lastCurve(s, name);
    if (!c) continue;
    first ??= c;
    const series = c.note ? `${s.label} (${c.note})` : s.label;
    // The line is thinned, the marks are not: thinning a ranking of 10⁴ samples to 250 points would
    // otherwise drop most planted outliers from the chart.
    const onLine = new Set(thinIndices(c.x.length));
    for (let k = 0; k < c.x.length; k++) {
      const marked = c.marked?.[k] === true;
      if (onLine.has(k) || marked) values.push({ series, order: k, x: c.x[k], y: c.y[k], marked, onLine: onLine.has(k) });
    }
  }
  if (!first) return undefined;
  const x = { field: 'x', type: 'quantitative' as const, title: first.xTitle ?? 'x', scale: { zero: false } };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: first.yTitle ?? name,
    scale: first.logY ? { type: 'log' as const } : { zero: false },
  };
  const color = { field: 'series', type: 'nominal' as const, title: 'solver', legend: LEGEND, scale: { scheme: 'tableau20' } };
  return {
    $schema: SCHEMA,
    title: `${group.problem}: ${name}`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        transform: [{ filter: 'datum.onLine' }],
        mark: { type: 'line' },
        encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
      },
      {
        transform: [{ filter: 'datum.marked' }],
        mark: { type: 'point', shape: 'diamond', filled: true, size: 24, stroke: 'black', strokeWidth: 0.5 },
        encoding: { x, y, color },
      },
    ],
  } as TopLevelSpec;
}

/** One chart per curve name reported in the group, in order of first appearance. */
export function curveSpecs(group: GroupSummary): TopLevelSpec[] {
  const names = new Set<string>();
  for (const s of group.solvers)
    for (const r of s.records) for (const p of r.points) for (const k of Object.keys(p.curves ?? {})) names.add(k);
  return [...names].map((n) => curveSpec(group, n)).filter((s): s is TopLevelSpec => s !== undefined);
}
