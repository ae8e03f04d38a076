/**
 * The `model.fit` form of constrained L0 training: a callback that adds λᵀ(density − ε) to the
 * loss `model.fit` minimizes (as a layer loss of the first gated layer, so the compiled optimizer
 * moves the weights and gates) and takes a projected dual ascent step on λ after every batch.
 */
import { requireGatedLayers } from './internal/require-gated-layers.js';
import type { GatedLayer } from './internal/gated-layer.js';
import * as tf from '@tensorflow/tfjs';
import { dualDirection, primalTerm } from '@sparsekit/solvers/lagrangian';
import { requirePositive, SparsekitError } from '@sparsekit/tensor';
import { expectedDensity } from './expected-l0.js';
import type { ConstrainedEpochLog } from './fit-constrained.js';
import { checkEpsilon } from './internal/epsilon.js';
import { rejectUnknownKeys } from './internal/gate-config.js';

/** Options of {@link constrainedCallback}. */
export interface ConstrainedCallbackOptions {
  /** Target expected density: one number (model-wise) or one per gated layer. */
  readonly epsilon: number | readonly number[];
  /** Dual ascent step. Default 1e-4 (constrained_sparsity MNIST); small problems want more. */
  readonly dualLr?: number;
  /** Reset a multiplier to 0 while its constraint holds. Default true. */
  readonly dualRestarts?: boolean;
  /** `'lagrangian'` (default) or `'augmented-lagrangian'`. */
  readonly formulation?: 'lagrangian' | 'augmented-lagrangian';
  /** Penalty coefficient of the augmented Lagrangian. Default 1. */
  readonly penalty?: number;
  /** Called after every epoch; return 'stop' to stop training. */
  readonly onEpochEnd?: (log: ConstrainedEpochLog) => void | 'stop';
}

const KEYS = ['epsilon', 'dualLr', 'dualRestarts', 'formulation', 'penalty', 'onEpochEnd'];

/**
 * The callback of {@link constrainedCallback}. `history` holds one entry per epoch; the
 * multipliers persist across `fit` calls with the same callback (call `dispose()` when done).
 */
export class ConstrainedCallback extends tf.Callback {
  readonly history: ConstrainedEpochLog[] = [];
  private lambda: tf.Variable | undefined;
  private epsT: tf.Tensor1D | undefined;
  private term: (() => tf.Scalar) | undefined;
  private host: tf.layers.Layer | undefined;
  /** The gated layers found at the start of the fit (the model's layers do not change during it). */
  private layers: GatedLayer[] = [];
  private readonly dualLr: number;
  private readonly c: number;
  private readonly formulation: 'lagrangian' | 'augmented-lagrangian';

  constructor(private readonly options: ConstrainedCallbackOptions) {
    super();
    rejectUnknownKeys('constrainedCallback', options, KEYS);
    checkEpsilon(options.epsilon, Array.isArray(options.epsilon) ? options.epsilon.length : 1);
    this.dualLr = requirePositive('dualLr', options.dualLr ?? 1e-4);
    this.c = requirePositive('penalty', options.penalty ?? 1);
    this.formulation = options.formulation ?? 'lagrangian';
    if (this.formulation !== 'lagrangian' && this.formulation !== 'augmented-lagrangian') {
      throw new SparsekitError({ argument: 'formulation', value: this.formulation, expected: "'lagrangian' or 'augmented-lagrangian'" });
    }
  }

  private get scope(): 'model' | 'layer' {
    return typeof this.options.epsilon === 'number' ? 'model' : 'layer';
  }

  private violation(): tf.Tensor1D {
    return tf.tidy(() => tf.sub(tf.reshape(expectedDensity(this.model, this.scope), [-1]), this.epsT!));
  }

