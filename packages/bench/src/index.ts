// Public API of @sparsekit/bench; this file only re-exports.
export type {
  ParamValue,
  Params,
  ParamGrid,
  SuiteSize,
  DatasetContext,
  BenchDataset,
  ProblemKind,
  Work,
  ProblemInstance,
  BenchProblem,
  IteratePoint,
  SolverContext,
  BenchSolver,
  BenchPlugin,
  Metrics,
  Curve,
  Curves,
  MetricPlot,
} from './types.js';
export { systemClock, manualClock, type Clock, type ManualClock } from './clock.js';
export { definePlugin } from './define-plugin.js';
export {
  budgetSolver,
  timingSolver,
  type BudgetResult,
  type BudgetSolverOptions,
  type TimedCall,
  type TimedValue,
  type TimingSolverOptions,
} from './adapters.js';
export { runBench, DEFAULT_TOLERANCES, type RunBenchOptions, type ProgressEvent, type RunStart } from './run-bench.js';
export {
  groupId,
  runId,
  type CurvePoint,
  type RunStatus,
  type GroupKey,
  type RunRecord,
  type ReferenceRecord,
  type FailureRecord,
  type ResultRecord,
} from './records.js';
export {
  analyze,
  relativeSuboptimality,
  type Analysis,
  type GroupSummary,
  type SolverSummary,
  type ToleranceSummary,
  type Ratio,
} from './analyze.js';
export { formatSummary } from './summary.js';
export { validateConfig, resolveConfig, DEFAULT_CONFIG, type BenchConfig, type PartialConfig, type Validated } from './config.js';
export type { RunFilter } from './internal/plan.js';
export type { Spread } from './internal/stats.js';
export type { MemorySample } from './internal/run-solver.js';
export { loadPlugins, moduleSources, type PluginExport, type PluginSource, type LoadedPlugins } from './load-plugins.js';
export { createResultsDir, timestampName } from './results/results-dir.js';
export { appendRecord, readRecords, RESULTS_FILE, type ReadResult } from './results/jsonl.js';
export {
  writeMetadata,
  readMetadata,
  settleStaleMetadata,
  gitCommit,
  machineInfo,
  METADATA_FILE,
  type RunMetadata,
} from './results/metadata.js';
export { buildReport, writeReport, renderSvg, REPORT_FILE, type BuiltReport, type WrittenReport } from './report.js';
export type { PeerInfo } from './baselines/python.js';
