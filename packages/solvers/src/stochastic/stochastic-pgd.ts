/**
 * Stochastic proximal (projected) gradient with momentum and gradient normalization, as chop's
 * `stochastic.PGD`:
 *
 *   m ← m + (1 − μ)(∇ − m),   p ← prox_{η·g}(p − η·N(m))
 *
 * where N is one of 'none', 'l2' (m/‖m‖), 'linf' (m/max|m|) or 'sign'. The prox receives the
 * step η (chop passed 1 whatever the step, which mis-scales penalties). A zero gradient stays
 * zero under every normalization.
 */
import { requireKnownKeys } from '@sparsekit/tensor';
import * as tf from '@tensorflow/tfjs';
import {
  ConstrainedStochasticOptimizer,
  notDeserializable,
  type StochasticOptimizerOptions,
  type StepContext,
  type StepResult,
} from './constrained-stochastic-optimizer.js';
import type { ParameterConstraints } from '@sparsekit/constraints';
import { proxOf, type Constraint, type Proximable } from '@sparsekit/constraints';
import {
  checkChoice,
  checkLearningRate,
  checkMomentum,
  l2Norm,
  momentumAverage,
  normalizeGradient,
  stepSize,
  type GradientNormalization,
  type LearningRate,
} from './internal/updates.js';

export type { GradientNormalization, LearningRate } from './internal/updates.js';

/** Options of {@link StochasticPgd}. */
export interface StochasticPgdOptions extends StochasticOptimizerOptions {
  /** Step size η > 0, or 'sublinear' (1/(t+1)). Default 0.1. */
  readonly lr?: LearningRate;
  /** Momentum μ ∈ [0, 1]. Default 0.9 (chop's default). */
  readonly momentum?: number;
  /** Gradient normalization. Default 'none'. */
  readonly normalization?: GradientNormalization;
}

const KEYS = ['lr', 'momentum', 'normalization', 'unconstrained'] as const;
const NORMALIZATIONS = ['none', 'l2', 'linf', 'sign'] as const;

/**
 * Stochastic projected/proximal gradient as a `tf.Optimizer`. Constraints need a `prox` or a
 * `project`; variables without a constraint take the plain (normalized, momentum) gradient step
 * by default (`unconstrained: 'free'`). The certificate is ‖p − p⁺‖/η.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { linfBall } from '@sparsekit/constraints';
 * import { StochasticPgd } from '@sparsekit/solvers/stochastic';
 * const w = tf.variable(tf.zeros([2]), true, 'w-pgd-example');
 * const opt = new StochasticPgd({ 'w-pgd-example': linfBall(0.5) }, { lr: 0.1, momentum: 0 });
 * for (let i = 0; i < 50; i++) opt.minimize(() => w.sub(tf.tensor1d([2, 0.2])).square().sum());
 * w.arraySync(); // ≈ [0.5, 0.2]
 * ```
 */
export class StochasticPgd<C extends Constraint & Proximable = Constraint & Proximable> extends ConstrainedStochasticOptimizer<C> {
  static get className(): string {
    return 'SparsekitStochasticPGD';
  }
  readonly lr: LearningRate;
  readonly momentum: number;
  readonly normalization: GradientNormalization;

  constructor(parameters: ParameterConstraints<C>, options: StochasticPgdOptions = {}) {
    requireKnownKeys(options, KEYS);
    super(parameters, options, 'free');
    this.requireEach('StochasticPGD', [['prox', 'project']]);
    this.lr = checkLearningRate(options.lr ?? 0.1);
    this.momentum = checkMomentum(options.momentum ?? 0.9);
    this.normalization = checkChoice('normalization', options.normalization ?? 'none', NORMALIZATIONS);
  }

  protected step(p: tf.Variable, grad: tf.Tensor, constraint: C, ctx: StepContext): StepResult {
    const eta = stepSize(this.lr, ctx.t);
    const direction = normalizeGradient(momentumAverage(ctx, grad, this.momentum), this.normalization);
    const value = proxOf(constraint, tf.sub(p, tf.mul(direction, eta)), eta);
    return { value, certificate: tf.div(l2Norm(tf.sub(p, value)), eta) as tf.Scalar };
  }

  protected freeStep(p: tf.Variable, grad: tf.Tensor, ctx: StepContext): StepResult {
    const eta = stepSize(this.lr, ctx.t);
    const direction = normalizeGradient(momentumAverage(ctx, grad, this.momentum), this.normalization);
    return { value: tf.sub(p, tf.mul(direction, eta)), certificate: l2Norm(direction) as tf.Scalar };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { lr: this.lr, momentum: this.momentum, normalization: this.normalization };
  }

  static override fromConfig(): never {
    return notDeserializable('StochasticPgd');
  }
}
