/**
 * Proximal gradient descent for min f(x) + g(x) (projected gradient when g is a set's
 * indicator): fixed step, copt's backtracking, or FISTA with adaptive restart.
 * Certificate: the gradient-mapping norm ‖x − prox(x − η∇f(x))‖/η (at the extrapolated point
 * for FISTA). `fun` reports the smooth part f.
 */
import * as E from 'fp-ts/lib/Either.js';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import type { Constraint, LoopOptions, Problem, SolveResult } from '../types.js';
import { makeEvaluator } from '../core/evaluator.js';
import { iterate } from '../core/iterate.js';
import { initLipschitz } from '../core/lipschitz.js';
import { layoutOf } from '../core/per-example.js';
import { copyStart, evaluateStart } from '../core/start.js';
import { checkOptionKeys } from './internal/options.js';
import { proxGradKernel } from './internal/prox-kernel.js';
import type { ProxCapable } from './internal/prox-map.js';

/** Options of {@link proximalGradient}. */
export interface ProximalGradientOptions extends LoopOptions {
  /** 'backtracking' (default; starts at 1.8/L), 'fixed' (1/L) or an explicit step size. */
  readonly step?: 'backtracking' | 'fixed' | number;
  /** FISTA with adaptive restart. Default false. */
  readonly accelerated?: boolean;
  /** Lipschitz constant of ∇f; estimated (copt's init_lipschitz) when omitted. */
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
 * import { proximalGradient } from '@sparsekit/solvers';
 * const nonNegative = { name: 'NonNegative', params: {}, project: (x: tf.Tensor) => tf.relu(x) };
 * const target = tf.tensor1d([1, -2]);
 * const r = proximalGradient({ objective: (x) => x.sub(target).square().sum(), constraint: nonNegative, x0: tf.zeros([2]) });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [1, 0]
 * ```
 */
export function proximalGradient<C extends Constraint & ProxCapable>(problem: Problem<C>, options: ProximalGradientOptions = {}): SolveResult {
  checkOptionKeys('proximalGradient', options, KEYS);
  const step = options.step ?? 'backtracking';
  if (!(step === 'backtracking' || step === 'fixed' || (typeof step === 'number' && step > 0 && Number.isFinite(step)))) {
    throw new SparsekitError({ argument: 'step', value: step, expected: "'backtracking', 'fixed' or a finite number > 0" });
  }
  if (options.lipschitz !== undefined && !(options.lipschitz > 0)) throw new SparsekitError({ argument: 'lipschitz', value: options.lipschitz, expected: 'a number > 0' });
  const maxLineSearch = requireInteger('maxLineSearch', options.maxLineSearch ?? 100, 1);
  const layout = layoutOf(problem.x0, problem.batched === true);
  const evaluator = makeEvaluator(problem, layout);
  return iterate({ options, counts: evaluator.counts, batched: layout.batched }, () => {
    const start = evaluateStart(evaluator, copyStart(problem.x0));
    if (E.isLeft(start)) return start;
    const s = start.right;
    let eta: Float64Array;
    if (typeof step === 'number') eta = new Float64Array(layout.size).fill(step);
    else {
      const L = options.lipschitz !== undefined ? new Float64Array(layout.size).fill(options.lipschitz) : initLipschitz(evaluator, layout, s.x, s.grad, s.values);
      // copt: backtracking starts at 1.8/L (each iteration first grows it by 1.1).
      eta = L.map((l) => (step === 'fixed' ? 1 / l : 1.8 / l));
    }
    return E.right(proxGradKernel(problem.constraint, {
      evaluator, layout, search: step === 'backtracking', accelerated: options.accelerated === true, eta, maxLineSearch,
    }, s));
  });
}
