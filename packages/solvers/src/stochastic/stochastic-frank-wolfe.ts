/**
 * Stochastic Frank-Wolfe with momentum (Mokhtari, Hassani & Karbasi 2018), with the gradient
 * rescaling of Pokutta, Spiegel & Zimmer 2020, as chop's `stochastic.FrankWolfe`:
 *
 *   g = ∇ + λ·p,   m ← m + (1 − μ)(g − m),   s = LMO(m),   p ← (1 − γ)·p + γ·s
 *
 * with γ = lr (or 1/(t+1)), and with `normalization: 'gradient'` γ = min(1, lr·‖m‖/‖s − p‖).
 * Every update is a convex combination of feasible points, so variables stay feasible. Each
 * variable gets the LMO of its own constraint applied to the whole tensor (chop applied its
 * batched LMO to unbatched weights, so a weight matrix got one ball per row).
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { Constraint, HasLmo, HasProject } from '../types.js';
import {
  ConstrainedStochasticOptimizer,
  notDeserializable,
  type StochasticOptimizerOptions,
  type StepContext,
  type StepResult,
} from './constrained-stochastic-optimizer.js';
import type { ParameterConstraints } from '@sparsekit/constraints';
import { checkChoice, checkLearningRate, checkMomentum, l2Norm, momentumAverage, stepSize, type LearningRate } from './internal/updates.js';

/** Options of {@link StochasticFrankWolfe}. */
export interface StochasticFrankWolfeOptions extends StochasticOptimizerOptions {
  /** Step size in (0, 1], or 'sublinear' (1/(t+1)). Default 0.1. */
  readonly lr?: LearningRate;
  /** Momentum μ ∈ [0, 1] of the gradient average, or 'auto' for μ_t = 1 − (t+1)^(−1/3). Default 0.9. */
  readonly momentum?: number | 'auto';
  /** Weight decay λ ≥ 0 added to the gradient. Default 0. */
  readonly weightDecay?: number;
  /** 'gradient' rescales the step by ‖m‖/‖s − p‖ (Pokutta et al. 2020). Default 'none'. */
  readonly normalization?: 'none' | 'gradient';
}

const KEYS = ['lr', 'momentum', 'weightDecay', 'normalization', 'unconstrained'] as const;

/**
 * Momentum stochastic Frank-Wolfe as a `tf.Optimizer`. Variables without a constraint are an
 * error by default (`unconstrained: 'skip'` leaves them alone). A variable whose constraint can
 * project is projected before its first update; otherwise its first step is a full step
 * (γ = 1) to the LMO vertex, which is feasible.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1Ball } from '@sparsekit/constraints';
 * import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
 * const w = tf.variable(tf.zeros([3]), true, 'w-sfw-example');
 * const target = tf.tensor1d([2, -0.5, 0]);
 * const opt = new StochasticFrankWolfe({ 'w-sfw-example': l1Ball(1) }, { lr: 'sublinear', momentum: 0 });
 * for (let i = 0; i < 100; i++) opt.minimize(() => w.sub(target).square().sum());
 * w.arraySync(); // close to [1, 0, 0], the projection of target onto the L1 ball
 * ```
 */
export class StochasticFrankWolfe<C extends Constraint & HasLmo = Constraint & HasLmo> extends ConstrainedStochasticOptimizer<C> {
  static get className(): string {
    return 'SparsekitStochasticFrankWolfe';
  }
  readonly lr: LearningRate;
  readonly momentum: number | 'auto';
  readonly weightDecay: number;
  readonly normalization: 'none' | 'gradient';

  constructor(parameters: ParameterConstraints<C>, options: StochasticFrankWolfeOptions = {}) {
    requireKnownKeys(options, KEYS);
    if (options.unconstrained === 'free') {
      throw new SparsekitError({
        argument: 'unconstrained',
        value: 'free',
        expected: "'skip' or 'error': Frank-Wolfe needs a constraint's LMO",
      });
    }
    super(parameters, options, 'error');
    this.requireEach('StochasticFrankWolfe', [['lmo']]);
    this.lr = checkLearningRate(options.lr ?? 0.1, 1);
    this.momentum = options.momentum === 'auto' ? 'auto' : checkMomentum(options.momentum ?? 0.9);
    const wd = options.weightDecay ?? 0;
    if (!(wd >= 0 && Number.isFinite(wd)))
      throw new SparsekitError({ argument: 'weightDecay', value: wd, expected: 'a finite number ≥ 0' });
    this.weightDecay = wd;
    this.normalization = checkChoice('normalization', options.normalization ?? 'none', ['none', 'gradient'] as const);
  }

  private readonly fullFirstStep = new Set<string>();

  protected override initialize(p: tf.Variable, constraint: C): void {
    if (typeof (constraint as Partial<HasProject>).project === 'function') super.initialize(p, constraint);
    else this.fullFirstStep.add(p.name);
  }

  protected step(p: tf.Variable, grad: tf.Tensor, constraint: C, ctx: StepContext): StepResult {
    const g = this.weightDecay > 0 ? tf.add(grad, tf.mul(p, this.weightDecay)) : grad;
    const mu = this.momentum === 'auto' ? 1 - (ctx.t + 1) ** (-1 / 3) : this.momentum;
    const m = momentumAverage(ctx, g, mu, this.momentum === 'auto');
    const s = constraint.lmo(m);
    const d = tf.sub(s, p);
    const certificate = tf.neg(tf.sum(tf.mul(m, d))) as tf.Scalar;
    const full = ctx.t === 0 && this.fullFirstStep.delete(ctx.name);
    const gamma = full ? tf.scalar(1) : this.gamma(stepSize(this.lr, ctx.t), m, d);
    // (1 − γ)p + γs rather than p + γ(s − p): exactly s at γ = 1, no rounding outside the set.
    const value = tf.add(tf.mul(tf.sub(1, gamma), p), tf.mul(gamma, s));
    return { value, certificate };
  }

  private gamma(base: number, m: tf.Tensor, d: tf.Tensor): tf.Scalar {
    if (this.normalization === 'none') return tf.scalar(base);
    // sqrt(Σx²): tf.norm goes through Pow, several times slower on wasm
    const dNorm = l2Norm(d);
    const ratio = tf.div(l2Norm(m), tf.where(tf.greater(dNorm, 0), dNorm, tf.onesLike(dNorm)));
    return tf.minimum(1, tf.mul(base, ratio)) as tf.Scalar;
  }

  protected freeStep(): StepResult {
    // Unreachable: 'free' is rejected at construction.
    throw new SparsekitError({ argument: 'unconstrained', value: 'free', expected: "'skip' or 'error'" });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { lr: this.lr, momentum: this.momentum, weightDecay: this.weightDecay, normalization: this.normalization };
  }

  static override fromConfig(): never {
    return notDeserializable('StochasticFrankWolfe');
  }
}
