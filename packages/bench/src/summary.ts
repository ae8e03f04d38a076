/**
 * The concise console summary printed after a run: one line per solver configuration, with
 * the time to the group's finest tolerance (or the time per call) and the ratio to baselines.
 */
import type { Analysis, GroupSummary, SolverSummary } from './analyze.js';
import type { RunStatus } from './records.js';
import { labelWithParams } from './internal/grid.js';
import { formatRatioRange, formatSci, formatSpreadMs, formatThroughput } from './internal/format.js';
import { ratioColumn, statusText } from './report/tables.js';

/**
 * Renders the summary as an aligned plain-text table.
 *
 * @example
 * ```ts
 * import { analyze, formatSummary } from '@sparsekit/bench';
 * formatSummary(analyze([])); // => 'No runs.'
 * ```
 */
export function formatSummary(analysis: Analysis): string {
  const rows: string[][] = [];
  for (const g of analysis.groups) for (const s of g.solvers) rows.push(summaryRow(g, s));
  const lines: string[] = [];
  if (rows.length) {
    lines.push(...align([['problem', 'solver', 'status', 'time', 'result', 'time ratio to baseline'], ...rows]), '', ...legend(analysis));
  } else lines.push('No runs.');
  for (const f of analysis.failures) lines.push(`FAILED ${f.stage} ${f.plugin}/${f.name}: ${f.message}`);
  return lines.join('\n');
}

function summaryRow(g: GroupSummary, s: SolverSummary): string[] {
  const problem = `${g.plugin}/${labelWithParams(g.problem, g.problemParams)}@${labelWithParams(g.dataset, g.datasetParams)}`;
  const ratio =
    s.ratios.length === 0
      ? ''
      : s.ratios
          .filter((r) => g.kind === 'timing' || r.tol === Math.min(...g.tolerances))
          .map((r) => `${r.ratio !== undefined ? formatRatioRange(r.ratio, r.range) : r.note} ${ratioColumn(r)}`)
          .join('; ');
  const label = s.label + (s.baseline ? ' (baseline)' : '');
  if (g.kind === 'timing') {
    return [problem, label, statusText(s), `${formatSpreadMs(s.sampleMs)}/call`, formatThroughput(s.throughput, g.work?.unit), ratio];
  }
  const finest = Math.min(...g.tolerances);
  const ttt = s.timeToTol.find((t) => t.tol === finest);
  const time = ttt ? `${formatSpreadMs(ttt.timeMs)} to ${formatSci(finest)}` : '—';
  const result = s.finalSuboptimality ? `final subopt ${formatSci(s.finalSuboptimality.median)}` : (s.message ?? '');
  return [problem, label, statusText(s), time, result, ratio];
}

/** What the statuses that occur mean. */
export const STATUS_MEANING: Readonly<Record<RunStatus, string>> = {
  done: 'the solver returned on its own (its iteration budget or its own stopping rule)',
  target: 'stopped by the bench once the known optimum was reached well inside the finest tolerance',
  timeout: 'stopped (or abandoned) at the per-run time limit',
  error: 'the solver threw or returned a non-finite objective; see the message',
  unavailable: 'could not run here (e.g. a Python peer without its modules); never run',
};

function legend(analysis: Analysis): string[] {
  const seen = new Set<RunStatus>();
  for (const g of analysis.groups) for (const s of g.solvers) for (const k of Object.keys(s.statuses)) seen.add(k as RunStatus);
  return [
    "Time ratio = this solver's median time / the baseline's median time (time to the finest tolerance, or per call),",
    '  with its range over repetitions in brackets: below 1× this solver is faster, above 1× slower.',
    'Status: ' + [...seen].map((k) => `${k} = ${STATUS_MEANING[k]}`).join('; ') + '.',
  ];
}

function align(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const fmt = (r: string[]): string =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [fmt(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)];
}
