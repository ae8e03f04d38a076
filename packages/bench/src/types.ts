/**
 * The plugin contract of the bench: datasets, problems and solver adapters, in the spirit of
 * benchopt. A plugin bundles them; the runner crosses compatible datasets × problems × solvers
 * over their parameter grids and records one convergence curve (or timing sample set) per run.
 */
import type { Clock } from './clock.js';

/** A single value of a benchmark parameter (kept JSON-serialisable for the results file). */
export type ParamValue = string | number | boolean;

/** One point of a parameter grid. */
export type Params = Readonly<Record<string, ParamValue>>;

/** A parameter grid: every combination of the listed values is run. */
export type ParamGrid = Readonly<Record<string, readonly ParamValue[]>>;

/** Suite size: `quick` runs in seconds, `full` is the real benchmark. */
export type SuiteSize = 'quick' | 'full';

/** What a dataset loader receives. */
export interface DatasetContext {
  /** The run's seed: the same seed gives the same data. */
  readonly seed: number;
}

/** A named data source with an optional parameter grid (sizes, sparsity, ...). */
export interface BenchDataset<D = unknown> {
  readonly name: string;
  readonly params?: ParamGrid;
  load(params: Params, ctx: DatasetContext): D | Promise<D>;
  /** Frees what `load` allocated (tensors); called once the dataset's problems are done. */
  dispose?(data: D): void;
}

/**
 * `convergence`: solvers report iterates and the bench derives suboptimality curves and
 * time-to-tolerance. `timing`: each report is one timed sample of an implementation
 * (throughput benchmarks such as matmul or a projection).
 */
export type ProblemKind = 'convergence' | 'timing';

/** Work done by one call of a timing problem, for throughput (e.g. 2n³ flop as GFLOP). */
export interface Work {
  readonly amount: number;
  /** Unit of `amount`; throughput is reported in `<unit>/s`. */
  readonly unit: string;
}

/** A problem bound to one dataset and one parameter point. */
export interface ProblemInstance<S = unknown> {
  /** What solvers receive. */
  readonly spec: S;
  /** Objective of an iterate a solver reported as `x` (convergence problems). */
  evaluate?(x: unknown): number;
  /** A long reference run or a known optimum; the bench also uses the best value seen. */
  reference?(): number | Promise<number>;
  /** Throughput accounting for timing problems. */
  readonly work?: Work;
  dispose?(): void;
}

/** Named measurements of one iterate or timed sample (accuracy, density, peak bytes, ...). */
export type Metrics = Readonly<Record<string, number>>;

/**
 * A curve one run measured (an ROC curve, samples ordered by a score), drawn by the report as a
 * line chart per curve name with one line per solver. `x` and `y` have the same length; pairs
 * that are not finite are dropped when the point is recorded.
 */
export interface Curve {
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Points drawn as marks on the line (e.g. the planted outliers of a ranking); same length as `x`. */
  readonly marked?: readonly boolean[];
  /** Shown after the solver's name in the legend, e.g. `AUC 0.998`. */
  readonly note?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Log scale on y (default linear). */
  readonly logY?: boolean;
}

/** Named curves of one iterate or timed sample. */
export type Curves = Readonly<Record<string, Curve>>;

/**
 * A scatter plot of one reported metric against another, one point per solver configuration
 * (median over its samples and repetitions): an accuracy-vs-density curve, memory vs iterations.
 */
export interface MetricPlot {
  readonly x: string;
  readonly y: string;
  readonly title?: string;
  /** Log scale on x (default linear). */
  readonly logX?: boolean;
}

/** A problem family: builds instances from a dataset and a parameter point. */
export interface BenchProblem<D = any, S = any> {
  readonly name: string;
  /** Default 'convergence'. */
  readonly kind?: ProblemKind;
  /** Names of the datasets this problem accepts; all of the plugin's when omitted. */
  readonly datasets?: readonly string[];
  readonly params?: ParamGrid;
  /** Relative suboptimality levels for time-to-tolerance; default [1e-2, 1e-4]. */
  readonly tolerances?: readonly number[];
  /** Plots of reported metrics drawn in the report next to the summary. */
  readonly plots?: readonly MetricPlot[];
  create(data: D, params: Params, ctx: DatasetContext): ProblemInstance<S> | Promise<ProblemInstance<S>>;
}

/** One reported iterate. Give `objective` directly or `x` for the problem to evaluate. */
export interface IteratePoint {
  readonly iteration: number;
  readonly objective?: number;
  readonly x?: unknown;
  /** The solver's own stationarity measure (FW gap, gradient-mapping norm, ...). */
  readonly certificate?: number;
  /**
   * Elapsed solver time in ms when the solver measured it itself (external processes, growing
   * budgets); otherwise the runner timestamps the report with its clock.
   */
  readonly timeMs?: number;
  /**
   * Named quality measures at this iterate (test error, density, a Lagrange multiplier, ...): shown
   * in the report's metrics table and in the plots the problem declares; `error` is also plotted
   * against `density` (a Pareto front) and every other metric per iteration.
   */
  readonly metrics?: Metrics;
  /**
   * Named curves measured at this iterate (an ROC curve, a ranking): the report draws, for each
   * name, the last such curve of each solver's last run, one line per solver.
   */
  readonly curves?: Curves;
}

/** What a solver adapter receives besides the problem spec. */
export interface SolverContext {
  readonly params: Params;
  /** Seed for stochastic solvers; differs between repetitions. */
  readonly seed: number;
  readonly timeLimitMs: number;
  /**
   * The objective at which the runner will answer 'stop' (set when the problem has a reference):
   * solvers that run out of process (Python peers) can stop there themselves.
   */
  readonly target?: number;
  readonly clock: Clock;
  /** Records an iterate; 'stop' means the runner wants the solver to return now. */
  report(point: IteratePoint): 'stop' | undefined;
  /** Solver time so far (objective evaluations by the runner are excluded). */
  elapsedMs(): number;
}

/** A solver adapter: runs one solver on a problem spec and reports its iterates. */
export interface BenchSolver<S = any> {
  readonly name: string;
  /** Names of the problems this solver handles; all of the plugin's when omitted. */
  readonly problems?: readonly string[];
  readonly params?: ParamGrid;
  /** An in-run baseline: other solvers' times are reported as ratios to it. */
  readonly baseline?: boolean;
  /**
   * Runs outside tfjs (a Python peer, a native process): its tensor memory is not measured and
   * the report shows "—" instead of 0 B.
   */
  readonly external?: boolean;
  /** `true`, or the reason it cannot run here (e.g. "baseline not available: no numpy"). */
  available?(): true | string | Promise<true | string>;
  run(spec: S, ctx: SolverContext): void | Promise<void>;
}

/** A bench plugin: what `definePlugin` returns and what plugin packages export. */
export interface BenchPlugin {
  readonly name: string;
  readonly datasets: readonly BenchDataset<any>[];
  readonly problems: readonly BenchProblem<any, any>[];
  readonly solvers: readonly BenchSolver<any>[];
}
