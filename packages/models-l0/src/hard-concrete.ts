/**
 * The hard-concrete distribution of Louizos, Welling & Kingma (ICLR 2018): a binary-concrete
 * variable stretched to (γ, ζ) and clamped to [0, 1], so a gate is exactly 0 or 1 with positive
 * probability while its parameter log α still gets reparameterized gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { requirePositive, SparsekitError, type Rng } from '@sparsekit/tensor';
import { logisticNoise } from './internal/host-gates.js';

/**
 * Deterministic gate used in evaluation mode.
 * - `'paper'`: clamp(σ(log α)(ζ−γ)+γ, 0, 1), Louizos et al. and the AMLab code; 0 when log α ≤ −2.398.
 * - `'median'`: clamp(σ(log α/β)(ζ−γ)+γ, 0, 1), the median of the gate (constrained_sparsity's
 *   `evaluation_gates`); 0 when log α ≤ −1.599.
 */
export type TestGateRule = 'paper' | 'median';

/** Parameters of {@link HardConcrete}; defaults are the paper's. */
export interface HardConcreteOptions {
  /** Temperature β. Default 2/3. */
  readonly beta?: number;
  /** Lower stretch γ < 0. Default −0.1. */
  readonly gamma?: number;
  /** Upper stretch ζ > 1. Default 1.1. */
  readonly zeta?: number;
  /** Evaluation gate. Default 'paper'. */
  readonly testGate?: TestGateRule;
  /** u is drawn from U(eps, 1 − eps). Default 1e-6. */
  readonly eps?: number;
}

const RULES: readonly TestGateRule[] = ['paper', 'median'];

const logit = (p: number): number => Math.log(p / (1 - p));

/** Sums a broadcast gradient back to the shape of its input (leading axes, then size-1 axes). */
function reduceTo(g: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes = g.shape.map((_, i) => i).filter((i) => i < lead || shape[i - lead] === 1);
  return tf.reshape(tf.sum(g, axes), shape as number[]);
}

/**
 * Hard-concrete gates z = clamp(σ((log u − log(1−u) + log α)/β)(ζ−γ)+γ, 0, 1), u ~ U(0, 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { HardConcrete } from '@sparsekit/models-l0';
 * const hc = new HardConcrete();
 * const logAlpha = tf.tensor1d([-3, 0, 3]);
 * hc.probNonZero(logAlpha).arraySync(); // ≈ [0.1976, 0.8318, 0.9900]
 * hc.testGate(logAlpha).arraySync();    // [0, 0.5, 1]
 * ```
 */
export class HardConcrete {
  readonly beta: number;
  readonly gamma: number;
  readonly zeta: number;
  readonly rule: TestGateRule;
  readonly eps: number;

  constructor(options: HardConcreteOptions = {}) {
    this.beta = requirePositive('beta', options.beta ?? 2 / 3);
    this.gamma = options.gamma ?? -0.1;
    this.zeta = options.zeta ?? 1.1;
    if (!(this.gamma < 0)) throw new SparsekitError({ argument: 'gamma', value: this.gamma, expected: 'a number < 0' });
    if (!(this.zeta > 1) || !Number.isFinite(this.zeta)) {
      throw new SparsekitError({ argument: 'zeta', value: this.zeta, expected: 'a finite number > 1' });
    }
    this.rule = options.testGate ?? 'paper';
    if (!RULES.includes(this.rule)) throw new SparsekitError({ argument: 'testGate', value: this.rule, expected: "'paper' or 'median'" });
    this.eps = options.eps ?? 1e-6;
    if (!(this.eps > 0 && this.eps < 0.5)) throw new SparsekitError({ argument: 'eps', value: this.eps, expected: 'a number in (0, 0.5)' });
  }

  /** log α whose gate drops with probability `dropRate` before stretching: log((1−d)/d) (AMLab's init). */
  static logAlphaFromDropRate(dropRate: number): number {
    if (!(dropRate > 0 && dropRate < 1)) {
      throw new SparsekitError({ argument: 'dropRate', value: dropRate, expected: 'a number in (0, 1)' });
    }
    return Math.log((1 - dropRate) / dropRate);
  }

