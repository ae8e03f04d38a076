/**
 * Proximal gradient descent for min f(x) + g(x) (projected gradient when g is a set's
 * indicator): fixed step, copt's backtracking, or FISTA with adaptive restart.
 * Certificate: the gradient-mapping norm ‖x − prox(x − η∇f(x))‖/η (at the extrapolated point
 * for FISTA). `fun` reports the smooth part f.
 */
import { requireInteger, SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { Constraint, LoopOptions, Problem, SolveResult } from '../types.js';
import { checkLipschitzOption, knownLipschitz, lipschitzPerExample } from '../core/lipschitz.js';
import { solveFullBatch } from '../core/solve-full-batch.js';
import { proxGradKernel } from './internal/prox-kernel.js';
import type { Proximable } from '@sparsekit/constraints';
import { requireCapabilities } from '../core/capabilities.js';

/** Options of {@link proximalGradient}. */
export interface ProximalGradientOptions extends LoopOptions {
  /** 'backtracking' (default; starts at 1.8/L), 'fixed' (1/L) or an explicit step size. */
  readonly step?: 'backtracking' | 'fixed' | number;
  /** FISTA with adaptive restart. Default false. */
  readonly accelerated?: boolean;
  /** Lipschitz constant of ∇f. Default: the problem's `lipschitz`, else estimated (copt's init_lipschitz). */
  readonly lipschitz?: number;
  /** Backtracking tries per iteration. Default 100. */
  readonly maxLineSearch?: number;
}

const KEYS = ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'step', 'accelerated', 'lipschitz', 'maxLineSearch'];

/**
 * Minimizes f + g with g given by a constraint's projection or a penalty's prox.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { proximalGradient } from '@sparsekit/solvers/full-batch';
 * const nonNegative = { name: 'NonNegative', params: {}, project: (x: tf.Tensor) => tf.relu(x) };
 * const target = tf.tensor1d([1, -2]);
 * const r = proximalGradient({ objective: (x) => x.sub(target).square().sum(), constraint: nonNegative, x0: tf.zeros([2]) });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [1, 0]
 * ```
 */
export function proximalGradient<C extends Constraint & Proximable>(
  problem: Problem<C>,
  options: ProximalGradientOptions = {},
): SolveResult {
  requireKnownKeys(options, KEYS, 'proximalGradient options');
  requireCapabilities('proximalGradient', 'problem.constraint', problem.constraint, [['prox', 'project']]);
  const step = options.step ?? 'backtracking';
  if (!(step === 'backtracking' || step === 'fixed' || (typeof step === 'number' && step > 0 && Number.isFinite(step)))) {
    throw new SparsekitError({ argument: 'step', value: step, expected: "'backtracking', 'fixed' or a finite number > 0" });
  }
  checkLipschitzOption(options.lipschitz);
  const maxLineSearch = requireInteger('maxLineSearch', options.maxLineSearch ?? 100, 1);
  const known = typeof step === 'number' ? undefined : knownLipschitz(options.lipschitz, problem);
  return solveFullBatch(problem, { options }, (ctx) => {
    const { evaluator, layout } = ctx;
    // copt: backtracking starts at 1.8/L (each iteration first grows it by 1.1).
    const eta =
      typeof step === 'number'
        ? new Float64Array(layout.size).fill(step)
        : lipschitzPerExample(ctx, known).map((l) => (step === 'fixed' ? 1 / l : 1.8 / l));
    return proxGradKernel(
      problem.constraint,
      {
        evaluator,
        layout,
        search: step === 'backtracking',
        accelerated: options.accelerated === true,
        eta,
        maxLineSearch,
      },
      ctx.start,
    );
  });
}
