/**
 * What `L0Dense` and `L0Conv2d` share: the kernel, bias and log α weights, gate sampling in
 * training, the deterministic gate in evaluation, the layer's expected L0 and its AMLab penalty.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '@sparsekit/tensor';
import { HardConcrete } from '../hard-concrete.js';
import { hardConcreteOf, resolveGateOptions, seedFromName, type L0GateOptions, type ResolvedGateOptions } from './gate-config.js';
import { hostGates, logisticNoise, onHostBackend, type HostGates } from './host-gates.js';
import { hostPenalty, type PenaltyAttrs } from './penalty-kernel.js';

type LayerVariable = ReturnType<tf.layers.Layer['addWeight']>;

/** The range AMLab and constrained_sparsity keep log α in: [log 1e-2, log 1e2]. */
export const LOG_ALPHA_MIN = Math.log(1e-2);
export const LOG_ALPHA_MAX = Math.log(1e2);

/** Expected L0 of one gated layer. */
export interface LayerL0 {
  readonly name: string;
  /** Σ P(z ≠ 0) over the gates. */
  readonly gates: number;
  /** Expected number of active kernel weights (gate probabilities × weights per gate). */
  readonly params: number;
  /** Kernel size (biases are not gated by input gates and are not counted). */
  readonly total: number;
  /** params / total. */
  readonly fraction: number;
}

/**
 * Base class of the L0-gated layers (`L0Dense`, `L0Conv2d`): `instanceof GatedLayer` finds them.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { GatedLayer, l0Dense } from '@sparsekit/models-l0';
 * const m = tf.sequential({ layers: [l0Dense({ units: 2, inputShape: [3] }), tf.layers.dense({ units: 1 })] });
 * m.layers.filter((l) => l instanceof GatedLayer).length; // 1
 * ```
 */
export abstract class GatedLayer extends tf.layers.Layer {
  readonly options: ResolvedGateOptions;
  readonly hc: HardConcrete;
  kernel!: LayerVariable;
  bias: LayerVariable | null = null;
  logAlpha!: LayerVariable;
  private rng: Rng | undefined;

