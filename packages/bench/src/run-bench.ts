/**
 * The runner: executes a plan over plugins, one record at a time. Every finished run is handed
 * to `sink` immediately (the CLI appends it to results.jsonl), so an interrupted run keeps what
 * it finished. Anything a plugin throws is recorded and the run goes on.
 */
import * as tf from '@tensorflow/tfjs';
import { requireInteger, requireNonNegative, requirePositive } from '@sparsekit/tensor';
import { systemClock, type Clock } from './clock.js';
import { countRuns, planRuns, type DatasetPlan, type ProblemPlan, type RunFilter } from './internal/plan.js';
import { errorMessage, runSolver, type MemorySample } from './internal/run-solver.js';
import { labelWithParams } from './internal/grid.js';
import { groupId, runId, type GroupKey, type ResultRecord, type RunRecord } from './records.js';
import type { BenchPlugin, BenchSolver, MetricPlot, Params, ProblemInstance, ProblemKind } from './types.js';

/**
 * Default relative-suboptimality tolerances for time-to-tolerance.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOLERANCES } from '@sparsekit/bench';
 * DEFAULT_TOLERANCES; // => [0.01, 0.0001]
 * ```
 */
export const DEFAULT_TOLERANCES: readonly number[] = [1e-2, 1e-4];

/** Progress notifications (the CLI drives its progress bar with them). */
export type ProgressEvent =
  | { readonly type: 'start'; readonly total: number }
  | { readonly type: 'run'; readonly done: number; readonly total: number; readonly label: string; readonly status: string };

export interface RunBenchOptions {
  /** Seed of datasets and problems; solver runs get `seed + repetition`. Default 0. */
  readonly seed?: number;
  /** Repetitions of every (solver, parameters) pair. Default 1. */
  readonly repetitions?: number;
  /** Per-run limit on solver time in ms. Default 60,000. */
  readonly timeLimitMs?: number;
  /** Keeps the runs whose `plugin/dataset/problem/solver` label passes. */
  readonly filter?: RunFilter;
  readonly clock?: Clock;
  /** Live tensor memory; default `tf.memory()`. */
  readonly memory?: () => MemorySample;
  /** Receives every record as soon as it exists. */
  readonly sink?: (record: ResultRecord) => void;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting skips the runs not yet started; finished runs are kept (Ctrl-C in the CLI). */
  readonly signal?: AbortSignal;
  /**
   * Real-time grace after which an asynchronous solver that ignores the time limit is
   * abandoned: `timeLimitMs × 2 + graceMs`. Default 5,000; `Infinity` disables the guard.
   */
  readonly graceMs?: number;
  /** Called (and awaited) when a run starts, with its record minus the outcome (isolated plugins use it). */
  readonly onRunStart?: (run: RunStart) => void | Promise<void>;
  /** Runs whose `runId` this returns true for are skipped silently (a restarted isolated plugin). */
  readonly skipRun?: (id: string) => boolean;
}

/** A run record before its outcome: what `onRunStart` receives. */
export type RunStart = Omit<RunRecord, 'status' | 'message' | 'points' | 'timeMs' | 'peakBytes' | 'leakedTensors'>;

interface Runner {
  readonly o: Required<Omit<RunBenchOptions, 'filter' | 'sink' | 'onProgress' | 'signal' | 'onRunStart' | 'skipRun'>>;
  readonly start: (run: RunStart) => Promise<boolean>;
  readonly aborted: () => boolean;
  readonly emit: (record: ResultRecord) => void;
  readonly tick: (label: string, status: string) => void;
  readonly availability: Map<BenchSolver, Promise<true | string>>;
}

/**
 * Runs every compatible dataset × problem × solver combination of `plugins` and returns all
 * records (also streamed to `options.sink`).
 *
 * @example
 * ```ts
 * import { definePlugin, runBench } from '@sparsekit/bench';
 * const plugin = definePlugin({
 *   name: 'toy',
 *   datasets: [{ name: 'c', load: () => 2 }],
 *   problems: [{ name: 'sq', create: (c: number) => ({ spec: c, evaluate: (x) => ((x as number) - c) ** 2 }) }],
 *   solvers: [{ name: 'exact', run: (c: number, ctx) => { ctx.report({ iteration: 1, x: c }); } }],
 * });
 * const records = await runBench([plugin], { timeLimitMs: 1000 });
 * records.filter((r) => r.type === 'run').length; // => 1
 * ```
 */
