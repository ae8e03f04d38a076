/**
 * Frank-Wolfe (conditional gradient) for min f(x) s.t. x ∈ C, using only C's linear
 * minimization oracle. Variants: vanilla, away-step and pairwise (active sets over the atoms of
 * a simplex, an L1 ball or an explicit polytope). Step rules: 'sublinear', 'DR', 'backtracking'.
 * Certificate: the FW gap, an upper bound on f(x) − f* for convex f.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint, HasLmo, LoopOptions, Problem, SolveResult } from '../types.js';
import { makeEvaluator } from '../core/evaluator.js';
import { iterate } from '../core/iterate.js';
import { initLipschitz } from '../core/lipschitz.js';
import { layoutOf } from '../core/per-example.js';
import { copyStart, evaluateStart } from '../core/start.js';
import { atomsFor, type AtomDictionary } from './atoms.js';
import { activeSetFwKernel } from './internal/fw-active-set.js';
import type { FwStepRule } from './internal/fw-step-size.js';
import { vanillaFwKernel } from './internal/fw-vanilla.js';
import { checkOptionKeys } from './internal/options.js';

/** Options of {@link frankWolfe}. */
export interface FrankWolfeOptions extends LoopOptions {
  /** Default 'backtracking'. */
  readonly step?: FwStepRule;
  /** Default 'vanilla'. Active-set variants need a simplex, L1 ball or polytope (or `atoms`). */
  readonly variant?: 'vanilla' | 'away' | 'pairwise';
  /** Atoms for the active-set variants; found from the constraint's name when omitted. */
  readonly atoms?: AtomDictionary;
  /** Lipschitz constant of ∇f for 'DR' and the start of 'backtracking'; estimated when omitted. */
  readonly lipschitz?: number;
}

const KEYS = ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'step', 'variant', 'atoms', 'lipschitz'];

/**
 * Minimizes a smooth f over a constraint with a linear minimization oracle.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { frankWolfe } from '@sparsekit/solvers';
 * const target = tf.tensor1d([2, 0]);
 * const ball = { name: 'L2Ball', params: { radius: 1 }, lmo: (g: tf.Tensor) => tf.tidy(() => g.div(g.norm().maximum(1e-30)).neg()) };
 * const r = frankWolfe({ objective: (x) => x.sub(target).square().sum().mul(0.5), constraint: ball, x0: tf.zeros([2]) }, { maxIter: 200 });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [1, 0]
 * ```
 */
export function frankWolfe<C extends Constraint & HasLmo>(problem: Problem<C>, options: FrankWolfeOptions = {}): SolveResult {
  checkOptionKeys('frankWolfe', options, KEYS);
  const rule = options.step ?? 'backtracking';
  if (!['sublinear', 'DR', 'backtracking'].includes(rule)) throw new SparsekitError({ argument: 'step', value: rule, expected: "'sublinear', 'DR' or 'backtracking'" });
  const variant = options.variant ?? 'vanilla';
  if (!['vanilla', 'away', 'pairwise'].includes(variant)) throw new SparsekitError({ argument: 'variant', value: variant, expected: "'vanilla', 'away' or 'pairwise'" });
  if (options.lipschitz !== undefined && !(options.lipschitz > 0)) throw new SparsekitError({ argument: 'lipschitz', value: options.lipschitz, expected: 'a number > 0' });
  const atoms = variant === 'vanilla' ? undefined : (options.atoms ?? atomsFor(problem.constraint, problem.batched === true));
  const layout = layoutOf(problem.x0, problem.batched === true);
  const evaluator = makeEvaluator(problem, layout);
  return iterate({ options, counts: evaluator.counts, batched: layout.batched }, () => {
    const start = evaluateStart(evaluator, copyStart(problem.x0));
    if (E.isLeft(start)) return start;
    const s = start.right;
    const lipschitz = options.lipschitz !== undefined
      ? new Float64Array(layout.size).fill(options.lipschitz)
      : rule === 'sublinear' ? new Float64Array(layout.size).fill(1) : initLipschitz(evaluator, layout, s.x, s.grad, s.values);
    const setup = { evaluator, layout, rule, lipschitz };
    if (!atoms) return E.right(vanillaFwKernel(problem.constraint, setup, s));
    const weights = tf.tidy(() => atoms.decompose(s.x.reshape([layout.size, -1]) as tf.Tensor2D));
    checkWeights(weights, s.x);
    return E.right(activeSetFwKernel(atoms, variant as 'away' | 'pairwise', setup, s, weights));
  });
}

/** Active-set variants need x0 inside the hull: convex weights summing to 1. */
function checkWeights(weights: tf.Tensor2D, x0: tf.Tensor): void {
  const sums = tf.tidy(() => weights.sum(1));
  const bad = Array.from(sums.dataSync()).find((v) => !(Math.abs(v - 1) <= 1e-4));
  sums.dispose();
  if (bad !== undefined) {
    tf.dispose([weights, x0]);
    throw new SparsekitError({ argument: 'x0', value: x0, expected: `a point of the constraint set (its atom weights sum to ${bad}, not 1)` });
  }
}
