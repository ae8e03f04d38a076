/**
 * Constrained L0 training (Gallego-Posada et al. 2022): min loss subject to expected density ≤ ε,
 * model-wise or per gated layer, by gradient descent–ascent on the Lagrangian with
 * `@sparsekit/solvers`' `LagrangianOptimizer` (simultaneous updates and dual restarts by default).
 * After every step log α is clamped to [log 1e-2, log 1e2], as the anchors do.
 */
import { requireGatedLayers } from './internal/require-gated-layers.js';
import * as tf from '@tensorflow/tfjs';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { LagrangianOptimizer, type Formulation, type GdaMode } from '@sparsekit/solvers/lagrangian';
import { FusedAdam } from '@sparsekit/solvers/stochastic';
import { createRng, requireInteger, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { expectedDensity, gatedLayers } from './expected-l0.js';
import { checkEpsilon } from './internal/epsilon.js';
import { rejectUnknownKeys } from './internal/gate-config.js';
import type { GatedLayer } from './internal/gated-layer.js';
import { SplitOptimizer } from './internal/split-optimizer.js';

export type ConstrainedLoss =
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'meanSquaredError'
  | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);

/** Options of {@link fitConstrained}. */
export interface FitConstrainedOptions {
  /** Target expected density: one number (model-wise) or one per gated layer. */
  readonly epsilon: number | readonly number[];
  readonly epochs: number;
  readonly loss: ConstrainedLoss;
  /** Default 128. */
  readonly batchSize?: number;
  /**
   * Primal optimizer. Default Adam(7e-4), the constrained_sparsity MNIST default (a `FusedAdam`: tfjs's Adam,
   * one native kernel per variable where `@sparsekit/native` is installed).
   */
  readonly primal?: tf.Optimizer;
  /** Optimizer of the gate parameters log α (e.g. a larger step). Default: `primal`. */
  readonly gateOptimizer?: tf.Optimizer;
  /** Dual ascent step. Default 1e-4 (constrained_sparsity MNIST); small problems want more. */
  readonly dualLr?: number;
  /** Reset a multiplier to 0 while its constraint holds. Default true. */
  readonly dualRestarts?: boolean;
  /** Default 'lagrangian'. */
  readonly formulation?: Formulation;
  /** Penalty coefficient of the augmented Lagrangian / quadratic penalty. Default 1. */
  readonly penalty?: number;
  /** Default 'simultaneous'. */
  readonly mode?: GdaMode;
  /** Seed of the minibatch shuffling. Default 0. */
  readonly seed?: number;
  /** Called after every epoch; return 'stop' to stop. */
  readonly onEpochEnd?: (log: ConstrainedEpochLog) => void | 'stop';
}

/** What is logged after each epoch (one entry per constraint component). */
export interface ConstrainedEpochLog {
  readonly epoch: number;
  /** Mean minibatch loss over the epoch (without the Lagrangian terms). */
  readonly loss: number;
  /** Expected density at the end of the epoch (model-wise: one value; per layer: one per layer). */
  readonly density: number[];
  /** density − ε. */
  readonly violation: number[];
  /** Lagrange multipliers at the end of the epoch. */
  readonly multiplier: number[];
}

export interface FitConstrainedResult {
  readonly history: ConstrainedEpochLog[];
  readonly status: 'completed' | 'callback';
}

const KEYS = [
  'epsilon',
  'epochs',
  'loss',
  'batchSize',
  'primal',
  'gateOptimizer',
  'dualLr',
  'dualRestarts',
  'formulation',
  'penalty',
  'mode',
  'seed',
  'onEpochEnd',
];

/** Cross-entropy of probabilities against integer labels. */
function sparseCrossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.metrics.categoricalCrossentropy(tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), yPred.shape[yPred.rank - 1]), yPred);
}

function lossFn(loss: ConstrainedLoss): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  if (typeof loss === 'function') return loss;
  const table = {
    categoricalCrossentropy: tf.metrics.categoricalCrossentropy,
    sparseCategoricalCrossentropy: sparseCrossEntropy,
    meanSquaredError: tf.metrics.meanSquaredError,
  };
  const f = table[loss];
  if (!f) throw new SparsekitError({ argument: 'loss', value: loss, expected: `a function or one of ${Object.keys(table).join(', ')}` });
  return f;
}

/**
 * Trains `model` (with L0-gated layers) on (x, y) subject to expected density ≤ ε. Layer losses
 * (a λ penalty or weight decay set on the layers) are added to the loss, as `model.fit` does.
 * Programming errors throw; data problems (mismatched lengths, non-finite loss) are a Left.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { fitConstrained, l0Dense } from '@sparsekit/models-l0';
 * const model = tf.sequential({ layers: [l0Dense({ units: 8, inputShape: [4], activation: 'relu' }), l0Dense({ units: 2 })] });
 * const x = tf.randomNormal([64, 4], 0, 1, 'float32', 1);
 * const y = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 2), 'int32'), 2);
 * const out = fitConstrained(model, { x, y }, { epsilon: 0.5, epochs: 2, loss: (t, p) => tf.losses.softmaxCrossEntropy(t, p), dualLr: 0.01 });
 * if (isRight(out)) out.right.history.at(-1)?.multiplier; // λ per constraint
 * ```
 */
