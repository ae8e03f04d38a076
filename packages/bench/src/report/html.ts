/**
 * The single-file HTML report: inline CSS and inline SVG only (no scripts, no external URLs),
 * so it opens offline, from a file, in any browser.
 */
import { analyze, type Analysis, type GroupSummary } from '../analyze.js';
import { labelWithParams } from '../internal/grid.js';
import type { ResultRecord } from '../records.js';
import type { RunMetadata } from '../results/metadata.js';
import { groupSpecs, SUBOPTIMALITY_FLOOR } from './charts.js';
import { renderSvg } from './render-svg.js';
import { STATUS_MEANING } from '../summary.js';
import { escapeHtml, failureTable, metadataTable, metricsTable, ratioTable, summaryTable } from './tables.js';

const RATIO_NOTE =
  'Median time of the solver / median time of the baseline, [range over repetitions]: ' + 'below 1× is faster than the baseline.';

function statusNote(): string {
  const items = Object.entries(STATUS_MEANING)
    .map(([k, v]) => `<strong>${k}</strong>: ${escapeHtml(v)}`)
    .join('; ');
  return `<p class="note">Statuses — ${items}. Peak tensor memory is "—" for peers that run outside tfjs.</p>`;
}

/** A built report and what it contains (the browser test checks these counts). */
export interface BuiltReport {
  readonly html: string;
  readonly plotCount: number;
  readonly tableCount: number;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.8rem; }
table { border-collapse: collapse; margin: .6rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: .25rem .55rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } table.metadata th { display: none; }
.plots { display: flex; flex-wrap: wrap; gap: 1rem; } figure.plot { margin: 0; }
.note { color: #555; font-size: .92rem; } .failures td { color: #a00; }`;

/**
 * Builds the report from results records and the run's metadata.
 *
 * @example
 * ```ts
 * import { buildReport } from '@sparsekit/bench';
 * const { html, plotCount } = await buildReport([], undefined);
 * html.startsWith('<!doctype html>'); // => true
 * plotCount; // => 0
 * ```
 */
export async function buildReport(records: readonly ResultRecord[], metadata: RunMetadata | undefined): Promise<BuiltReport> {
  const analysis = analyze(records);
  const parts: string[] = [];
  let plotCount = 0;
  let tableCount = 1;
  const failures = failureTable(analysis.failures);
  if (failures) {
    parts.push(`<h2>Failures</h2><p class="note">These parts failed and were skipped; everything else ran.</p>${failures}`);
    tableCount++;
  }
  for (const [plugin, groups] of byPlugin(analysis)) {
    parts.push(`<h2 id="${escapeHtml(anchor(plugin))}">${escapeHtml(plugin)}</h2>`);
    for (const g of groups) {
      const section = await groupSection(g, plotCount);
      parts.push(section.html);
      plotCount += section.plots;
      tableCount += section.tables;
    }
  }
  const html = page(metadata, parts.join('\n'), plotCount, tableCount);
  return { html, plotCount, tableCount };
}

async function groupSection(g: GroupSummary, plotOffset: number): Promise<{ html: string; plots: number; tables: number }> {
  const title = `${labelWithParams(g.problem, g.problemParams)} on ${labelWithParams(g.dataset, g.datasetParams)}`;
  const figures: string[] = [];
  for (const spec of groupSpecs(g)) {
    const id = `p${plotOffset + figures.length + 1}`;
    figures.push(`<figure class="plot" id="${id}">${await renderSvg(spec, id)}</figure>`);
  }
  const ratios = ratioTable(g);
  const metrics = metricsTable(g);
  const reference =
    g.reference !== undefined
      ? `<p class="note">Reference f* = ${g.reference.toPrecision(10)}; suboptimality is (f − f*) / |f*|, drawn at ${SUBOPTIMALITY_FLOOR} when smaller.</p>`
      : '';
  const html = [
    `<h3>${escapeHtml(title)}</h3>`,
    reference,
    summaryTable(g),
    metrics ? `<h4>Metrics</h4><p class="note">Median over samples (range when it varies).</p>${metrics}` : '',
    ratios ? `<h4>Ratios to in-run baselines</h4><p class="note">${RATIO_NOTE}</p>${ratios}` : '',
    figures.length ? `<div class="plots">${figures.join('\n')}</div>` : '',
  ].join('\n');
  return { html, plots: figures.length, tables: 1 + (ratios ? 1 : 0) + (metrics ? 1 : 0) };
}

function byPlugin(analysis: Analysis): Map<string, GroupSummary[]> {
  const out = new Map<string, GroupSummary[]>();
  for (const g of analysis.groups) out.set(g.plugin, [...(out.get(g.plugin) ?? []), g]);
  return out;
}

function anchor(text: string): string {
  return `plugin-${text.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function page(metadata: RunMetadata | undefined, body: string, plots: number, tables: number): string {
  const when = metadata ? ` — ${metadata.date}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>sparsekit bench${escapeHtml(when)}</title>
<style>${STYLE}</style>
</head>
<body data-plot-count="${plots}" data-table-count="${tables}">
<h1>sparsekit bench${escapeHtml(when)}</h1>
${metadataTable(metadata)}
${statusNote()}
${metadata?.status === 'interrupted' || metadata?.status === 'running' ? '<p class="note"><strong>This run did not complete; the report shows the runs it finished.</strong></p>' : ''}
${body}
</body>
</html>
`;
}
