/**
 * Deterministic fake solvers for the runner's tests: every solver advances a manual clock by a
 * known amount per iteration, so curves and times-to-tolerance are known exactly.
 * (Not a test file itself; imported by tests only, excluded from the build by name.)
 */
import { manualClock, type ManualClock } from '../clock.js';
import { budgetSolver } from '../adapters.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver } from '../types.js';

export interface Fixture {
  readonly clock: ManualClock;
  readonly plugin: BenchPlugin;
}

/** Objective 1 + 2^-k at iteration k, `stepMs` per iteration; evaluation of x costs 3 ms. */
export function geometricSolver(
  clock: ManualClock,
  name: string,
  stepMs: (seed: number) => number,
  iterations = 20,
  baseline = false,
): BenchSolver<{ fstar: number }> {
  return {
    name,
    baseline,
    run: (spec, ctx) => {
      for (let k = 1; k <= iterations; k++) {
        clock.advance(stepMs(ctx.seed));
        // Odd iterations report x (evaluated by the problem), even ones the objective.
        const value = spec.fstar + 2 ** -k;
        const verdict =
          k % 2 === 1 ? ctx.report({ iteration: k, x: value, certificate: 2 ** -k }) : ctx.report({ iteration: k, objective: value });
        if (verdict === 'stop') return;
      }
    },
  };
}

/** A plugin with one convergence problem (f* = 1, best seen) and the given solvers. */
export function fakePlugin(
  clock: ManualClock,
  solvers: BenchSolver[],
  options: { reference?: number; tolerances?: number[] } = {},
): BenchPlugin {
  return definePlugin({
    name: 'fake',
    datasets: [{ name: 'd', load: () => ({ fstar: 1 }) }],
    problems: [
      {
        name: 'p',
        tolerances: options.tolerances ?? [1e-1, 1e-3],
        create: (data: { fstar: number }) => ({
          spec: data,
          evaluate: (x: unknown) => {
            clock.advance(3); // expensive evaluation: must not count as solver time
            return x as number;
          },
          ...(options.reference !== undefined ? { reference: () => options.reference! } : {}),
        }),
      },
    ],
    solvers,
  });
}

/** A budget solver: budget b costs 2b ms and reaches 1 + 2^-b. */
export function budgetFake(clock: ManualClock): BenchSolver<{ fstar: number }> {
  return budgetSolver({
    name: 'budget',
    budgets: [1, 2, 4, 8, 16],
    runWithBudget: (spec: { fstar: number }, budget: number) => {
      clock.advance(2 * budget);
      return { objective: spec.fstar + 2 ** -budget, iterations: budget };
    },
  });
}

export function newClock(): ManualClock {
  return manualClock(1000);
}
