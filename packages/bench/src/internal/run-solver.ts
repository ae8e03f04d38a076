/**
 * Runs one solver adapter on one problem instance and turns its reports into a curve.
 * Objective evaluations done here are excluded from the solver's time, as in benchopt.
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { Clock } from '../clock.js';
import type { CurvePoint, RunStatus } from '../records.js';
import { cleanCurves } from './curves.js';
import type { BenchSolver, Curves, IteratePoint, Params, ProblemInstance, ProblemKind, SolverContext } from '../types.js';

/** Live tensor bytes and count, e.g. from `tf.memory()`. */
export interface MemorySample {
  readonly numBytes: number;
  readonly numTensors: number;
}

export interface RunSolverOptions {
  readonly instance: ProblemInstance;
  readonly kind: ProblemKind;
  readonly solver: BenchSolver;
  readonly params: Params;
  readonly seed: number;
  readonly timeLimitMs: number;
  readonly clock: Clock;
  readonly memory: () => MemorySample;
  /** Stop as soon as an objective ≤ target is reported (set when a reference is known). */
  readonly target?: number;
  /** Real-time guard for asynchronous solvers that never return; undefined disables it. */
  readonly abandonAfterMs?: number;
  /** Curves longer than this stop the run (protects the results file). */
  readonly maxPoints?: number;
}

export interface SolverOutcome {
  readonly status: RunStatus;
  readonly message?: string;
  readonly points: CurvePoint[];
  readonly timeMs: number;
  readonly peakBytes: number;
  readonly leakedTensors: number;
}

interface State {
  readonly points: CurvePoint[];
  excluded: number;
  peakBytes: number;
  stop?: { status: RunStatus; message?: string };
}

class Abandoned extends Error {}

/** Runs `solver` once; never throws (failures become the outcome's status and message). */
export async function runSolver(o: RunSolverOptions): Promise<SolverOutcome> {
  const mem0 = o.memory();
  const state: State = { points: [], excluded: 0, peakBytes: 0 };
  const start = o.clock.now();
  const elapsedMs = (): number => o.clock.now() - start - state.excluded;
  const ctx: SolverContext = {
    params: o.params,
    seed: o.seed,
    timeLimitMs: o.timeLimitMs,
    clock: o.clock,
    elapsedMs,
    ...(o.target !== undefined ? { target: o.target } : {}),
    report: (point) => onReport(o, state, point, elapsedMs, mem0),
  };
  let failure: { status: RunStatus; message: string } | undefined;
  try {
    await withGuard(
      Promise.resolve().then(() => o.solver.run(o.instance.spec, ctx)),
      o.abandonAfterMs,
    );
  } catch (cause) {
    failure =
      cause instanceof Abandoned
        ? { status: 'timeout', message: `abandoned: no return within ${o.abandonAfterMs} ms of real time` }
        : { status: 'error', message: errorMessage(cause) };
  }
  const timeMs = elapsedMs();
  const mem1 = o.memory();
  sampleMemory(state, mem1, mem0);
  const ended = failure ?? state.stop ?? endStatus(state, timeMs, o.timeLimitMs);
  return { ...ended, points: state.points, timeMs, peakBytes: state.peakBytes, leakedTensors: mem1.numTensors - mem0.numTensors };
}

function endStatus(state: State, timeMs: number, limit: number): { status: RunStatus; message?: string } {
  if (state.points.length === 0) return { status: 'error', message: 'the solver reported no iterate' };
  if (timeMs > limit) return { status: 'timeout', message: `returned after the ${limit} ms limit` };
  return { status: 'done' };
}

function onReport(o: RunSolverOptions, state: State, p: IteratePoint, elapsedMs: () => number, mem0: MemorySample): 'stop' | undefined {
  // A solver that ignores 'stop' keeps being told to stop; its later iterates are not recorded.
  if (state.stop) return 'stop';
  const timeMs = p.timeMs ?? elapsedMs();
  const objective = objectiveOf(o, state, p);
  sampleMemory(state, o.memory(), mem0);
  if (o.kind === 'convergence' && !Number.isFinite(objective)) {
    state.stop = { status: 'error', message: `non-finite objective ${objective} at iteration ${p.iteration}` };
    return 'stop';
  }
  state.points.push(pointOf(timeMs, p, objective));
  if (o.target !== undefined && objective !== undefined && objective <= o.target) state.stop = { status: 'target' };
  else if (elapsedMs() >= o.timeLimitMs) state.stop = { status: 'timeout', message: `stopped at the ${o.timeLimitMs} ms limit` };
  else if (state.points.length >= (o.maxPoints ?? 100_000)) state.stop = { status: 'done', message: 'stopped at the curve length limit' };
  return state.stop ? 'stop' : undefined;
}

function objectiveOf(o: RunSolverOptions, state: State, p: IteratePoint): number | undefined {
  if (p.objective !== undefined) return p.objective;
  if (p.x === undefined) {
    if (o.kind === 'timing') return undefined;
    throw new SparsekitError({ argument: 'report(point)', value: p, expected: 'a point with `objective` or `x`' });
  }
  if (!o.instance.evaluate) {
    throw new SparsekitError({
      argument: 'report(point).x',
      value: 'an iterate',
      expected: 'an objective, because this problem has no evaluate()',
    });
  }
  const t0 = o.clock.now();
  try {
    return o.instance.evaluate(p.x);
  } finally {
    state.excluded += o.clock.now() - t0;
  }
}

function pointOf(timeMs: number, p: IteratePoint, objective: number | undefined): CurvePoint {
  const point: {
    timeMs: number;
    iteration: number;
    objective?: number;
    certificate?: number;
    metrics?: Record<string, number>;
    curves?: Curves;
  } = {
    timeMs,
    iteration: p.iteration,
  };
  if (objective !== undefined) point.objective = objective;
  if (p.certificate !== undefined && Number.isFinite(p.certificate)) point.certificate = p.certificate;
  const metrics = Object.entries(p.metrics ?? {}).filter(([, v]) => Number.isFinite(v));
  if (metrics.length > 0) point.metrics = Object.fromEntries(metrics);
  const curves = cleanCurves(p.curves);
  if (curves) point.curves = curves;
  return point;
}

function sampleMemory(state: State, now: MemorySample, mem0: MemorySample): void {
  state.peakBytes = Math.max(state.peakBytes, now.numBytes - mem0.numBytes);
}

async function withGuard<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return work;
  // An abandoned solver may still reject later; that must not become an unhandled rejection.
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Abandoned()), ms);
  });
  try {
    return await Promise.race([work, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** First line of an error's message (stack traces do not belong in a results table). */
export function errorMessage(cause: unknown): string {
  const text = cause instanceof Error ? `${cause.name === 'Error' ? '' : `${cause.name}: `}${cause.message}` : String(cause);
  return text.split('\n')[0].slice(0, 500);
}
