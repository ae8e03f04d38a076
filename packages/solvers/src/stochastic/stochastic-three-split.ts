/**
 * Stochastic three-operator splitting (Davis & Yin 2017; its stochastic analysis is Yurtsever,
 * Vũ & Cevher, NeurIPS 2016, "S3CM" in chop) for min f(p) + g(p) + h(p), with h the variable's
 * constraint (the variable always lies in it) and g an optional second set or penalty:
 *
 *   x_g = prox_{γg}(2p − z − γ·N(∇f(p))),   z ← z + x_g − p,   p ← prox_{γh}(z)
 *
 * The gradient is the one at the current variable p = x_h. chop's `S3CM` used the gradient at
 * the previous x_h (it recomputed x_h before using the gradient), which is not Davis–Yin.
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
import { resolveParameterConstraints } from './parameter-map.js';
import { proxOf, type Constraint, type Proximable } from '@sparsekit/constraints';
import { checkChoice, checkLearningRate, l2Norm, normalizeGradient, type GradientNormalization } from './internal/updates.js';

/** Options of {@link StochasticThreeSplit}. */
export interface StochasticThreeSplitOptions<G extends Constraint & Proximable> extends StochasticOptimizerOptions {
  /** Step size γ > 0. Default 0.1. */
  readonly lr?: number;
  /** Second term g per variable (set or penalty, prox or projection). Default none. */
  readonly penalties?: ParameterConstraints<G>;
  /** Gradient normalization. Default 'none'. */
  readonly normalization?: GradientNormalization;
}

const KEYS = ['lr', 'penalties', 'normalization', 'unconstrained'] as const;

/**
 * Davis–Yin splitting as a `tf.Optimizer`: `parameters` gives h (the variable stays in it),
 * `penalties` gives g. A variable with a penalty but no constraint takes the proximal gradient
 * step prox_{γg}(p − γ∇) (Davis–Yin with h = 0); one with neither takes p − γ∇. The
 * certificate is the fixed-point residual ‖x_g − x_h‖/γ.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1, linfBall } from '@sparsekit/constraints';
 * import { StochasticThreeSplit } from '@sparsekit/solvers/stochastic';
 * const w = tf.variable(tf.zeros([2]), true, 'w-tos-example');
 * const opt = new StochasticThreeSplit({ 'w-tos-example': linfBall(1) }, { lr: 0.5, penalties: { 'w-tos-example': l1(0.5) } });
 * for (let i = 0; i < 100; i++) opt.minimize(() => w.sub(tf.tensor1d([3, 0.2])).square().sum().div(2));
 * w.arraySync(); // ≈ [1, 0]
 * ```
 */
export class StochasticThreeSplit<
  C extends Constraint & Proximable = Constraint & Proximable,
  G extends Constraint & Proximable = Constraint & Proximable,
> extends ConstrainedStochasticOptimizer<C> {
  static get className(): string {
    return 'SparsekitStochasticThreeSplit';
  }
  readonly lr: number;
  readonly normalization: GradientNormalization;
  /** Second term g of each variable, by variable name. */
  readonly penalties: ReadonlyMap<string, G>;

  constructor(parameters: ParameterConstraints<C>, options: StochasticThreeSplitOptions<G> = {}) {
    requireKnownKeys(options, KEYS);
    super(parameters, options, 'free');
    this.lr = checkLearningRate(options.lr ?? 0.1) as number;
    this.normalization = checkChoice('normalization', options.normalization ?? 'none', ['none', 'l2', 'linf', 'sign'] as const);
    this.penalties = resolveParameterConstraints(options.penalties ?? {}, 'penalties');
    this.requireEach('StochasticThreeSplit', [['prox', 'project']]);
    this.requireEach('StochasticThreeSplit', [['prox', 'project']], this.penalties, 'penalties');
  }

  protected step(p: tf.Variable, grad: tf.Tensor, constraint: C, ctx: StepContext): StepResult {
    const gamma = this.lr;
    const z = ctx.slot('z', () => tf.clone(p));
    const xg = this.proxG(ctx.name, tf.sub(tf.sub(tf.mul(p, 2), z), tf.mul(normalizeGradient(grad, this.normalization), gamma)));
    const residual = tf.sub(xg, p);
    const zNext = tf.add(z, residual);
    z.assign(zNext);
    return { value: proxOf(constraint, zNext, gamma), certificate: tf.div(l2Norm(residual), gamma) as tf.Scalar };
  }

  protected freeStep(p: tf.Variable, grad: tf.Tensor, ctx: StepContext): StepResult {
    const value = this.proxG(ctx.name, tf.sub(p, tf.mul(normalizeGradient(grad, this.normalization), this.lr)));
    return { value, certificate: tf.div(l2Norm(tf.sub(value, p)), this.lr) as tf.Scalar };
  }

  private proxG(name: string, x: tf.Tensor): tf.Tensor {
    const g = this.penalties.get(name);
    return g === undefined ? x : proxOf(g, x, this.lr);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { lr: this.lr, normalization: this.normalization };
  }

  static override fromConfig(): never {
    return notDeserializable('StochasticThreeSplit');
  }
}