  /** Attaches λᵀg to the first gated layer's losses for this fit. */
  override async onTrainBegin(): Promise<void> {
    const layers = requireGatedLayers(this.model);
    this.layers = layers;
    const eps = typeof this.options.epsilon === 'number' ? [this.options.epsilon] : checkEpsilon(this.options.epsilon, layers.length);
    this.epsT ??= tf.tensor1d(eps);
    this.lambda ??= tf.variable(tf.zeros([eps.length]), false);
    const [lambda, c, f] = [this.lambda, this.c, this.formulation];
    this.term = () => primalTerm(f, 'ineq', this.violation(), lambda, c);
    this.host = layers[0];
    this.host.addLoss(this.term);
  }

  /** Clamps log α (as the anchors do after every step), then projected dual ascent on λ at the weights the batch's primal step produced. */
  override async onBatchEnd(): Promise<void> {
    const lambda = this.lambda!;
    for (const layer of this.layers) layer.clampLogAlpha();
    tf.tidy(() => {
      const g = this.violation();
      // A non-finite violation leaves λ as it was; model.fit reports the NaN loss itself.
      if (tf.all(tf.isFinite(g)).dataSync()[0] !== 1) return;
      const d = dualDirection(this.formulation, 'ineq', g, lambda, this.c)!;
      let next = tf.relu(tf.add(lambda, tf.mul(d, this.dualLr)));
      if (this.options.dualRestarts ?? true) next = tf.where(tf.lessEqual(g, 0), tf.zerosLike(next), next);
      lambda.assign(next);
    });
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const density = tf.tidy(() => Array.from(tf.reshape(expectedDensity(this.model, this.scope), [-1]).dataSync()));
    const eps = Array.from(this.epsT!.dataSync());
    const entry: ConstrainedEpochLog = {
      epoch,
      loss: Number(logs?.loss ?? NaN),
      density,
      violation: density.map((d, i) => d - eps[i]),
      multiplier: Array.from(this.lambda!.dataSync()),
    };
    this.history.push(entry);
    if (this.options.onEpochEnd?.(entry) === 'stop') this.model.stopTraining = true;
  }

  /** Removes the Lagrangian term from the layer's losses: later fits and evaluations see the plain loss. */
  override async onTrainEnd(): Promise<void> {
    this.detach();
  }

  /** Removes the term if a fit ended by an exception (onTrainEnd did not run). Idempotent. */
  detach(): void {
    if (!this.host || !this.term) return;
    const losses = this.host.losses as unknown[];
    const at = losses.indexOf(this.term);
    if (at >= 0) losses.splice(at, 1);
    this.host = undefined;
    this.term = undefined;
  }

  /** A copy of the current multipliers. */
  multiplier(): number[] {
    return this.lambda ? Array.from(this.lambda.dataSync()) : [];
  }

  /** Detaches and frees the multipliers. */
  dispose(): void {
    this.detach();
    tf.dispose([this.lambda, this.epsT]);
    this.lambda = undefined;
    this.epsT = undefined;
  }
}

/**
 * A `model.fit` callback that trains under expected density ≤ ε (model-wise, or per gated layer
 * with an array): the compiled optimizer descends loss + λᵀ(density − ε), the callback ascends λ
 * after each batch (alternating descent–ascent, dual restarts by default). Use
 * `gateOptimizer` in `model.compile` for a larger gate step.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { constrainedCallback, l0Dense } from '@sparsekit/models-l0';
 * const model = tf.sequential({ layers: [l0Dense({ units: 8, inputShape: [4], activation: 'relu' }), l0Dense({ units: 2 })] });
 * model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
 * const cb = constrainedCallback({ epsilon: 0.5, dualLr: 0.05 });
 * await model.fit(tf.randomNormal([64, 4]), tf.randomNormal([64, 2]), { epochs: 2, callbacks: [cb], verbose: 0 });
 * cb.history.at(-1)?.density; // expected density per epoch
 * cb.dispose();
 * ```
 */
export function constrainedCallback(options: ConstrainedCallbackOptions): ConstrainedCallback {
  return new ConstrainedCallback(options);
}
