/**
 * Away-step Frank-Wolfe (Guélat & Marcotte 1986; Lacoste-Julien & Jaggi 2015) under its own
 * name: {@link frankWolfe} with `variant: 'away'`. One implementation: this function only fixes
 * the option.
 */
import type { Constraint, HasLmo, Problem, SolveResult } from '../types.js';
import { rejectFixedOption } from '../core/fixed-option.js';
import { frankWolfe, type FrankWolfeOptions } from './frank-wolfe.js';

/**
 * Away-step Frank-Wolfe: each step either moves toward the LMO vertex or away from the worst
 * active atom, whichever has the larger gap, over the atoms of the set (`atoms()` of a simplex,
 * an L1 ball or a polytope, or the `atoms` option). Same options, defaults, result and errors as
 * `frankWolfe(problem, { ...options, variant: 'away' })`; a set without known atoms is a
 * `SparsekitError`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { simplex } from '@sparsekit/constraints';
 * import { awayStepFrankWolfe } from '@sparsekit/solvers/full-batch';
 * const target = tf.tensor1d([0.7, 0.5, -0.2]);
 * const objective = (x: tf.Tensor) => x.sub(target).square().sum().mul(0.5);
 * const r = awayStepFrankWolfe({ objective, constraint: simplex(1), x0: tf.tensor1d([1, 0, 0]) }, { tol: 1e-9 });
 * if (E.isRight(r)) Array.from(r.right.x.dataSync(), (v) => Math.round(v * 1e4) / 1e4); // => [0.6, 0.4, 0]
 * ```
 */
export function awayStepFrankWolfe<C extends Constraint & HasLmo>(
  problem: Problem<C>,
  options: Omit<FrankWolfeOptions, 'variant'> = {},
): SolveResult {
  rejectFixedOption('awayStepFrankWolfe', options, 'variant');
  return frankWolfe(problem, { ...options, variant: 'away' });
}
