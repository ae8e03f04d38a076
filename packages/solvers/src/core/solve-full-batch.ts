/**
 * The common entry of the full-batch solvers: lay out the iterate, build the counting evaluator,
 * run the iteration core, and start from a copy of x0 evaluated once (a non-finite start is a
 * Left). Each solver only turns the evaluated start into its {@link SolverKernel}; `prepare`
 * (which owns the copy it is given) may first move x0, e.g. into the constraint set.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as tf from '@tensorflow/tfjs';
import type { LoopOptions, SmoothObjective, SolveError, SolveResult } from '../types.js';
import { makeEvaluator, type Evaluator } from './evaluator.js';
import { iterate, type SolverKernel } from './iterate.js';
import { layoutOf, type Layout } from './per-example.js';
import { copyStart, evaluateStart, type StartPoint } from './start.js';

/** What a solver builds its kernel from; the kernel takes ownership of `start`. */
export interface RunContext {
  readonly evaluator: Evaluator;
  readonly layout: Layout;
  readonly start: StartPoint;
}

/** Runs a full-batch solver whose kernel `build` makes from the evaluated start. */
export function solveFullBatch(
  problem: SmoothObjective & { readonly x0: tf.Tensor; readonly batched?: boolean },
  loop: { readonly options: LoopOptions | undefined; readonly defaults?: { maxIter?: number; tol?: number } },
  build: (ctx: RunContext) => SolverKernel,
  prepare?: (x0: tf.Tensor) => E.Either<SolveError, tf.Tensor>,
): SolveResult {
  const layout = layoutOf(problem.x0, problem.batched === true);
  const evaluator = makeEvaluator(problem, layout);
  return iterate({ ...loop, counts: evaluator.counts, batched: layout.batched }, () => {
    const x0 = prepare ? prepare(copyStart(problem.x0)) : E.right(copyStart(problem.x0));
    if (E.isLeft(x0)) return x0;
    const start = evaluateStart(evaluator, x0.right);
    if (E.isLeft(start)) return start;
    return E.right(build({ evaluator, layout, start: start.right }));
  });
}
