/**
 * From raw records to summaries: group references, relative suboptimality, time-to-tolerance
 * (median and range over repetitions), timing medians, throughput and ratios to the in-run
 * baselines. Used by the console summary and the HTML report alike.
 */
import { labelWithParams } from './internal/grid.js';
import { spread, type Spread } from './internal/stats.js';
import { groupId, type FailureRecord, type GroupKey, type ResultRecord, type RunRecord, type RunStatus } from './records.js';
import type { MetricPlot, Params, ProblemKind, Work } from './types.js';

/** Time (ms) and iterations to reach one tolerance, over repetitions (Infinity: not reached). */
export interface ToleranceSummary {
  readonly tol: number;
  readonly timeMs: Spread;
  readonly iterations: Spread;
  readonly reached: number;
}

/** A solver's time relative to a baseline's: below 1 means faster than the baseline. */
export interface Ratio {
  readonly baseline: string;
  /** Tolerance the ratio is taken at (convergence problems). */
  readonly tol?: number;
  /** Median over median: the solver's median time divided by the baseline's. */
  readonly ratio?: number;
  /**
   * The ratio's range over repetitions: [fastest of mine / slowest of theirs, slowest of mine /
   * fastest of theirs]; equal to `[ratio, ratio]` when every repetition agrees.
   */
  readonly range?: readonly [number, number];
  /** Why there is no ratio ("baseline not available: ...", "not reached"). */
  readonly note?: string;
}

export interface SolverSummary {
  readonly label: string;
  readonly solver: string;
  readonly solverParams: Params;
  readonly baseline: boolean;
  readonly runs: number;
  readonly statuses: Partial<Record<RunStatus, number>>;
  /** First message among the runs (errors, unavailability). */
  readonly message?: string;
  readonly timeToTol: readonly ToleranceSummary[];
  /** Relative suboptimality of the last iterate, over repetitions. */
  readonly finalSuboptimality?: Spread;
  /** Timing problems: every timed sample of every repetition (each sample is one timed call). */
  readonly sampleMs?: Spread;
  /** `work.amount / seconds` at the median sample time, in `<unit>/s`. */
  readonly throughput?: number;
  /** Peak tensor memory over the runs; NaN when not measured (external peers, unavailable). */
  readonly peakBytes: number;
  /** Reported metrics over every point of every measured run, by name. */
  readonly metrics?: Readonly<Record<string, Spread>>;
  readonly ratios: readonly Ratio[];
  readonly records: readonly RunRecord[];
}

export interface GroupSummary extends GroupKey {
  readonly id: string;
  readonly kind: ProblemKind;
  readonly tolerances: readonly number[];
  readonly reference?: number;
  readonly work?: Work;
  readonly plots?: readonly MetricPlot[];
  readonly solvers: readonly SolverSummary[];
}

export interface Analysis {
  readonly groups: readonly GroupSummary[];
  readonly failures: readonly FailureRecord[];
}

/**
 * Relative suboptimality (f − f*) / max(|f*|, 1e-12).
 *
 * @example
 * ```ts
 * import { relativeSuboptimality } from '@sparsekit/bench';
 * relativeSuboptimality(1.001, 1); // ≈ 1e-3
 * ```
 */
export function relativeSuboptimality(objective: number, reference: number): number {
  return (objective - reference) / Math.max(Math.abs(reference), 1e-12);
}

/**
 * Summarises results records (in file order).
 *
 * @example
 * ```ts
 * import { analyze } from '@sparsekit/bench';
 * analyze([]).groups.length; // => 0
 * ```
 */
export function analyze(records: readonly ResultRecord[]): Analysis {
  const runs = new Map<string, RunRecord[]>();
  const references = new Map<string, number>();
  const failures: FailureRecord[] = [];
  for (const r of records) {
    if (r.type === 'failure') failures.push(r);
    else if (r.type === 'reference') references.set(groupId(r), Math.min(references.get(groupId(r)) ?? Infinity, r.value));
    else runs.set(groupId(r), [...(runs.get(groupId(r)) ?? []), r]);
  }
  const groups = [...runs.entries()].map(([id, rows]) => summarizeGroup(id, rows, references.get(id)));
  return { groups, failures };
}

function summarizeGroup(id: string, rows: RunRecord[], recorded: number | undefined): GroupSummary {
  const first = rows[0];
  const kind = first.kind;
  // The reference is the best of the recorded one and every objective seen (interrupted runs
  // have no reference record yet).
  let reference = recorded ?? Infinity;
  for (const r of rows) for (const p of r.points) if (p.objective !== undefined) reference = Math.min(reference, p.objective);
  const ref = kind === 'convergence' && Number.isFinite(reference) ? reference : undefined;
  const bySolver = new Map<string, RunRecord[]>();
  for (const r of rows) {
    const label = labelWithParams(r.solver, r.solverParams);
    bySolver.set(label, [...(bySolver.get(label) ?? []), r]);
  }
  const partial = [...bySolver.entries()].map(([label, rs]) => summarizeSolver(label, rs, first.tolerances, ref));
  const solvers = partial.map((s) => ({ ...s, ratios: ratiosFor(s, partial, kind) }));
  return {
    id,
    kind,
    tolerances: first.tolerances,
    plugin: first.plugin,
    dataset: first.dataset,
    datasetParams: first.datasetParams,
    problem: first.problem,
    problemParams: first.problemParams,
    ...(ref !== undefined ? { reference: ref } : {}),
    ...(first.work ? { work: first.work } : {}),
    ...(first.plots?.length ? { plots: first.plots } : {}),
    solvers,
  };
}

