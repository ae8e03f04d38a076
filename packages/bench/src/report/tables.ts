/**
 * HTML tables of the report: per-group summaries, ratios to in-run baselines, failures and the
 * run's metadata. Every cell is escaped; numbers are formatted like the console summary.
 */
import type { GroupSummary, Ratio, SolverSummary } from '../analyze.js';
import { formatBytes, formatMs, formatRatioRange, formatSci, formatSpreadMs, formatThroughput } from '../internal/format.js';
import type { FailureRecord } from '../records.js';
import type { PeerInfo } from '../baselines/python.js';
import type { RunMetadata } from '../results/metadata.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function table(cls: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** `done 3` / `timeout 1, done 2`. */
export function statusText(s: SolverSummary): string {
  return Object.entries(s.statuses)
    .map(([k, n]) => (s.runs === 1 ? k : `${k} ${n}`))
    .join(', ');
}

/** Summary of one group: one row per solver configuration. */
export function summaryTable(g: GroupSummary): string {
  if (g.kind === 'timing') {
    const rows = g.solvers.map((s) => [
      s.label + (s.baseline ? ' (baseline)' : ''),
      statusText(s),
      formatSpreadMs(s.sampleMs),
      formatThroughput(s.throughput, g.work?.unit),
      formatBytes(s.peakBytes),
      s.message ?? '',
    ]);
    return table('summary', ['implementation', 'status', 'time per call', 'throughput', 'peak tensor memory', 'note'], rows);
  }
  const head = [
    'solver',
    'status',
    ...g.tolerances.map((t) => `time to ${formatSci(t)}`),
    ...g.tolerances.map((t) => `iterations to ${formatSci(t)}`),
    'final subopt.',
    'peak tensor memory',
    'note',
  ];
  const rows = g.solvers.map((s) => [
    s.label + (s.baseline ? ' (baseline)' : ''),
    statusText(s),
    ...g.tolerances.map((t) => formatSpreadMs(s.timeToTol.find((x) => x.tol === t)?.timeMs)),
    ...g.tolerances.map((t) => iterationsText(s, t)),
    formatSci(s.finalSuboptimality?.median),
    formatBytes(s.peakBytes),
    s.message ?? '',
  ]);
  return table('summary', head, rows);
}

function iterationsText(s: SolverSummary, tol: number): string {
  const it = s.timeToTol.find((x) => x.tol === tol)?.iterations;
  if (!it || it.n === 0) return '—';
  return Number.isFinite(it.median) ? String(it.median) : 'not reached';
}

/** Median (and range over samples when it varies) of each reported metric; undefined without metrics. */
export function metricsTable(g: GroupSummary): string | undefined {
  const names = [...new Set(g.solvers.flatMap((s) => Object.keys(s.metrics ?? {})))];
  if (names.length === 0) return undefined;
  const cell = (s: SolverSummary, k: string): string => {
    const m = s.metrics?.[k];
    if (m === undefined || m.n === 0) return '—';
    return m.min === m.max ? formatMetric(m.median) : `${formatMetric(m.median)} (${formatMetric(m.min)}–${formatMetric(m.max)})`;
  };
  const rows = g.solvers.filter((s) => s.metrics !== undefined).map((s) => [s.label, ...names.map((k) => cell(s, k))]);
  return table('metrics', ['implementation', ...names], rows);
}

/** Four significant digits, integers as they are. */
function formatMetric(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/** Ratios of each solver's time to each in-run baseline's; undefined when there is no baseline. */
export function ratioTable(g: GroupSummary): string | undefined {
  const columns = [...new Set(g.solvers.flatMap((s) => s.ratios.map(ratioColumn)))];
  if (columns.length === 0) return undefined;
  const rows = g.solvers
    .filter((s) => s.ratios.length > 0)
    .map((s) => [
      s.label,
      ...columns.map((c) => {
        const r = s.ratios.find((x) => ratioColumn(x) === c);
        return r === undefined ? '—' : r.ratio !== undefined ? formatRatioRange(r.ratio, r.range) : (r.note ?? '—');
      }),
    ]);
  return table('ratios', ['solver', ...columns], rows);
}

/** Column title of a ratio: `vs sklearn @ 1.0e-4`. */
export function ratioColumn(r: Ratio): string {
  return r.tol === undefined ? `vs ${r.baseline}` : `vs ${r.baseline} @ ${formatSci(r.tol)}`;
}

/** Plugins, datasets, problems and reference runs that failed. */
export function failureTable(failures: readonly FailureRecord[]): string | undefined {
  if (failures.length === 0) return undefined;
  return table(
    'failures',
    ['stage', 'plugin', 'name', 'message'],
    failures.map((f) => [f.stage, f.plugin, f.name, f.message]),
  );
}

/** Peer rows of the metadata table: threads, interpreter, library versions, BLAS and its kernel. */
export function peerRows(p: PeerInfo | undefined): [string, string][] {
  if (!p) return [['Python peers', 'not recorded']];
  const rows: [string, string][] = [['peer threads', `${p.threads} (OMP/OPENBLAS/MKL_NUM_THREADS and torch.set_num_threads)`]];
  if (p.error) return [...rows, ['Python peers', `not available: ${p.error}`]];
  const versions = Object.entries(p.versions ?? {})
    .map(([k, v]) => `${k} ${v ?? 'missing'}`)
    .join(', ');
  rows.push(['Python peers', `Python ${p.python ?? '?'} (${p.executable ?? '?'}): ${versions}`]);
  const blas = (p.blas ?? [])
    .map((b) =>
      [
        b.internal_api,
        b.version,
        b.architecture ? `kernel ${b.architecture}` : undefined,
        b.num_threads !== undefined && b.num_threads !== null ? `${b.num_threads} thread${b.num_threads === 1 ? '' : 's'}` : undefined,
      ]
        .filter((x) => x !== undefined && x !== null)
        .join(' '),
    )
    .join('; ');
  rows.push(['peer BLAS / OpenMP', blas || 'unknown']);
  if (p.torch_threads !== undefined && p.torch_threads !== null) rows.push(['torch threads', String(p.torch_threads)]);
  const coretype = p.env?.OPENBLAS_CORETYPE;
  rows.push(['OPENBLAS_CORETYPE', coretype ?? 'not set (OpenBLAS picks the kernel for this CPU)']);
  return rows;
}

/** The run's metadata as a two-column table. */
export function metadataTable(m: RunMetadata | undefined): string {
  if (!m) return '<p>No metadata.json found.</p>';
  const rows: [string, string][] = [
    ['status', m.note ? `${m.status}: ${m.note}` : m.status],
    ['started', m.date],
    ['finished', m.finishedAt ?? '—'],
    ['git commit', m.gitCommit ? `${m.gitCommit}${m.gitDirty ? ' (uncommitted changes)' : ''}` : 'not a git checkout'],
    [
      'backend',
      `${m.backendInfo.name} (SIMD ${m.backendInfo.simd ? 'on' : 'off'}, ${m.backendInfo.threads} thread${m.backendInfo.threads === 1 ? '' : 's'})`,
    ],
    ['CPU', `${m.cpuCount} × ${m.cpuModel}`],
    ['Node', `${m.node} (${m.platform})`],
    ['seed', String(m.seed)],
    ['suites', `${m.suites.join(', ')} (${m.size})`],
    ['time limit per run', formatMs(m.timeoutSeconds * 1000)],
    ['repetitions', String(m.repetitions)],
    ['plugins', m.plugins.length ? m.plugins.join(', ') : '—'],
    ...peerRows(m.peers),
  ];
  return table('metadata', ['', ''], rows);
}
