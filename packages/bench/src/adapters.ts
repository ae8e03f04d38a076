/**
 * Helpers that turn common solver shapes into bench adapters: solvers that can only be run to
 * a fixed budget (restarted with growing budgets, benchopt-style) and implementations timed
 * call by call (throughput benchmarks).
 */
import * as tf from '@tensorflow/tfjs';
import { requirePositive, requireInteger, SparsekitError } from '@sparsekit/tensor';
import type { BenchSolver, Curves, SolverContext } from './types.js';

/** What one budgeted run returns. */
export interface BudgetResult {
  /** Final iterate; the problem evaluates it. Tensors are disposed after evaluation. */
  readonly x?: unknown;
  readonly objective?: number;
  readonly certificate?: number;
  /** Iterations actually done (default: the budget). */
  readonly iterations?: number;
  /** The solver met its own stopping rule: larger budgets would change nothing. */
  readonly converged?: boolean;
}

export interface BudgetSolverOptions<S> extends Omit<BenchSolver<S>, 'run'> {
  /** Budgets to run with; default 1, 2, 4, 8, ... up to `maxBudget`. */
  readonly budgets?: readonly number[];
  /** Default 2^20. */
  readonly maxBudget?: number;
  runWithBudget(spec: S, budget: number, ctx: SolverContext): BudgetResult | Promise<BudgetResult>;
}

/**
 * A solver adapter that restarts the solver from scratch with growing budgets and records each
 * run's own duration, so the curve's times are honest even for solvers without callbacks.
 *
 * @example
 * ```ts
 * import { budgetSolver } from '@sparsekit/bench';
 * const halving = budgetSolver({
 *   name: 'halving',
 *   runWithBudget: (start: number, budget) => ({ x: start / 2 ** budget, iterations: budget }),
 * });
 * halving.name; // => 'halving'
 * ```
 */
export function budgetSolver<S>(options: BudgetSolverOptions<S>): BenchSolver<S> {
  const { budgets, maxBudget = 2 ** 20, runWithBudget, ...rest } = options;
  requirePositive('options.maxBudget', maxBudget);
  const list = budgets ?? Array.from({ length: Math.floor(Math.log2(maxBudget)) + 1 }, (_, k) => 2 ** k);
  if (list.length === 0) throw new SparsekitError({ argument: 'options.budgets', value: list, expected: 'a non-empty array' });
  list.forEach((b, i) => requirePositive(`options.budgets[${i}]`, b));
  return {
    ...rest,
    run: async (spec, ctx) => {
      for (const budget of list) {
        if (budget > maxBudget) break;
        const t0 = ctx.clock.now();
        const result = await runWithBudget(spec, budget, ctx);
        const timeMs = ctx.clock.now() - t0;
        const verdict = ctx.report({
          iteration: result.iterations ?? budget,
          timeMs,
          x: result.x,
          objective: result.objective,
          certificate: result.certificate,
        });
        tf.dispose(result.x as tf.TensorContainer);
        if (verdict === 'stop' || result.converged) return;
      }
    },
  };
}

/** What a timed call may return besides nothing: an objective, named metrics and named curves of the sample. */
export interface TimedValue {
  readonly objective?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly curves?: Curves;
}

/**
 * A prepared call: synchronous work must be complete (e.g. `dataSync()`) when it returns. A number
 * is the sample's objective.
 */
export type TimedCall = () => number | void | TimedValue | Promise<number | void | TimedValue>;

export interface TimingSolverOptions<S> extends Omit<BenchSolver<S>, 'run'> {
  /** Timed samples per run; default 5. */
  readonly samples?: number;
  /** Untimed warm-up calls; default 1. */
  readonly warmup?: number;
  /** Allocates inputs and returns the call to time plus an optional clean-up. */
  prepare(spec: S, ctx: SolverContext): { call: TimedCall; dispose?: () => void } | Promise<{ call: TimedCall; dispose?: () => void }>;
}

/**
 * A timing adapter: warms up, then reports each call's duration as one sample. A number
 * returned by the call is kept as the sample's check value (e.g. a checksum of the output).
 *
 * @example
 * ```ts
 * import { timingSolver } from '@sparsekit/bench';
 * const sum = timingSolver({
 *   name: 'js-sum',
 *   prepare: (n: number) => ({ call: () => { let s = 0; for (let i = 0; i < n; i++) s += i; return s; } }),
 * });
 * sum.name; // => 'js-sum'
 * ```
 */
export function timingSolver<S>(options: TimingSolverOptions<S>): BenchSolver<S> {
  const { samples = 5, warmup = 1, prepare, ...rest } = options;
  requireInteger('options.samples', samples);
  requirePositive('options.samples', samples);
  requireInteger('options.warmup', warmup);
  return {
    ...rest,
    run: async (spec, ctx) => {
      const prepared = await prepare(spec, ctx);
      try {
        for (let i = 0; i < warmup; i++) await prepared.call();
        for (let i = 0; i < samples; i++) {
          const t0 = ctx.clock.now();
          const value = await prepared.call();
          const timeMs = ctx.clock.now() - t0;
          const point = typeof value === 'number' ? { objective: value } : typeof value === 'object' ? value : {};
          if (ctx.report({ iteration: i + 1, timeMs, ...point }) === 'stop') return;
        }
      } finally {
        prepared.dispose?.();
      }
    },
  };
}
