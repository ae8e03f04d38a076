/**
 * Runs a plugin module in a child process so that a bad plugin costs its own run only: a
 * solver that neither returns nor answers 'stop' (synchronous or not) is killed once it
 * exceeds `2 × time limit + grace`, recorded as `timeout`, and the module restarts in a fresh
 * process that skips the runs already done. A crash of the process is recorded the same way
 * (status `error`) for the run it was in.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runId, type ResultRecord, type RunRecord } from '../records.js';
import type { ProgressEvent, RunStart } from '../run-bench.js';
import type { ChildMessage, ChildRequest } from './protocol.js';

export interface IsolatedOptions extends Omit<ChildRequest, 'type' | 'skip'> {
  readonly sink: (record: ResultRecord) => void;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly signal?: AbortSignal;
  /** Extra real time beyond twice the time limit before a run is killed. Default 5,000 ms. */
  readonly graceMs?: number;
}

const HERE = fileURLToPath(import.meta.url);
// From src (tests, tsx) the child is TypeScript and needs tsx and the source condition.
const FROM_SOURCE = HERE.endsWith('.ts');
const CHILD = join(dirname(HERE), FROM_SOURCE ? 'plugin-child.ts' : 'plugin-child.js');

/** Runs the module to the end (restarting after kills and crashes); resolves when done. */
export async function runIsolated(o: IsolatedOptions): Promise<void> {
  const skip = new Set<string>();
  for (;;) {
    const outcome = await runChild(o, [...skip]);
    for (const id of outcome.finished) skip.add(id);
    if (outcome.ended || o.signal?.aborted || outcome.current === undefined) {
      if (!outcome.ended && outcome.current === undefined && !o.signal?.aborted) {
        const message = `the plugin process exited: ${outcome.reason}`;
        o.sink({ type: 'failure', stage: 'plugin', plugin: o.module, name: o.module, message });
      }
      return;
    }
    const record = killedRecord(outcome.current, outcome.reason, outcome.killed);
    o.sink(record);
    o.onProgress?.({ type: 'run', done: 0, total: 0, label: runId(record), status: record.status });
    skip.add(runId(outcome.current));
  }
}

interface ChildOutcome {
  readonly ended: boolean;
  readonly finished: string[];
  readonly current?: RunStart;
  readonly killed: boolean;
  readonly reason: string;
}

function runChild(o: IsolatedOptions, skip: readonly string[]): Promise<ChildOutcome> {
  const limitMs = o.timeLimitMs * 2 + (o.graceMs ?? 5_000);
  const execArgv = FROM_SOURCE ? ['--conditions=@sparsekit/source', '--import', import.meta.resolve('tsx')] : [];
  const child: ChildProcess = fork(CHILD, [], { execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  const finished: string[] = [];
  let current: RunStart | undefined;
  let ended = false;
  let killed = false;
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-2000);
  });
  const onAbort = (): void => {
    child.send({ type: 'abort' });
  };
  o.signal?.addEventListener('abort', onAbort);
  child.on('message', (m: ChildMessage) => {
    if (m.type === 'begin') {
      current = m.run;
      clearTimeout(timer);
      timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, limitMs);
    } else if (m.type === 'record') {
      if (m.record.type === 'run') {
        finished.push(runId(m.record));
        current = undefined;
        clearTimeout(timer);
      }
      o.sink(m.record);
    } else if (m.type === 'progress') o.onProgress?.(m.event);
    else ended = true;
  });
  const request: ChildRequest = {
    type: 'run',
    module: o.module,
    size: o.size,
    backend: o.backend,
    seed: o.seed,
    repetitions: o.repetitions,
    timeLimitMs: o.timeLimitMs,
    include: o.include,
    skip,
  };
  child.send(request);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      const reason = killed
        ? `killed after ${limitMs / 1000} s: the solver neither returned nor stopped at the time limit`
        : `exit ${code ?? signal}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
      resolve({ ended, finished, current, killed, reason });
    });
  });
}

function killedRecord(run: RunStart, reason: string, killed: boolean): RunRecord {
  return { ...run, status: killed ? 'timeout' : 'error', message: reason, points: [], timeMs: 0, peakBytes: 0, leakedTensors: 0 };
}
