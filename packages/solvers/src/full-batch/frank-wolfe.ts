/**
 * Frank-Wolfe (conditional gradient) for min f(x) s.t. x ∈ C, using only C's linear
 * minimization oracle. Variants: vanilla, away-step and pairwise (active sets over the atoms of
 * a simplex, an L1 ball or an explicit polytope). Step rules: 'sublinear', 'demyanov-rubinov', 'backtracking'.
 * Certificate: the FW gap, an upper bound on f(x) − f* for convex f.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { Constraint, HasLmo, LoopOptions, Problem, SolveResult } from '../types.js';
import { checkLipschitzOption, knownLipschitz, lipschitzPerExample } from '../core/lipschitz.js';
import { solveFullBatch } from '../core/solve-full-batch.js';
import { atomsFor, type AtomDictionary } from './atoms.js';
import { activeSetFwKernel } from './internal/fw-active-set.js';
import type { FwStepRule } from './internal/fw-step-size.js';
import { vanillaFwKernel } from './internal/fw-vanilla.js';
import { leastSquaresL1FwKernel } from './internal/fw-least-squares.js';
import { hostFwKernel } from './internal/fw-host.js';
import { feasibleStart } from './internal/feasible-start.js';
import { requireCapabilities } from '../core/capabilities.js';

/** Options of {@link frankWolfe}. */
export interface FrankWolfeOptions extends LoopOptions {
  /** Default 'backtracking'. */
  readonly step?: FwStepRule;
  /**
   * Default 'pairwise' when the set's atoms are known (a constraint with `atoms()`: simplex, L1
   * ball, polytope; or the `atoms` option), else 'vanilla'. Active-set variants need those atoms.
   */
  readonly variant?: 'vanilla' | 'away' | 'pairwise';
  /** Atoms for the active-set variants; read from the constraint's `atoms()` when omitted. */
  readonly atoms?: AtomDictionary;
  /**
   * Lipschitz constant of ∇f for 'demyanov-rubinov' and the start of 'backtracking'. Default: the problem's
   * `lipschitz` (GLM losses have one), else estimated at x0, which can be below the true
   * constant: 'demyanov-rubinov' is only guaranteed to decrease f with an upper bound.
   */
  readonly lipschitz?: number;
}

const KEYS = ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'step', 'variant', 'atoms', 'lipschitz'];

/**
 * Minimizes a smooth f over a constraint with a linear minimization oracle.
 *
 * FW never leaves the set it starts in, so an x0 outside the set is first projected when the
 * constraint can project; with only an indicator `value`, an infeasible x0 is a `Left`; with only
 * an LMO it cannot be checked and must be feasible. A gradient whose shape differs from x is a
 * `Left` (shape_mismatch), never broadcast.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { frankWolfe } from '@sparsekit/solvers/full-batch';
 * const target = tf.tensor1d([2, 0]);
 * const ball = { name: 'L2Ball', params: { radius: 1 }, lmo: (g: tf.Tensor) => tf.tidy(() => g.div(g.norm().maximum(1e-30)).neg()) };
 * const r = frankWolfe({ objective: (x) => x.sub(target).square().sum().mul(0.5), constraint: ball, x0: tf.zeros([2]) }, { maxIter: 200 });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [1, 0]
 * ```
 */
export function frankWolfe<C extends Constraint & HasLmo>(problem: Problem<C>, options: FrankWolfeOptions = {}): SolveResult {
  requireKnownKeys(options, KEYS, 'frankWolfe options');
  requireCapabilities('frankWolfe', 'problem.constraint', problem.constraint, [['lmo']]);
  const rule = options.step ?? 'backtracking';
  if (!['sublinear', 'demyanov-rubinov', 'backtracking'].includes(rule))
    throw new SparsekitError({ argument: 'step', value: rule, expected: "'sublinear', 'demyanov-rubinov' or 'backtracking'" });
  if (options.variant !== undefined && !['vanilla', 'away', 'pairwise'].includes(options.variant)) {
    throw new SparsekitError({ argument: 'variant', value: options.variant, expected: "'vanilla', 'away' or 'pairwise'" });
  }
  checkLipschitzOption(options.lipschitz);
  const { variant, atoms } = chooseVariant(problem.constraint, problem.batched === true, options);
  const known = rule === 'sublinear' ? 1 : knownLipschitz(options.lipschitz, problem);
  return solveFullBatch(
    problem,
    { options },
    (ctx) => {
      const s = ctx.start;
      const setup = { evaluator: ctx.evaluator, layout: ctx.layout, rule, lipschitz: lipschitzPerExample(ctx, known) };
      if (!atoms) {
        const fast = leastSquaresL1FwKernel(problem.leastSquares, problem.constraint, ctx, setup);
        return fast ?? hostFwKernel(problem.constraint, ctx, setup) ?? vanillaFwKernel(problem.constraint, setup, s);
      }
      const weights = tf.tidy(() => atoms.decompose(s.x.reshape([ctx.layout.size, -1]) as tf.Tensor2D));
      checkWeights(weights, s.x, s.grad);
      return activeSetFwKernel(atoms, variant as 'away' | 'pairwise', setup, s, weights);
    },
    (x0) => feasibleStart(problem.constraint, x0),
  );
}

/**
 * The variant and its atoms. By default, pairwise FW wherever the set's atoms are known (simplex,
 * L1 ball, polytope): vanilla FW zig-zags towards a solution on a face and does not reach a gap
 * of 1e-6 in 1000 iterations even on 3 variables, while pairwise converges linearly there.
 */
function chooseVariant(
  constraint: Constraint,
  batched: boolean,
  options: FrankWolfeOptions,
): { variant: 'vanilla' | 'away' | 'pairwise'; atoms?: AtomDictionary } {
  const variant = options.variant;
  if (variant === 'vanilla') return { variant };
  if (variant !== undefined) return { variant, atoms: options.atoms ?? atomsFor(constraint, batched) };
  if (options.atoms) return { variant: 'pairwise', atoms: options.atoms };
  try {
    return { variant: 'pairwise', atoms: atomsFor(constraint, batched) };
  } catch {
    return { variant: 'vanilla' };
  }
}

/** Active-set variants need x0 inside the hull: convex weights summing to 1. */
function checkWeights(weights: tf.Tensor2D, x0: tf.Tensor, grad: tf.Tensor): void {
  const sums = tf.tidy(() => weights.sum(1));
  const bad = Array.from(sums.dataSync()).find((v) => !(Math.abs(v - 1) <= 1e-4));
  sums.dispose();
  if (bad !== undefined) {
    tf.dispose([weights, x0, grad]);
    throw new SparsekitError({
      argument: 'x0',
      value: x0,
      expected: `a point of the constraint set (its atom weights sum to ${bad}, not 1)`,
    });
  }
}
