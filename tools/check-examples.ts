/**
 * Checks every ```ts block of TSDoc `@example` sections (packages/<pkg>/src, tests excluded)
 * and of the READMEs (root, packages/*, examples/*): one tsc program type-checks them all
 * (with tools/), then each runs on the cpu backend, one child process per package.
 *
 *   node --conditions=@sparsekit/source --import tsx tools/check-examples.ts [--only <path part>] [--jobs N] [--timeout S]
 *
 * Exits 1 when any snippet fails; see tools/README.md for the conventions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pool } from './check-examples/process.js';
import { formatReport, reportCounts } from './check-examples/report.js';
import { EXAMPLES_TALLY_FILE, TALLY_DIR, type Tally } from './test-tally.js';
import { runGroup, type GroupOutcome } from './check-examples/run-groups.js';
import { runVitestSnippets } from './check-examples/run-vitest.js';
import type { Failure, Snippet } from './check-examples/snippet.js';
import { collectSnippets } from './check-examples/sources.js';
import { typecheck } from './check-examples/typecheck.js';
import { WORK_DIR, writeWorkspace } from './check-examples/workspace.js';

const { values } = parseArgs({
  options: { only: { type: 'string' }, jobs: { type: 'string' }, timeout: { type: 'string', default: '90' } },
});
const root = path.resolve(import.meta.dirname, '..');
const workDir = path.join(root, WORK_DIR, 'check');
const jobs = Math.max(1, Number(values.jobs ?? Math.min(4, os.availableParallelism())));
const started = performance.now();

const found = collectSnippets(root, values.only === undefined ? undefined : (s) => s.includes(values.only!));
const files = writeWorkspace(root, workDir, found.snippets);
const groups = new Map<string, Snippet[]>();
for (const s of found.snippets.filter((x) => x.kind === 'module')) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
const vitestSnippets = found.snippets.filter((s) => s.kind === 'vitest');

type Phase = { name: string; ms: number; count?: number; outcome: GroupOutcome };
const timed = (name: string, count: number | undefined, run: () => Promise<GroupOutcome>) => async (): Promise<Phase> => {
  const outcome = await run();
  return { name, ms: outcome.ms, count, outcome };
};
const tasks = [
  timed('typecheck (one tsc program: snippets + tools/)', undefined, async () => {
    const t0 = performance.now();
    const failures = await typecheck(root, path.join(workDir, 'tsconfig.json'), found.snippets, files);
    return { failures, ran: 0, ms: performance.now() - t0, timings: [] };
  }),
  ...(vitestSnippets.length > 0
    ? [timed('run vitest snippets', vitestSnippets.length, () => runVitestSnippets(root, workDir, vitestSnippets, files))]
    : []),
  ...[...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([group, snippets]) =>
      timed(`run ${group}`, snippets.length, () =>
        runGroup(group, snippets, files, { root, workDir, timeoutMs: Number(values.timeout) * 1000 }),
      ),
    ),
];
const phases = await pool(jobs, tasks);

const failures: Failure[] = [...found.failures, ...phases.flatMap((p) => p.outcome.failures)];
// Finding nothing means the extraction (or --only) is wrong, not that all is well.
if (found.snippets.length === 0)
  failures.push({ source: 'tools/check-examples.ts', line: 1, phase: 'extract', message: 'no snippets found' });
const slowest = phases
  .flatMap((p) => p.outcome.timings)
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 3);
console.log(
  formatReport({
    snippets: found.snippets,
    skipped: found.skipped,
    failures,
    files: found.files,
    ms: performance.now() - started,
    phases,
    slowest,
  }),
);
// The tally for the closing line of `npm test` (every snippet counts as one test).
const counts = reportCounts({ snippets: found.snippets, skipped: found.skipped, failures });
const tally: Tally = {
  ...counts,
  failedTests: failures.map((f) => `${f.source}:${f.line}`),
  skippedTests: found.skipped.map((s) => ({ name: `${s.source}:${s.line}`, reason: `not checked: ${s.reason}` })),
};
mkdirSync(path.join(root, TALLY_DIR), { recursive: true });
writeFileSync(path.join(root, TALLY_DIR, EXAMPLES_TALLY_FILE), `${JSON.stringify(tally, null, 2)}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