function summarizeSolver(
  label: string,
  rs: RunRecord[],
  tolerances: readonly number[],
  ref: number | undefined,
): Omit<SolverSummary, 'ratios'> {
  const statuses: Partial<Record<RunStatus, number>> = {};
  for (const r of rs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const measured = rs.filter((r) => r.status !== 'unavailable' && r.points.length > 0);
  const base = {
    label,
    solver: rs[0].solver,
    solverParams: rs[0].solverParams,
    baseline: rs.some((r) => r.baseline),
    runs: rs.length,
    statuses,
    ...(rs.find((r) => r.message) ? { message: rs.find((r) => r.message)!.message } : {}),
    peakBytes: peakBytesOf(rs),
    ...metricsOf(measured),
    records: rs,
  };
  if (rs[0].kind === 'timing') {
    const sampleMs = spread(measured.flatMap((r) => r.points.map((p) => p.timeMs)));
    const work = rs[0].work;
    const throughput = work && sampleMs.n > 0 && sampleMs.median > 0 ? work.amount / (sampleMs.median / 1000) : undefined;
    return { ...base, timeToTol: [], ...(sampleMs.n ? { sampleMs } : {}), ...(throughput !== undefined ? { throughput } : {}) };
  }
  if (ref === undefined || measured.length === 0) return { ...base, timeToTol: [] };
  const timeToTol = tolerances.map((tol) => toleranceSummary(measured, tol, ref));
  const finals = measured.map((r) => relativeSuboptimality(r.points[r.points.length - 1].objective!, ref));
  return { ...base, timeToTol, finalSuboptimality: spread(finals) };
}

/** Spreads of each reported metric over all points; nothing when no point has metrics. */
function metricsOf(rs: readonly RunRecord[]): { metrics?: Record<string, Spread> } {
  const values = new Map<string, number[]>();
  for (const r of rs)
    for (const p of r.points) for (const [k, v] of Object.entries(p.metrics ?? {})) values.set(k, [...(values.get(k) ?? []), v]);
  if (values.size === 0) return {};
  return { metrics: Object.fromEntries([...values].map(([k, v]) => [k, spread(v)])) };
}

/** NaN ("—" in tables) when no run measured tensor memory: external peers, unavailable solvers. */
function peakBytesOf(rs: readonly RunRecord[]): number {
  const measured = rs.filter((r) => r.external !== true && r.status !== 'unavailable');
  return measured.length ? Math.max(0, ...measured.map((r) => r.peakBytes)) : Number.NaN;
}

function toleranceSummary(rs: RunRecord[], tol: number, ref: number): ToleranceSummary {
  const hits = rs.map((r) => r.points.find((p) => relativeSuboptimality(p.objective!, ref) <= tol));
  return {
    tol,
    timeMs: spread(hits.map((p) => p?.timeMs ?? Infinity)),
    iterations: spread(hits.map((p) => p?.iteration ?? Infinity)),
    reached: hits.filter((p) => p !== undefined).length,
  };
}

function ratiosFor(s: Omit<SolverSummary, 'ratios'>, all: Omit<SolverSummary, 'ratios'>[], kind: ProblemKind): Ratio[] {
  const out: Ratio[] = [];
  for (const b of all.filter((x) => x.baseline && x.label !== s.label)) {
    const unavailable = b.statuses.unavailable === b.runs ? (b.message ?? 'baseline not available') : undefined;
    if (kind === 'timing') {
      out.push(ratioOf(b.label, s.sampleMs, b.sampleMs, unavailable));
      continue;
    }
    for (const t of s.timeToTol.length ? s.timeToTol : b.timeToTol) {
      const mine = s.timeToTol.find((x) => x.tol === t.tol)?.timeMs;
      const theirs = b.timeToTol.find((x) => x.tol === t.tol)?.timeMs;
      out.push({ ...ratioOf(b.label, mine, theirs, unavailable), tol: t.tol });
    }
    if (!s.timeToTol.length && !b.timeToTol.length) out.push(ratioOf(b.label, undefined, undefined, unavailable));
  }
  return out;
}

function ratioOf(baseline: string, mine: Spread | undefined, theirs: Spread | undefined, unavailable: string | undefined): Ratio {
  if (unavailable) return { baseline, note: unavailable };
  if (mine === undefined || !Number.isFinite(mine.median)) return { baseline, note: 'not reached' };
  if (theirs === undefined || !Number.isFinite(theirs.median)) return { baseline, note: 'baseline did not reach it' };
  if (theirs.median <= 0 || theirs.min <= 0) return { baseline, note: 'baseline time is zero' };
  // Repetitions that did not reach the tolerance (Infinity) leave the range open-ended.
  return { baseline, ratio: mine.median / theirs.median, range: [mine.min / theirs.max, mine.max / theirs.min] };
}
