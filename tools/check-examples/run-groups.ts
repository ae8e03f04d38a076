import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildMessage, GroupManifest } from './protocol.js';
import { sourceLine, type Failure, type Snippet } from './snippet.js';
import type { SnippetFiles } from './workspace.js';

export interface RunOptions {
  readonly root: string;
  readonly workDir: string;
  /**
   * A snippet that neither finishes nor fails within this many ms of its own start is reported
   * and its group restarted. The child's start-up (Node, tsx, tfjs) is not counted: on a loaded
   * machine it alone can take seconds.
   */
  readonly timeoutMs: number;
}

export interface GroupOutcome {
  readonly failures: Failure[];
  readonly ran: number;
  readonly ms: number;
  /** Per-snippet wall time, for spotting the slow ones. */
  readonly timings: ReadonlyArray<{ readonly snippet: Snippet; readonly ms: number }>;
}

const CHILD = path.join(import.meta.dirname, 'run-group-child.ts');
/** Only a child that never gets to its first snippet is stopped by this (a broken install, not a slow one). */
const STARTUP_LIMIT_MS = 10 * 60_000;

/**
 * Runs one group's module snippets in a child Node process (cpu backend, package sources via
 * the @sparsekit/source condition), restarting the child after a crash or timeout so every
 * snippet gets its own verdict.
 */
export async function runGroup(
  group: string,
  snippets: readonly Snippet[],
  files: SnippetFiles,
  options: RunOptions,
): Promise<GroupOutcome> {
  const started = performance.now();
  const failures: Failure[] = [];
  const timings: Array<{ snippet: Snippet; ms: number }> = [];
  let remaining = [...snippets];
  let attempt = 0;
  while (remaining.length > 0) {
    const manifestPath = path.join(options.workDir, group, `manifest-${attempt++}.json`);
    const manifest: GroupManifest = { snippets: remaining.map((s) => ({ id: s.id, file: files.get(s.id)! })) };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const result = await runChild(manifestPath, options);
    const byId = new Map(remaining.map((s) => [s.id, s]));
    for (const done of result.done) {
      timings.push({ snippet: byId.get(done.id)!, ms: done.ms });
      if (done.error !== undefined) failures.push(runFailure(byId.get(done.id)!, files, done.error, done.output));
    }
    const finished = new Set(result.done.map((d) => d.id));
    if (result.interrupted !== undefined) {
      failures.push(runFailure(byId.get(result.interrupted.id)!, files, result.interrupted.reason, ''));
      finished.add(result.interrupted.id);
    } else if (finished.size < remaining.length) {
      failures.push({
        source: remaining[0]!.source,
        line: 1,
        phase: 'run',
        message: `group '${group}' child stopped before running its snippets:\n${result.stderr}`,
      });
      break;
    }
    remaining = remaining.filter((s) => !finished.has(s.id));
  }
  return { failures, ran: snippets.length, ms: performance.now() - started, timings };
}

interface ChildResult {
  readonly done: Array<Extract<ChildMessage, { type: 'done' }>>;
  readonly interrupted: { id: string; reason: string } | undefined;
  readonly stderr: string;
}

function runChild(manifestPath: string, options: RunOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@sparsekit/source', '--import', 'tsx', CHILD, manifestPath], {
      cwd: options.root,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, SPARSEKIT_BACKEND: 'cpu' },
    });
    const done: ChildResult['done'] = [];
    let current: string | undefined;
    let stderr = '';
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, ms);
    };
    arm(STARTUP_LIMIT_MS);
    child.stdout!.resume();
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    // The clock runs only while a snippet runs: between snippets the child resets its backend.
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'start') {
        current = m.id;
        arm(options.timeoutMs);
      } else {
        done.push(m);
        current = undefined;
        arm(STARTUP_LIMIT_MS);
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const reason = timedOut
        ? `timed out after ${options.timeoutMs / 1000} s (group restarted after it)`
        : `the process died (exit ${code ?? signal}) while running it:\n${stderr.trim()}`;
      resolve({ done, interrupted: current === undefined ? undefined : { id: current, reason }, stderr });
    });
  });
}

// Points at the snippet line named by the first stack frame inside the snippet, if any.
function runFailure(snippet: Snippet, files: SnippetFiles, error: string, output: string): Failure {
  const file = files.get(snippet.id)!;
  const frame = error
    .split('\n')
    .map((l) => locate(l, file))
    .find((n) => n !== undefined);
  const message = error
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .join('\n')
    .trim();
  const shown = output.trim() === '' ? '' : `\n  console output:\n${indent(output.trim().split('\n').slice(-15).join('\n'))}`;
  return {
    source: snippet.source,
    line: frame === undefined ? snippet.line : sourceLine(snippet, frame),
    phase: 'run',
    message: message + shown,
  };
}

function locate(stackLine: string, file: string): number | undefined {
  const at = stackLine.indexOf(file);
  if (at < 0) return undefined;
  const m = /^:(\d+)(?::\d+)?/.exec(stackLine.slice(at + file.length));
  return m ? Number(m[1]) : undefined;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