export function fitConstrained(
  model: tf.LayersModel,
  data: { readonly x: tf.Tensor; readonly y: tf.Tensor },
  options: FitConstrainedOptions,
): Either<SparsekitError, FitConstrainedResult> {
  rejectUnknownKeys('fitConstrained', options, KEYS);
  const layers = requireGatedLayers(model);
  const eps = checkEpsilon(options.epsilon, layers.length);
  const scope = typeof options.epsilon === 'number' ? 'model' : 'layer';
  const epochs = requireInteger('epochs', options.epochs, 0);
  const batchSize = requireInteger('batchSize', options.batchSize ?? 128, 1);
  const n = data.x.shape[0];
  if (data.y.shape[0] !== n || n === 0) {
    return left(new SparsekitError({ argument: 'data.y', value: data.y, expected: `${n} > 0 rows like data.x`, code: 'shape_mismatch' }));
  }
  const run = new Run(model, options, scope, eps, lossFn(options.loss));
  const rng = createRng(options.seed ?? 0);
  const history: ConstrainedEpochLog[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const loss = run.epoch(data, rng.permutationArray(n), batchSize);
      if (isLeft(loss)) return loss;
      const log = run.log(epoch, loss.right);
      history.push(log);
      if (options.onEpochEnd?.(log) === 'stop') return right({ history, status: 'callback' });
    }
    return right({ history, status: 'completed' });
  } finally {
    run.dispose();
  }
}

/** The optimizer state of one `fitConstrained` call and the minibatch its closures read. */
class Run {
  private batch: { x: tf.Tensor; y: tf.Tensor } | undefined;
  private readonly ownPrimal: tf.Optimizer | undefined;
  private readonly epsT: tf.Tensor1D;
  private readonly opt: LagrangianOptimizer;
  private readonly layers: GatedLayer[];

  constructor(
    private readonly model: tf.LayersModel,
    options: FitConstrainedOptions,
    private readonly scope: 'model' | 'layer',
    private readonly eps: number[],
    f: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
  ) {
    this.layers = gatedLayers(model);
    this.ownPrimal = options.primal ? undefined : new FusedAdam(7e-4);
    const weights = options.primal ?? this.ownPrimal!;
    const gateNames = new Set(gatedLayers(model).map((l) => (l.logAlpha.read() as tf.Variable).name));
    const primal = options.gateOptimizer ? new SplitOptimizer(weights, options.gateOptimizer, gateNames) : weights;
    const penalty = options.penalty === undefined ? undefined : requirePositive('penalty', options.penalty);
    this.epsT = tf.tensor1d(eps);
    this.opt = new LagrangianOptimizer(
      {
        loss: () => {
          const pred = model.apply(this.batch!.x, { training: true }) as tf.Tensor;
          const extra = model.layers.flatMap((l) => l.calculateLosses());
          return tf.addN([tf.mean(f(this.batch!.y, pred)), ...extra]) as tf.Scalar;
        },
        constraints: [
          {
            kind: 'ineq',
            formulation: options.formulation ?? 'lagrangian',
            penalty,
            violation: () => tf.sub(tf.reshape(expectedDensity(model, scope), [-1]), this.epsT),
          },
        ],
      },
      {
        primal,
        primalVariables: model.trainableWeights.map((w) => w.read() as tf.Variable),
        dualLr: options.dualLr ?? 1e-4,
        dualRestarts: options.dualRestarts ?? true,
        mode: options.mode,
      },
    );
  }

  /**
   * One pass over the data in the given order: the mean minibatch loss, or the optimizer's
   * refusal (code 'non_finite') of the first non-finite step, which it did not apply.
   */
  epoch(data: { readonly x: tf.Tensor; readonly y: tf.Tensor }, order: number[], batchSize: number): Either<SparsekitError, number> {
    let sum = 0;
    let count = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = tf.tensor1d(order.slice(start, start + batchSize), 'int32');
      this.batch = { x: tf.gather(data.x, idx), y: tf.gather(data.y, idx) };
      let step: ReturnType<LagrangianOptimizer['tryRoll']>;
      try {
        step = this.opt.tryRoll();
      } finally {
        tf.dispose([idx, this.batch.x, this.batch.y]);
      }
      if (isLeft(step)) return step;
      for (const layer of this.layers) layer.clampLogAlpha();
      sum += step.right.loss;
      count += 1;
    }
    return right(sum / count);
  }

  log(epoch: number, loss: number): ConstrainedEpochLog {
    return epochLog(epoch, loss, this.model, this.scope, this.eps, this.opt);
  }

  dispose(): void {
    this.opt.dispose();
    this.epsT.dispose();
    this.ownPrimal?.dispose();
  }
}

function epochLog(
  epoch: number,
  loss: number,
  model: tf.LayersModel,
  scope: 'model' | 'layer',
  eps: number[],
  opt: LagrangianOptimizer,
): ConstrainedEpochLog {
  const density = tf.tidy(() => Array.from(tf.reshape(expectedDensity(model, scope), [-1]).dataSync()));
  const m = opt.multiplier(0);
  const multiplier = m.size === 0 ? eps.map(() => 0) : Array.from(m.dataSync());
  m.dispose();
  return { epoch, loss, density, violation: density.map((d, i) => d - eps[i]), multiplier };
}