  /** Gates for given uniforms u (any shape broadcasting with log α); differentiable in log α. */
  sample(logAlpha: tf.Tensor, u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.sampleFromNoise(logAlpha, tf.sub(tf.log(u), tf.log1p(tf.neg(u)))));
  }

  /**
   * Seeded gates of the given shape (default: the shape of log α), u ~ U(eps, 1−eps). One uniform
   * draw per gate, turned into logistic noise log u − log(1−u) in float64 on the host, so the
   * device runs only the few kernels of {@link HardConcrete.sampleFromNoise}.
   */
  sampleWith(logAlpha: tf.Tensor, rng: Rng, shape: readonly number[] = logAlpha.shape): tf.Tensor {
    const noise = logisticNoise(
      rng,
      shape.reduce((a, b) => a * b, 1),
      this.eps,
    );
    return tf.tidy(() => this.sampleFromNoise(logAlpha, tf.tensor(Float32Array.from(noise), [...shape])));
  }

  /**
   * Gates for given logistic noise l = log u − log(1−u): clamp(σ((l + log α)/β)(ζ−γ)+γ, 0, 1),
   * with a hand-written gradient in log α, (ζ−γ)/β·s(1−s) inside (0, 1) and 0 where clamped, so
   * the backward pass is three kernels instead of the autodiff chain through the clamp.
   */
  sampleFromNoise(logAlpha: tf.Tensor, noise: tf.Tensor): tf.Tensor {
    const [beta, gamma, scale] = [this.beta, this.gamma, this.zeta - this.gamma];
    const sampled = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [la, save] = args as [tf.Tensor, tf.GradSaveFunc];
      const s = tf.sigmoid(tf.mul(tf.add(noise, la), 1 / beta));
      const stretched = tf.add(tf.mul(s, scale), gamma);
      const z = tf.clipByValue(stretched, 0, 1);
      save([s, z]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sv, zv] = saved;
        // z(1 − z) > 0 exactly where z is inside (0, 1), where the clamp passes the gradient
        const open = tf.step(tf.mul(zv, tf.sub(1, zv)));
        const local = tf.mul(tf.mul(sv, tf.sub(1, sv)), open);
        const g = tf.mul(tf.mul(dy, local), scale / beta);
        return reduceTo(g, la.shape);
      };
      return { value: z, gradFunc };
    });
    return sampled(logAlpha) as tf.Tensor;
  }

  /** P(z ≠ 0) = σ(log α − β·log(−γ/ζ)). */
  probNonZero(logAlpha: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sigmoid(tf.sub(logAlpha, this.beta * Math.log(-this.gamma / this.zeta))));
  }

  /** P(z = 1) = σ(log α − β·log((1−γ)/(ζ−1))). */
  probOne(logAlpha: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sigmoid(tf.sub(logAlpha, this.beta * Math.log((1 - this.gamma) / (this.zeta - 1)))));
  }

  /** E‖z‖₀ = Σ P(z ≠ 0). */
  expectedL0(logAlpha: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.sum(this.probNonZero(logAlpha)));
  }

  /** Deterministic evaluation gate (see {@link TestGateRule}). */
  testGate(logAlpha: tf.Tensor, rule: TestGateRule = this.rule): tf.Tensor {
    return tf.tidy(() => {
      const s = tf.sigmoid(rule === 'median' ? tf.div(logAlpha, this.beta) : logAlpha);
      return tf.clipByValue(tf.add(tf.mul(s, this.zeta - this.gamma), this.gamma), 0, 1);
    });
  }

  /** The log α at or below which the evaluation gate is exactly 0 (−2.398 'paper', −1.599 'median'). */
  zeroThreshold(rule: TestGateRule = this.rule): number {
    const t = logit(-this.gamma / (this.zeta - this.gamma));
    return rule === 'median' ? this.beta * t : t;
  }

  /** The log α at or above which the evaluation gate is exactly 1. */
  oneThreshold(rule: TestGateRule = this.rule): number {
    const t = logit((1 - this.gamma) / (this.zeta - this.gamma));
    return rule === 'median' ? this.beta * t : t;
  }
}
