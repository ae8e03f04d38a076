import path from 'node:path';
import { runProcess } from './process.js';
import { sourceLine, type Failure, type Snippet } from './snippet.js';
import type { SnippetFiles } from './workspace.js';

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/**
 * One tsc program over every snippet and tools/: diagnostics in a snippet map back to its
 * source line; anything else (tools/, or package sources a snippet pulled in) is reported
 * where tsc found it.
 */
export async function typecheck(root: string, tsconfigPath: string, snippets: readonly Snippet[], files: SnippetFiles): Promise<Failure[]> {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await runProcess(process.execPath, [tsc, '-p', tsconfigPath, '--pretty', 'false'], { cwd: root });
  const byFile = new Map<string, Snippet>();
  for (const s of snippets) byFile.set(path.resolve(files.get(s.id)!), s);
  const failures = parseDiagnostics(root, result.stdout, byFile);
  if (result.code !== 0 && failures.length === 0) {
    failures.push({
      source: path.relative(root, tsconfigPath),
      line: 1,
      phase: 'typecheck',
      message: `tsc exited ${result.code}: ${(result.stdout + result.stderr).trim()}`,
    });
  }
  return failures;
}

/** tsc's `--pretty false` output → failures, mapped through the snippet written at each file. */
export function parseDiagnostics(root: string, output: string, byFile: ReadonlyMap<string, Snippet>): Failure[] {
  const failures: Failure[] = [];
  let last: { source: string; line: number; message: string } | undefined;
  const flush = () => {
    if (last) failures.push({ ...last, phase: 'typecheck' });
    last = undefined;
  };
  for (const raw of output.split('\n')) {
    const m = DIAGNOSTIC.exec(raw);
    if (!m) {
      if (last && raw.trim() !== '') last.message += `\n  ${raw.trim()}`;
      continue;
    }
    flush();
    const file = path.resolve(root, m[1]!);
    const snippet = byFile.get(file);
    const line = Number(m[2]);
    last = snippet
      ? { source: snippet.source, line: sourceLine(snippet, line), message: `${m[4]}: ${m[5]}` }
      : { source: path.relative(root, file), line, message: `${m[4]}: ${m[5]}` };
  }
  flush();
  return failures;
}
