/**
 * Plots of the quality metrics solvers report with their iterates (`IteratePoint.metrics`):
 * test error against density with each series' Pareto front, and per-iteration traces of the
 * other metrics (densities, Lagrange multipliers, constraint values).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary } from '../analyze.js';

const WIDTH = 420;
const HEIGHT = 260;
const LEGEND = { labelLimit: 1000 };
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

type Row = Record<string, string | number | boolean>;

/** `error` is the solver's own error; any other `<name>Error` is a comparison model's error at the same density. */
function isError(key: string): boolean {
  return key === 'error' || key.endsWith('Error');
}

/** Series label of an error metric: the solver, or the solver's comparison model. */
function seriesOf(label: string, key: string): string {
  return key === 'error' ? label : `${label} · ${key.slice(0, -'Error'.length)} at equal density`;
}

/** Marks the points no other point of the same series beats in both density and error. */
function markFront(rows: Row[]): Row[] {
  return rows.map((r) => ({
    ...r,
    front: !rows.some(
      (o) =>
        o.series === r.series &&
        (o.density as number) <= (r.density as number) &&
        (o.error as number) <= (r.error as number) &&
        ((o.density as number) < (r.density as number) || (o.error as number) < (r.error as number)),
    ),
  }));
}

/** Error vs density: one point per run (its last point carrying both), one series per solver (all its parameter points), Pareto fronts as lines. */
export function paretoSpec(group: GroupSummary): TopLevelSpec | undefined {
  const rows: Row[] = [];
  for (const s of group.solvers) {
    for (const r of s.records) {
      const last = [...r.points].reverse().find((p) => p.metrics?.density !== undefined && p.metrics?.error !== undefined);
      if (!last?.metrics) continue;
      for (const [key, value] of Object.entries(last.metrics)) {
        if (isError(key) && Number.isFinite(value))
          rows.push({ series: seriesOf(s.solver, key), run: s.label, density: last.metrics.density, error: value });
      }
    }
  }
  if (rows.length === 0) return undefined;
  const color = { field: 'series', type: 'nominal' as const, title: 'model', legend: LEGEND, scale: { scheme: 'tableau20' } };
  const x = { field: 'density', type: 'quantitative' as const, title: 'density (fraction of weights kept)' };
  const y = { field: 'error', type: 'quantitative' as const, title: 'test error' };
  return {
    $schema: SCHEMA,
    title: `${group.problem}: test error vs density (lines: Pareto fronts)`,
    width: WIDTH,
    height: HEIGHT,
    data: { values: markFront(rows) },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x,
          y,
          color,
          shape: { field: 'series', type: 'nominal', legend: null },
          tooltip: [{ field: 'run' }, { field: 'density' }, { field: 'error' }],
        },
      },
      { transform: [{ filter: 'datum.front' }], mark: { type: 'line' }, encoding: { x, y, color, order: { field: 'density' } } },
    ],
  } as TopLevelSpec;
}

/** One line per run of a non-error metric against the iteration (e.g. the multiplier per epoch). */
export function traceSpec(group: GroupSummary, key: string): TopLevelSpec | undefined {
  const values: Row[] = [];
  for (const s of group.solvers) {
    for (const r of s.records) {
      for (const p of r.points) {
        const v = p.metrics?.[key];
        if (v !== undefined && Number.isFinite(v))
          values.push({ solver: s.label, run: `${s.label} #${r.repetition}`, x: p.iteration, value: v });
      }
    }
  }
  if (values.length === 0) return undefined;
  return {
    $schema: SCHEMA,
    title: `${group.problem}: ${key} per iteration`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: { size: 12 } },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'iteration' },
      y: { field: 'value', type: 'quantitative', title: key },
      color: { field: 'solver', type: 'nominal', title: 'solver', legend: LEGEND, scale: { scheme: 'tableau20' } },
      detail: { field: 'run', type: 'nominal' },
    },
  };
}

/** The metric plots of a group: the Pareto plot, then one trace per non-error metric. */
export function metricSpecs(group: GroupSummary): TopLevelSpec[] {
  const keys = new Set<string>();
  for (const s of group.solvers)
    for (const r of s.records) for (const p of r.points) for (const k of Object.keys(p.metrics ?? {})) keys.add(k);
  // The density of the final point is the Pareto plot's x; its trace would be one point per run.
  const traces = [...keys].filter((k) => !isError(k) && k !== 'density').map((k) => traceSpec(group, k));
  return [paretoSpec(group), ...traces].filter((s): s is TopLevelSpec => s !== undefined);
}