  protected constructor(kind: string, config: L0GateOptions) {
    super(config as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.options = resolveGateOptions(kind, config);
    this.hc = hardConcreteOf(this.options);
  }

  /** The seed actually used (explicit, or derived from the layer name). */
  get seed(): number {
    return this.options.seed ?? seedFromName(this.name);
  }

  protected abstract kernelShape(inputShape: number[]): number[];
  /** Shape of log α (structured: a vector; unstructured: the kernel's shape). */
  protected abstract gateShape(kernelShape: number[]): number[];
  /** Kernel weights each gate switches (1 for unstructured gates). */
  abstract weightsPerGate(): number;
  protected abstract biasSize(): number;

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    const ks = this.kernelShape(shape);
    const seed = this.seed;
    const { dropRate } = this.options;
    this.kernel = this.addWeight(
      'kernel',
      ks,
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / this.kernelFan(ks)), seed }),
    );
    // The gates scale the weights by about 1 − d at the start; dividing the initial weights by it
    // keeps the initial activations those of the ungated layer (constrained_sparsity does the same).
    tf.tidy(() => {
      this.kernel.write(tf.div(this.kernel.read(), 1 - dropRate));
    });
    if (this.options.useBias) this.bias = this.addWeight('bias', [this.biasSize()], 'float32', tf.initializers.zeros());
    const mean = HardConcrete.logAlphaFromDropRate(dropRate);
    const logAlphaInit = tf.initializers.randomNormal({ mean, stddev: 0.01, seed: seed + 1 });
    this.logAlpha = this.addWeight('log_alpha', this.gateShape(ks), 'float32', logAlphaInit);
    if (this.options.lambda > 0 || this.options.weightDecay > 0) this.addLoss(() => this.penalty());
    this.built = true;
  }

  /** The fan of the He-normal kernel init N(0, 2/fan): fan-in for dense kernels, fan-out for conv kernels (torch's kaiming_normal_ as in the anchors). */
  protected abstract kernelFan(kernelShape: number[]): number;

  /**
   * Clamps log α to [log 1e-2, log 1e2] = [−4.61, 4.61], as AMLab and constrained_sparsity do after
   * every optimizer step: a gate never closes beyond recovery (P(z ≠ 0) ≥ 0.047, so it is still
   * sampled open and gets gradient) and a large multiplier cannot drive log α to −∞.
   */
  clampLogAlpha(): void {
    const v = this.logAlpha.read() as tf.Variable;
    // On cpu and wasm reading log α is a copy: clip only when a value left the range (rare once trained).
    if (onHostBackend() && v.dataSync().every((x) => x >= LOG_ALPHA_MIN && x <= LOG_ALPHA_MAX)) return;
    tf.tidy(() => v.assign(tf.clipByValue(v, LOG_ALPHA_MIN, LOG_ALPHA_MAX)));
  }

  /** Gates for this call: sampled (training) or the deterministic evaluation gate. */
  protected gates(training: boolean, shape: number[]): tf.Tensor {
    const la = this.logAlpha.read();
    if (!training) return this.hc.testGate(la);
    this.rng ??= createRng(this.seed);
    return this.hc.sampleWith(la, this.rng, shape);
  }

  /**
   * A training sample drawn on the host from the same seeded stream as {@link GatedLayer.gates}
   * (one uniform per gate), with its slope in log α.
   */
  protected hostSample(size: number): HostGates {
    this.rng ??= createRng(this.seed);
    const noise = logisticNoise(this.rng, size, this.hc.eps);
    return hostGates(this.hc, this.logAlpha.read().dataSync(), noise);
  }

  /** Deterministic evaluation gates (a new tensor). */
  evalGates(): tf.Tensor {
    return this.hc.testGate(this.logAlpha.read());
  }

  /** P(z ≠ 0) per gate (a new tensor). */
  probNonZero(): tf.Tensor {
    return this.hc.probNonZero(this.logAlpha.read());
  }

  /** Expected number of active kernel weights, differentiable in log α. */
  expectedParams(): tf.Scalar {
    // on cpu and wasm: the penalty kernel with λ·(weights per gate)/N = weights per gate, one kernel each way
    if (onHostBackend()) return hostPenalty(this.logAlpha.read(), undefined, undefined, this.penaltyAttrs(this.weightsPerGate(), 0));
    return tf.tidy(() => tf.mul(this.hc.expectedL0(this.logAlpha.read()), this.weightsPerGate()));
  }

  private penaltyAttrs(perGate: number, decay: number): PenaltyAttrs {
    return { shift: -this.hc.beta * Math.log(-this.hc.gamma / this.hc.zeta), perGate, decay, inner: this.weightsPerRow() };
  }

  /** Kernel size. */
  kernelSize(): number {
    return (this.kernel.shape as number[]).reduce((a, b) => a * b, 1);
  }

  /** Expected L0 as numbers. */
  l0(): LayerL0 {
    const [gates, params] = tf.tidy(() => [this.hc.expectedL0(this.logAlpha.read()).dataSync()[0], this.expectedParams().dataSync()[0]]);
    const total = this.kernelSize();
    return { name: this.name, gates, params, total, fraction: params / total };
  }

  /**
   * Σ_j P(z_j ≠ 0)·Σ_{k in gate j}(½·wd·w² + λ)/N + ½·wd·‖b‖²/N (AMLab's negative log prior), as
   * (λ·(weights per gate)·Σ_j P_j + ½·wd·Σ_j P_j‖w_j‖² + ½·wd·‖b‖²)/N: without weight decay no
   * kernel-sized tensor is touched. On cpu and wasm it is one kernel computed on the host with a
   * written-out gradient.
   */
  penalty(): tf.Scalar {
    const { lambda, weightDecay, datasetSize } = this.options;
    if (onHostBackend()) {
      const attrs = this.penaltyAttrs((lambda * this.weightsPerGate()) / datasetSize, weightDecay / datasetSize);
      const decay = weightDecay > 0;
      return hostPenalty(this.logAlpha.read(), decay ? this.kernel.read() : undefined, decay ? this.bias?.read() : undefined, attrs);
    }
    return tf.tidy(() => {
      const p = this.probNonZero();
      const terms: tf.Tensor[] = [];
      if (lambda > 0) terms.push(tf.mul(tf.sum(p), (lambda * this.weightsPerGate()) / datasetSize));
      if (weightDecay > 0) {
        const sq = this.sumPerGate(tf.square(this.kernel.read()));
        terms.push(tf.mul(tf.sum(tf.mul(p, sq)), (0.5 * weightDecay) / datasetSize));
        if (this.bias) terms.push(tf.mul(tf.sum(tf.square(this.bias.read())), (0.5 * weightDecay) / datasetSize));
      }
      return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
    });
  }

  /**
   * Weight k of the flattened kernel belongs to gate ⌊k / weightsPerRow⌋ mod (number of gates):
   * the units of a dense structured gate, 1 for conv channel gates and unstructured gates.
   */
  protected abstract weightsPerRow(): number;

  /** Sums a kernel-shaped tensor over the weights of each gate. */
  protected abstract sumPerGate(perWeight: tf.Tensor): tf.Tensor;

  protected baseGateConfig(): tf.serialization.ConfigDict {
    const o = this.options;
    return {
      structure: o.structure,
      dropRate: o.dropRate,
      lambda: o.lambda,
      weightDecay: o.weightDecay,
      datasetSize: o.datasetSize,
      sampling: o.sampling,
      testGate: o.testGate,
      temperature: o.temperature,
      useBias: o.useBias,
      activation: o.activation,
      seed: this.seed,
    };
  }
}
