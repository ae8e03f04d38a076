/**
 * `sparsekit-bench run`: validate options, select the backend, load suites and plugins, run
 * into a fresh results directory, then write the report and print the summary.
 */
import { hostname } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { backendInfo, useBackend } from '@sparsekit/tensor';
import { analyze } from '../analyze.js';
import { peerInfo } from '../baselines/python.js';
import type { BenchConfig } from '../config.js';
import { countRuns, patternFilter, planRuns } from '../internal/plan.js';
import { runIsolated } from '../isolation/run-isolated.js';
import type { ResultRecord } from '../records.js';
import { writeReport } from '../report/write-report.js';
import { appendRecord, RESULTS_FILE } from '../results/jsonl.js';
import { gitCommit, machineInfo, writeMetadata, type RunMetadata } from '../results/metadata.js';
import { createResultsDir } from '../results/results-dir.js';
import { runBench, type ProgressEvent } from '../run-bench.js';
import { suiteNames } from '../suites/index.js';
import { formatSummary } from '../summary.js';
import type { CliIo } from './io.js';
import { duplicateNames, loadSources, type LoadedSources } from './load-sources.js';
import { loadOptions } from './options.js';
import { createProgress } from './progress.js';

/** Exit codes: 0 done, 2 invalid input (nothing written), 130 interrupted (finished runs kept). */
export async function runCommand(flags: Readonly<Record<string, unknown>>, io: CliIo, argv: readonly string[]): Promise<number> {
  const options = loadOptions(flags, io.cwd, suiteNames());
  if (E.isLeft(options)) {
    io.err(
      `Invalid options (${options.left.length} problem${options.left.length > 1 ? 's' : ''}):\n${options.left.map((m) => `  - ${m}`).join('\n')}`,
    );
    return 2;
  }
  const { config, baseDir } = options.right;
  const backend = await useBackend(config.backend);
  if (E.isLeft(backend)) {
    io.err(backend.left.message);
    return 2;
  }
  const loaded = await loadSources(config, baseDir);
  const duplicates = duplicateNames(loaded);
  if (duplicates.length) {
    const list = duplicates.map((m) => `  - ${m}`).join('\n');
    io.err(`Invalid plugins (${duplicates.length} problem${duplicates.length > 1 ? 's' : ''}):\n${list}`);
    return 2;
  }
  const dir = createResultsDir(resolve(io.cwd, config.out));
  const metadata = startMetadata(config, argv);
  writeMetadata(dir, metadata);
  const records: ResultRecord[] = [];
  const sink = (record: ResultRecord): void => {
    appendRecord(join(dir, RESULTS_FILE), record);
    records.push(record);
  };
  [loaded.suites, ...loaded.modules].forEach((l) => l.failures.forEach(sink));
  io.err(`Results: ${shownPath(io.cwd, dir)} (backend ${backendInfo().name})`);
  const interrupted = await runWithInterrupt(config, loaded, sink, io);
  writeMetadata(dir, { ...metadata, status: interrupted ? 'interrupted' : 'complete', finishedAt: new Date().toISOString() });
  const report = await writeReport(dir);
  io.out(formatSummary(analyze(records)));
  io.out(`\nReport: ${shownPath(io.cwd, report.path)}`);
  if (interrupted) io.err('Interrupted: the report shows the runs that finished.');
  return interrupted ? 130 : 0;
}

async function runWithInterrupt(config: BenchConfig, loaded: LoadedSources, sink: (r: ResultRecord) => void, io: CliIo): Promise<boolean> {
  const controller = new AbortController();
  const progress = createProgress(io);
  const filter = patternFilter(config.include);
  const modules = loaded.modules.filter((m) => m.plugins.length > 0);
  const total = countRuns(planRuns([...loaded.suites.plugins, ...modules.flatMap((m) => m.plugins)], config.repetitions, filter));
  let done = 0;
  // One count over the suites (this process) and the plugin modules (child processes).
  const onProgress = (e: ProgressEvent): void => {
    if (e.type === 'run') progress.onProgress({ ...e, done: Math.min(++done, total), total });
  };
  let hits = 0;
  // First Ctrl-C: finish the current run, skip the rest, write the report. Second: leave now
  // (every finished row is already on disk).
  const onSigint = (): void => {
    hits++;
    if (hits > 1) process.exit(130);
    io.err('\nInterrupt: finishing the current run, then writing the report (Ctrl-C again to quit now).');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    progress.onProgress({ type: 'start', total });
    const common = {
      seed: config.seed,
      repetitions: config.repetitions,
      timeLimitMs: config.timeoutSeconds * 1000,
      signal: controller.signal,
    };
    await runBench(loaded.suites.plugins, { ...common, filter, sink, onProgress });
    for (const m of modules) {
      if (controller.signal.aborted) break;
      const where = { module: m.specifier, size: config.size, backend: config.backend, include: config.include };
      await runIsolated({ ...common, ...where, sink, onProgress });
    }
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  return controller.signal.aborted;
}

function startMetadata(config: BenchConfig, argv: readonly string[]): RunMetadata {
  const git = gitCommit();
  return {
    status: 'running',
    date: new Date().toISOString(),
    gitCommit: git.commit,
    gitDirty: git.dirty,
    backend: config.backend,
    backendInfo: backendInfo(),
    ...machineInfo(),
    seed: config.seed,
    suites: config.suites,
    size: config.size,
    timeoutSeconds: config.timeoutSeconds,
    repetitions: config.repetitions,
    plugins: config.plugins,
    argv,
    peers: peerInfo(),
    pid: process.pid,
    host: hostname(),
  };
}

/** Paths under the working directory are shown relative to it, others absolute. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
