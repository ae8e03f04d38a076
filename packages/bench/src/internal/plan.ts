/**
 * Expands plugins into the nested plan the runner executes: dataset points → compatible
 * problem points → solver points × repetitions. Counting runs up front drives the progress bar.
 */
import type { BenchDataset, BenchPlugin, BenchProblem, BenchSolver, Params } from '../types.js';
import { expandGrid, labelWithParams } from './grid.js';

export interface RunPlan {
  readonly solver: BenchSolver;
  readonly params: Params;
  readonly repetition: number;
}

export interface ProblemPlan {
  readonly problem: BenchProblem;
  readonly params: Params;
  readonly runs: RunPlan[];
}

export interface DatasetPlan {
  readonly plugin: BenchPlugin;
  readonly dataset: BenchDataset;
  readonly params: Params;
  readonly problems: ProblemPlan[];
}

/** Selects runs by their `plugin/dataset/problem/solver` label (names with parameters). */
export type RunFilter = (label: string) => boolean;

/** Builds the plan; empty branches (no compatible solver, everything filtered) are dropped. */
export function planRuns(plugins: readonly BenchPlugin[], repetitions: number, filter: RunFilter = () => true): DatasetPlan[] {
  const plan: DatasetPlan[] = [];
  for (const plugin of plugins) {
    for (const dataset of plugin.datasets) {
      for (const params of expandGrid(dataset.params)) {
        const prefix = `${plugin.name}/${labelWithParams(dataset.name, params)}`;
        const problems = planProblems(plugin, dataset, prefix, repetitions, filter);
        if (problems.length) plan.push({ plugin, dataset, params, problems });
      }
    }
  }
  return plan;
}

function planProblems(plugin: BenchPlugin, dataset: BenchDataset, prefix: string, repetitions: number, filter: RunFilter): ProblemPlan[] {
  const out: ProblemPlan[] = [];
  for (const problem of plugin.problems) {
    if (problem.datasets && !problem.datasets.includes(dataset.name)) continue;
    for (const params of expandGrid(problem.params)) {
      const label = `${prefix}/${labelWithParams(problem.name, params)}`;
      const runs = plugin.solvers
        .filter((s) => !s.problems || s.problems.includes(problem.name))
        .flatMap((solver) => expandGrid(solver.params).map((p) => ({ solver, params: p })))
        .filter(({ solver, params: p }) => filter(`${label}/${labelWithParams(solver.name, p)}`))
        .map(({ solver, params: p }) => ({ solver, params: p }));
      if (runs.length) out.push({ problem, params, runs: interleave(runs, repetitions) });
    }
  }
  return out;
}

/**
 * Repetition-major order with a rotating start: repetition r runs every configuration once,
 * beginning with configuration r mod k. Running one configuration's repetitions back to back put
 * all of them in the same stretch of machine state (the first configuration after a dataset is
 * built ran measurably slower on a loaded machine, and load drifts over minutes); interleaving
 * spreads such effects over every configuration, and the rotation keeps any one of them from
 * always going first.
 */
function interleave(configs: readonly Omit<RunPlan, 'repetition'>[], repetitions: number): RunPlan[] {
  const runs: RunPlan[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (let i = 0; i < configs.length; i++) runs.push({ ...configs[(repetition + i) % configs.length], repetition });
  }
  return runs;
}

/** Number of solver runs in a plan. */
export function countRuns(plan: readonly DatasetPlan[]): number {
  return plan.reduce((n, d) => n + d.problems.reduce((m, p) => m + p.runs.length, 0), 0);
}

/**
 * A filter from wildcard patterns (`*` matches any run of characters) over run labels; a run
 * is kept when any pattern matches. No patterns keeps everything.
 */
export function patternFilter(patterns: readonly string[] | undefined): RunFilter {
  if (!patterns || patterns.length === 0) return () => true;
  const regexes = patterns.map((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`));
  return (label) => regexes.some((r) => r.test(label));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