export async function runBench(plugins: readonly BenchPlugin[], options: RunBenchOptions = {}): Promise<ResultRecord[]> {
  const o = resolveOptions(options);
  const plan = planRuns(plugins, o.repetitions, options.filter);
  const total = countRuns(plan);
  const records: ResultRecord[] = [];
  let done = 0;
  const runner: Runner = {
    o,
    emit: (record) => {
      records.push(record);
      options.sink?.(record);
    },
    tick: (label, status) => options.onProgress?.({ type: 'run', done: ++done, total, label, status }),
    availability: new Map(),
    aborted: () => options.signal?.aborted === true,
    start: async (run) => {
      if (options.skipRun?.(runId(run))) return false;
      await options.onRunStart?.(run);
      return true;
    },
  };
  options.onProgress?.({ type: 'start', total });
  for (const datasetPlan of plan) {
    if (runner.aborted()) break;
    await runDataset(runner, datasetPlan);
  }
  return records;
}

function resolveOptions(options: RunBenchOptions): Runner['o'] {
  const o = {
    seed: options.seed ?? 0,
    repetitions: options.repetitions ?? 1,
    timeLimitMs: options.timeLimitMs ?? 60_000,
    clock: options.clock ?? systemClock,
    memory: options.memory ?? (() => tf.memory()),
    graceMs: options.graceMs ?? 5_000,
  };
  requireInteger('options.seed', o.seed);
  requireInteger('options.repetitions', o.repetitions);
  requirePositive('options.repetitions', o.repetitions);
  requirePositive('options.timeLimitMs', o.timeLimitMs);
  requireNonNegative('options.graceMs', o.graceMs);
  return o;
}

async function runDataset(runner: Runner, plan: DatasetPlan): Promise<void> {
  const { plugin, dataset } = plan;
  let data: unknown;
  try {
    data = await dataset.load(plan.params, { seed: runner.o.seed });
  } catch (cause) {
    runner.emit({ type: 'failure', stage: 'dataset', plugin: plugin.name, name: dataset.name, message: errorMessage(cause) });
    for (const p of plan.problems) p.runs.forEach(() => runner.tick(`${plugin.name}/${dataset.name}`, 'failed'));
    return;
  }
  try {
    for (const problemPlan of plan.problems) {
      if (runner.aborted()) break;
      await runProblem(runner, plan, problemPlan, data);
    }
  } finally {
    try {
      dataset.dispose?.(data);
    } catch (cause) {
      runner.emit({
        type: 'failure',
        stage: 'dataset',
        plugin: plugin.name,
        name: dataset.name,
        message: `dispose: ${errorMessage(cause)}`,
      });
    }
  }
}

async function runProblem(runner: Runner, d: DatasetPlan, p: ProblemPlan, data: unknown): Promise<void> {
  const key: GroupKey = {
    plugin: d.plugin.name,
    dataset: d.dataset.name,
    datasetParams: d.params,
    problem: p.problem.name,
    problemParams: p.params,
  };
  const label = groupId(key);
  let instance: Awaited<ReturnType<typeof p.problem.create>>;
  try {
    instance = await p.problem.create(data, p.params, { seed: runner.o.seed });
  } catch (cause) {
    runner.emit({ type: 'failure', stage: 'problem', plugin: key.plugin, name: p.problem.name, message: errorMessage(cause) });
    p.runs.forEach(() => runner.tick(label, 'failed'));
    return;
  }
  try {
    await runGroup(runner, key, p, instance, label);
  } finally {
    try {
      instance.dispose?.();
    } catch (cause) {
      runner.emit({
        type: 'failure',
        stage: 'problem',
        plugin: key.plugin,
        name: p.problem.name,
        message: `dispose: ${errorMessage(cause)}`,
      });
    }
  }
}

