/**
 * Davis–Yin three-operator splitting for min f(x) + g(x) + h(x) with f smooth, g and h
 * proximable, with the adaptive step of Pedregosa & Gidel (ICML 2018) as in copt:
 * z ← prox_{ηh}(x0); per iteration x = prox_{ηg}(z − η(u + ∇f(z))), backtracking η ← 0.7η
 * until f(x) ≤ f(z) + ⟨∇f(z), x − z⟩ + ‖x − z‖²/(2η); then z = prox_{ηh}(x + ηu),
 * u ← u + (x − z)/η. If h is Lipschitz (`hLipschitz`), η may grow again (copt's rule).
 * Certificate: ‖x − z‖/η with the z the step started from (copt's residual; it is 0 only at a
 * fixed point, also when h is absent). `problem.constraint` is g; `options.h` is h (default: none).
 */
import type * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { Constraint, LoopOptions, Problem, SolveResult } from '../types.js';
import { knownLipschitz, lipschitzPerExample } from '../core/lipschitz.js';
import { solveFullBatch } from '../core/solve-full-batch.js';
import type { Proximable } from '@sparsekit/constraints';
import { tosKernel } from './internal/tos-kernel.js';
import { requireCapabilities } from '../core/capabilities.js';

/** Options of {@link threeOperatorSplitting}. */
export interface ThreeOperatorSplittingOptions extends LoopOptions {
  /** The second proximable term h. */
  readonly h?: Proximable;
  /** Initial step; default 1/L with L the problem's `lipschitz`, else estimated (copt). */
  readonly step?: number;
  /** Backtracking. Default true. */
  readonly lineSearch?: boolean;
  /** Lipschitz constant of h, enabling step increases (0 for indicators: ×1.02 per iteration). */
  readonly hLipschitz?: number;
}

/**
 * Minimizes f + g + h (e.g. least squares + L1 penalty + box).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { threeOperatorSplitting } from '@sparsekit/solvers/full-batch';
 * const box = { name: 'Box', params: {}, project: (x: tf.Tensor) => tf.clipByValue(x, 0, 1) };
 * const l2 = { name: 'L2Ball', params: {}, project: (x: tf.Tensor) => tf.tidy(() => x.div(x.norm().maximum(1))) };
 * const r = threeOperatorSplitting({ objective: (x) => x.sub(2).square().sum(), constraint: box, x0: tf.zeros([2]) }, { h: l2 });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [0.7071, 0.7071]
 * ```
 */
export function threeOperatorSplitting<C extends Constraint & Proximable>(
  problem: Problem<C>,
  options: ThreeOperatorSplittingOptions = {},
): SolveResult {
  requireKnownKeys(
    options,
    ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'h', 'step', 'lineSearch', 'hLipschitz'],
    'threeOperatorSplitting options',
  );
  requireCapabilities('threeOperatorSplitting', 'problem.constraint', problem.constraint, [['prox', 'project']]);
  if (options.h !== undefined) requireCapabilities('threeOperatorSplitting', 'options.h', options.h, [['prox', 'project']]);
  if (options.step !== undefined && !(options.step > 0))
    throw new SparsekitError({ argument: 'step', value: options.step, expected: 'a number > 0' });
  const identity: Proximable = { project: (x: tf.Tensor) => x.clone() };
  const known = options.step === undefined ? knownLipschitz(undefined, problem) : undefined;
  return solveFullBatch(problem, { options }, (ctx) => {
    const eta =
      options.step !== undefined ? new Float64Array(ctx.layout.size).fill(options.step) : lipschitzPerExample(ctx, known).map((l) => 1 / l);
    return tosKernel(
      {
        evaluator: ctx.evaluator,
        layout: ctx.layout,
        g: problem.constraint,
        h: options.h ?? identity,
        eta,
        lineSearch: options.lineSearch ?? true,
        hLipschitz: options.hLipschitz,
      },
      ctx.start,
    );
  });
}
