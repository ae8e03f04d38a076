/**
 * FISTA (Beck & Teboulle 2009) under its own name: accelerated proximal gradient with adaptive
 * restart, i.e. {@link proximalGradient} with `accelerated: true`. One implementation: this
 * function only fixes the option.
 */
import type { Proximable } from '@sparsekit/constraints';
import type { Constraint, Problem, SolveResult } from '../types.js';
import { rejectFixedOption } from '../core/fixed-option.js';
import { proximalGradient, type ProximalGradientOptions } from './proximal-gradient.js';

/**
 * FISTA for min f(x) + g(x), g a constraint's projection or a penalty's prox. Same options,
 * defaults, result and errors as `proximalGradient(problem, { ...options, accelerated: true })`
 * (backtracking step from 1.8/L, adaptive restart; the certificate is the gradient-mapping norm
 * at the extrapolated point).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { fista } from '@sparsekit/solvers/full-batch';
 * const nonNegative = { name: 'NonNegative', params: {}, project: (x: tf.Tensor) => tf.relu(x) };
 * const target = tf.tensor1d([1, -2]);
 * const r = fista({ objective: (x) => x.sub(target).square().sum(), constraint: nonNegative, x0: tf.zeros([2]) }, { tol: 1e-8 });
 * if (E.isRight(r)) Array.from(r.right.x.dataSync(), (v) => Math.round(v * 1e4) / 1e4); // => [1, 0]
 * ```
 */
export function fista<C extends Constraint & Proximable>(
  problem: Problem<C>,
  options: Omit<ProximalGradientOptions, 'accelerated'> = {},
): SolveResult {
  rejectFixedOption('fista', options, 'accelerated');
  return proximalGradient(problem, { ...options, accelerated: true });
}