async function runGroup(runner: Runner, key: GroupKey, p: ProblemPlan, instance: ProblemInstance, label: string): Promise<void> {
  const kind = p.problem.kind ?? 'convergence';
  const tolerances = p.problem.tolerances ?? DEFAULT_TOLERANCES;
  const reference = kind === 'convergence' ? await referenceValue(runner, key, instance) : undefined;
  const finest = Math.min(...tolerances);
  // With a reference known up front, runs stop once they are well inside the finest tolerance.
  const target = reference === undefined ? undefined : reference + Math.max(Math.abs(reference), 1e-12) * finest * 0.1;
  let best = reference ?? Infinity;
  for (const run of p.runs) {
    if (runner.aborted()) break;
    const record = await runOne(runner, key, { ...run, kind, tolerances, target, instance, plots: p.problem.plots });
    if (record === undefined) continue;
    for (const point of record.points) if (point.objective !== undefined) best = Math.min(best, point.objective);
    runner.emit(record);
    runner.tick(`${label}/${labelWithParams(run.solver.name, run.params)}`, record.status);
  }
  if (kind === 'convergence' && Number.isFinite(best)) {
    const source = reference !== undefined && best >= reference ? 'reference-run' : 'best-seen';
    runner.emit({ type: 'reference', ...key, value: best, source });
  }
}

async function referenceValue(runner: Runner, key: GroupKey, instance: ProblemInstance): Promise<number | undefined> {
  if (!instance.reference) return undefined;
  try {
    const value = await instance.reference();
    if (!Number.isFinite(value)) throw new Error(`reference run returned ${value}`);
    return value;
  } catch (cause) {
    runner.emit({ type: 'failure', stage: 'reference', plugin: key.plugin, name: key.problem, message: errorMessage(cause) });
    return undefined;
  }
}

interface OneRun {
  readonly solver: BenchSolver;
  readonly params: Params;
  readonly repetition: number;
  readonly kind: ProblemKind;
  readonly tolerances: readonly number[];
  readonly target?: number;
  readonly instance: ProblemInstance;
  readonly plots?: readonly MetricPlot[];
}

async function runOne(runner: Runner, key: GroupKey, run: OneRun): Promise<RunRecord | undefined> {
  const seed = runner.o.seed + run.repetition;
  const base = {
    type: 'run' as const,
    ...key,
    kind: run.kind,
    tolerances: run.tolerances,
    solver: run.solver.name,
    solverParams: run.params,
    baseline: run.solver.baseline === true,
    repetition: run.repetition,
    seed,
    ...(run.solver.external === true ? { external: true } : {}),
    ...(run.instance.work ? { work: run.instance.work } : {}),
    ...(run.plots?.length ? { plots: run.plots } : {}),
  };
  if (!(await runner.start(base))) return undefined;
  const available = await isAvailable(runner, run.solver);
  if (available !== true) {
    return { ...base, status: 'unavailable', message: available, points: [], timeMs: 0, peakBytes: 0, leakedTensors: 0 };
  }
  const { o } = runner;
  const outcome = await runSolver({
    instance: run.instance,
    kind: run.kind,
    solver: run.solver,
    params: run.params,
    seed,
    timeLimitMs: o.timeLimitMs,
    clock: o.clock,
    memory: o.memory,
    target: run.target,
    abandonAfterMs: Number.isFinite(o.graceMs) ? o.timeLimitMs * 2 + o.graceMs : undefined,
  });
  return { ...base, ...outcome };
}

function isAvailable(runner: Runner, solver: BenchSolver): Promise<true | string> {
  let cached = runner.availability.get(solver);
  if (!cached) {
    cached = Promise.resolve()
      .then(() => (solver.available ? solver.available() : true))
      .then(
        (a) => (a === true ? true : String(a)),
        (cause) => `not available: ${errorMessage(cause)}`,
      );
    runner.availability.set(solver, cached);
  }
  return cached;
}
