/**
 * The records of a results file (`results.jsonl`, one JSON object per line). Rows hold raw
 * objectives; suboptimality is derived at analysis time against the group's final reference,
 * so an interrupted run can still be analysed from whatever rows it finished.
 */
import { labelWithParams } from './internal/grid.js';
import type { Curves, MetricPlot, Metrics, Params, ProblemKind, Work } from './types.js';

/** One point of a convergence curve (or one timing sample). */
export interface CurvePoint {
  readonly timeMs: number;
  readonly iteration: number;
  /** Always present for convergence problems; for timing samples only if the code reported one. */
  readonly objective?: number;
  readonly certificate?: number;
  readonly metrics?: Metrics;
  /** Named curves (`{ x, y, marked?, note?, xTitle?, yTitle?, logY? }`), finite pairs only. */
  readonly curves?: Curves;
}

/** How a run ended. */
export type RunStatus =
  | 'done' // the solver returned on its own
  | 'target' // stopped by the runner: a known reference was reached to the finest tolerance
  | 'timeout' // stopped (or abandoned) at the per-run time limit
  | 'error' // the solver threw; `message` says what
  | 'unavailable'; // the solver cannot run here (e.g. a Python baseline without numpy)

/** Identifies a (plugin, dataset point, problem point) group: rows in a group share a reference. */
export interface GroupKey {
  readonly plugin: string;
  readonly dataset: string;
  readonly datasetParams: Params;
  readonly problem: string;
  readonly problemParams: Params;
}

/** One solver run. */
export interface RunRecord extends GroupKey {
  readonly type: 'run';
  readonly kind: ProblemKind;
  readonly tolerances: readonly number[];
  readonly solver: string;
  readonly solverParams: Params;
  readonly baseline: boolean;
  readonly repetition: number;
  readonly seed: number;
  readonly status: RunStatus;
  readonly message?: string;
  readonly points: readonly CurvePoint[];
  /** Solver time of the whole run (evaluations by the runner excluded). */
  readonly timeMs: number;
  /** Peak of `tf.memory().numBytes` above the run's starting level, sampled at every report. */
  readonly peakBytes: number;
  /** The solver runs outside tfjs (`peakBytes` says nothing about its memory). */
  readonly external?: boolean;
  /** Tensors alive after the run that were not before (a leak unless the solver caches). */
  readonly leakedTensors: number;
  readonly work?: Work;
  /** The problem's metric plots. */
  readonly plots?: readonly MetricPlot[];
}

/** The reference optimum of a group, written when the group finishes. */
export interface ReferenceRecord extends GroupKey {
  readonly type: 'reference';
  readonly value: number;
  readonly source: 'reference-run' | 'best-seen';
}

/** A plugin, dataset, problem or reference run that failed; the run went on without it. */
export interface FailureRecord {
  readonly type: 'failure';
  readonly stage: 'plugin' | 'dataset' | 'problem' | 'reference';
  readonly plugin: string;
  readonly name: string;
  readonly message: string;
}

/** Any line of `results.jsonl`. */
export type ResultRecord = RunRecord | ReferenceRecord | FailureRecord;

/**
 * Stable id of one run: its group, solver with parameters and repetition.
 *
 * @example
 * ```ts
 * import { runId } from '@sparsekit/bench';
 * runId({ plugin: 'p', dataset: 'd', datasetParams: {}, problem: 'q', problemParams: {}, solver: 's', solverParams: {}, repetition: 1 }); // 'p/d/q/s#1'
 * ```
 */
export function runId(run: GroupKey & { readonly solver: string; readonly solverParams: Params; readonly repetition: number }): string {
  return `${groupId(run)}/${labelWithParams(run.solver, run.solverParams)}#${run.repetition}`;
}

/**
 * Stable string id of a group (used to join rows and references).
 *
 * @example
 * ```ts
 * import { groupId } from '@sparsekit/bench';
 * groupId({ plugin: 'p', dataset: 'd', datasetParams: { n: 2 }, problem: 'q', problemParams: {} }); // => 'p/d[n=2]/q'
 * ```
 */
export function groupId(key: GroupKey): string {
  return `${key.plugin}/${labelWithParams(key.dataset, key.datasetParams)}/${labelWithParams(key.problem, key.problemParams)}`;
}
