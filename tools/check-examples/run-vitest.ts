import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from './process.js';
import type { Failure, Snippet } from './snippet.js';
import type { SnippetFiles } from './workspace.js';
import type { GroupOutcome } from './run-groups.js';

/** The part of vitest's JSON reporter output the check reads. */
export interface VitestJson {
  testResults?: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults?: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
  }>;
}

/**
 * Runs the snippets that declare vitest tests (first line `// foo.test.ts`) in one vitest
 * invocation with the repo's shared config; every failed test is reported at its snippet.
 */
export async function runVitestSnippets(
  root: string,
  workDir: string,
  snippets: readonly Snippet[],
  files: SnippetFiles,
): Promise<GroupOutcome> {
  const started = performance.now();
  const report = path.join(workDir, 'vitest-report.json');
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const result = await runProcess(
    process.execPath,
    [vitest, 'run', '--config', 'vitest.config.mjs', '--reporter=json', `--outputFile=${report}`],
    {
      cwd: workDir,
      env: { ...process.env, SPARSEKIT_BACKEND: 'cpu' },
    },
  );
  const json: VitestJson = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : {};
  const exit = result.code === 0 ? undefined : `vitest exited ${result.code}: ${firstLines(result.stderr || result.stdout)}`;
  const failures = vitestFailures(json, snippets, files, exit);
  const ms = performance.now() - started;
  // Test files run in parallel workers, so per-snippet times are not meaningful here.
  return { failures, ran: snippets.length, ms, timings: [] };
}

/** Failed tests (or files that failed to load) of a vitest JSON report, at their snippets. */
export function vitestFailures(json: VitestJson, snippets: readonly Snippet[], files: SnippetFiles, exit: string | undefined): Failure[] {
  const byFile = new Map(snippets.map((s) => [path.resolve(files.get(s.id)!), s]));
  const failures: Failure[] = [];
  const seen = new Set<Snippet>();
  for (const file of json.testResults ?? []) {
    const snippet = byFile.get(path.resolve(file.name));
    if (!snippet) continue;
    seen.add(snippet);
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    const messages = failed.map((a) => `${a.fullName}: ${firstLines(a.failureMessages?.join('\n') ?? '')}`);
    if (file.status !== 'passed' && messages.length === 0) messages.push(firstLines(file.message ?? file.status));
    if (messages.length > 0)
      failures.push({ source: snippet.source, line: snippet.line, phase: 'run', message: `vitest: ${messages.join('\n')}` });
  }
  for (const snippet of snippets.filter((s) => !seen.has(s))) {
    failures.push({ source: snippet.source, line: snippet.line, phase: 'run', message: exit ?? 'vitest did not report it' });
  }
  return failures;
}

function firstLines(text: string, n = 12): string {
  return text
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .slice(0, n)
    .join('\n')
    .trim();
}
