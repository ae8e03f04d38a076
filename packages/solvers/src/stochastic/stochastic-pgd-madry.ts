/**
 * PGD in the style of Madry et al. (ICLR 2018), as chop's `stochastic.StochasticPgdMadry`: the step
 * direction is the LMO vertex of the constraint (for an L∞ ball of radius r, −r·sign(∇)), then
 * the point is projected back:
 *
 *   p ← P_C(p + η·LMO_C(∇))
 *
 * (chop's `lmo(−∇)` maximizes, ours minimizes ⟨∇, s⟩: the same vertex.)
 */
import { requireKnownKeys } from '@sparsekit/tensor';
import * as tf from '@tensorflow/tfjs';
import type { Constraint, HasLmo } from '../types.js';
import {
  ConstrainedStochasticOptimizer,
  notDeserializable,
  type StochasticOptimizerOptions,
  type StepContext,
  type StepResult,
} from './constrained-stochastic-optimizer.js';
import type { ParameterConstraints } from '@sparsekit/constraints';
import { proxOf, type Proximable } from '@sparsekit/constraints';
import { checkLearningRate, l2Norm, stepSize, type LearningRate } from './internal/updates.js';

/** Options of {@link StochasticPgdMadry}. */
export interface StochasticPgdMadryOptions extends StochasticOptimizerOptions {
  /** Step size η > 0 (relative to the constraint's radius), or 'sublinear' (1/(t+1)). Default 0.01. */
  readonly lr?: LearningRate;
}

const KEYS = ['lr', 'unconstrained'] as const;

/**
 * Madry-style PGD as a `tf.Optimizer`: constraints need an LMO and a projection (or prox).
 * Variables without a constraint take a plain gradient step p − η∇ by default. The certificate
 * is ‖p − p⁺‖/η.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linfBall } from '@sparsekit/constraints';
 * import { StochasticPgdMadry } from '@sparsekit/solvers/stochastic';
 * const w = tf.variable(tf.zeros([2]), true, 'w-madry-example');
 * const opt = new StochasticPgdMadry({ 'w-madry-example': linfBall(1) }, { lr: 0.25 });
 * for (let i = 0; i < 8; i++) opt.minimize(() => w.sub(tf.tensor1d([3, -3])).square().sum());
 * w.arraySync(); // [1, -1]: sign steps of 0.25, clipped to the ball
 * ```
 */
export class StochasticPgdMadry<
  C extends Constraint & HasLmo & Proximable = Constraint & HasLmo & Proximable,
> extends ConstrainedStochasticOptimizer<C> {
  static get className(): string {
    return 'SparsekitPGDMadry';
  }
  readonly lr: LearningRate;

  constructor(parameters: ParameterConstraints<C>, options: StochasticPgdMadryOptions = {}) {
    requireKnownKeys(options, KEYS);
    super(parameters, options, 'free');
    this.requireEach('PGDMadry', [['lmo'], ['prox', 'project']]);
    this.lr = checkLearningRate(options.lr ?? 0.01);
  }

  protected step(p: tf.Variable, grad: tf.Tensor, constraint: C, ctx: StepContext): StepResult {
    const eta = stepSize(this.lr, ctx.t);
    const value = proxOf(constraint, tf.add(p, tf.mul(constraint.lmo(grad), eta)), eta);
    return { value, certificate: tf.div(l2Norm(tf.sub(p, value)), eta) as tf.Scalar };
  }

  protected freeStep(p: tf.Variable, grad: tf.Tensor, ctx: StepContext): StepResult {
    const eta = stepSize(this.lr, ctx.t);
    return { value: tf.sub(p, tf.mul(grad, eta)), certificate: l2Norm(grad) as tf.Scalar };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { lr: this.lr };
  }

  static override fromConfig(): never {
    return notDeserializable('StochasticPgdMadry');
  }
}
