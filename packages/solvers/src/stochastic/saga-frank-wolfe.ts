/**
 * SAGA stochastic Frank-Wolfe for finite sums (Négiar, Dresdner, Tsai, El Ghaoui, Locatello,
 * Pedregosa, ICML 2020; copt `minimize_sfw` with variant 'SAGA') under its own name:
 * {@link finiteSumFrankWolfe} with `variant: 'saga'`. One implementation: this function only
 * fixes the option.
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { Constraint, HasLmo, SolveError } from '../types.js';
import { rejectFixedOption } from '../core/fixed-option.js';
import {
  finiteSumFrankWolfe,
  type FiniteSumFrankWolfeOptions,
  type FiniteSumProblem,
  type FiniteSumResult,
} from './finite-sum-frank-wolfe.js';

/**
 * SAGA-SFW: min over C of (1/n) Σᵢ f(aᵢᵀx, bᵢ) with one stored derivative per sample,
 * stepping toward the LMO vertex of the aggregate plus (n/B − 1) times the batch's change (the
 * unbiased SAGA estimate).
 * Same options, defaults (batch min(n, 100), 100 epochs, 2/(t+2) steps, seed 0), result and
 * errors as `finiteSumFrankWolfe(problem, { ...options, variant: 'saga' })`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { l1Ball } from '@sparsekit/constraints';
 * import { sagaFrankWolfe } from '@sparsekit/solvers/stochastic';
 * // Feature 0 separates the labels, feature 1 carries no signal.
 * const X = tf.tensor2d([[1, 0], [0, 1], [-1, 0], [0, -1]]);
 * const y = tf.tensor1d([1, 1, -1, 1]);
 * const r = sagaFrankWolfe({ X, y, loss: 'logistic', constraint: l1Ball(1) }, { batchSize: 2, maxIter: 200 });
 * if (E.isRight(r)) Array.from(r.right.x.dataSync(), (v) => Math.round(v * 1e4) / 1e4); // => [1, 0]
 * ```
 */
export function sagaFrankWolfe<C extends Constraint & HasLmo>(
  problem: FiniteSumProblem<C>,
  options: Omit<FiniteSumFrankWolfeOptions, 'variant'> = {},
): E.Either<SolveError, FiniteSumResult> {
  rejectFixedOption('sagaFrankWolfe', options, 'variant');
  return finiteSumFrankWolfe(problem, { ...options, variant: 'saga' });
}
