import type { Failure, SkippedSnippet, Snippet } from './snippet.js';

export interface Summary {
  readonly snippets: readonly Snippet[];
  readonly skipped: readonly SkippedSnippet[];
  readonly failures: readonly Failure[];
  readonly files: number;
  readonly ms: number;
  readonly phases: ReadonlyArray<{ readonly name: string; readonly ms: number; readonly count?: number }>;
  readonly slowest: ReadonlyArray<{ readonly snippet: Snippet; readonly ms: number }>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The snippet a failure belongs to (its source and a line inside the block), if any. */
export function owner(failure: Failure, snippets: readonly Snippet[]): Snippet | undefined {
  return snippets.find((s) => s.source === failure.source && failure.line >= s.line && failure.line < s.line + s.code.split('\n').length);
}

/** Passed, failed and skipped snippets, as the report's last line counts them. */
export function reportCounts(summary: Pick<Summary, 'snippets' | 'skipped' | 'failures'>): Record<'passed' | 'failed' | 'skipped', number> {
  const failed = new Set<Snippet>();
  let unowned = 0;
  for (const f of summary.failures) {
    const s = owner(f, summary.snippets);
    if (s) failed.add(s);
    else unowned++;
  }
  return { passed: summary.snippets.length - failed.size, failed: failed.size + unowned, skipped: summary.skipped.length };
}

/** Human report; the last line is `check-examples: N passed, N failed, N skipped`. */
export function formatReport(summary: Summary): string {
  const { snippets, skipped, failures } = summary;
  const readme = snippets.filter((s) => s.source.endsWith('.md')).length;
  const failed = new Set<Snippet>();
  let unowned = 0;
  for (const f of failures) {
    const s = owner(f, snippets);
    if (s) failed.add(s);
    else unowned++;
  }
  const lines = [
    `check-examples: ${snippets.length} snippet${snippets.length === 1 ? '' : 's'} (${snippets.length - readme} TSDoc @example, ${readme} README) from ${summary.files} files`,
    ...summary.phases.map((p) => `  ${p.name}${p.count === undefined ? '' : ` (${p.count})`}: ${seconds(p.ms)}`),
  ];
  if (summary.slowest.length > 0) {
    lines.push(`  slowest: ${summary.slowest.map((t) => `${t.snippet.source}:${t.snippet.line} ${seconds(t.ms)}`).join(', ')}`);
  }
  for (const s of skipped) lines.push(`SKIP ${s.source}:${s.line} not-checked: ${s.reason}`);
  const sorted = [...failures].sort((a, b) => a.source.localeCompare(b.source) || a.line - b.line);
  for (const f of sorted) lines.push(`FAIL ${f.source}:${f.line} [${f.phase}] ${f.message.split('\n').join('\n     ')}`);
  const other = unowned > 0 ? ` (+${unowned} problem${unowned > 1 ? 's' : ''} outside snippets)` : '';
  lines.push(
    `check-examples: ${snippets.length - failed.size} passed, ${failed.size + unowned} failed, ${skipped.length} skipped in ${seconds(summary.ms)}${other}`,
  );
  return lines.join('\n');
}
