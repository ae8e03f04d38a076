/**
 * The accuracy-vs-density curve of stochastic Frank-Wolfe training from zero (Négiar, El Ghaoui,
 * Pedregosa), next to the dense model trained the same epochs on the same digits with Adam and
 * the row-L1 projection of A; Frank-Wolfe on every matrix or, through `perMatrixOptimizer`, on A
 * (and B) only with Adam on the rest. Each run is one sample: its time is the whole training, its metrics
 * the test accuracy and the densities of A and B.
 */
import * as tf from '@tensorflow/tfjs';
import { StochasticFrankWolfe, type StochasticFrankWolfeOptions } from '@sparsekit/solvers/stochastic';
import {
  frankWolfeConstraints,
  implicitLayer,
  layerSparsity,
  perMatrixOptimizer,
  wellPosednessCallback,
  type FrankWolfeConstraintOptions,
  type ImplicitLayer,
} from '@sparsekit/models-implicit';
import { timingSolver } from '../../adapters.js';
import type { SuiteSize } from '../../types.js';
import { testAccuracy, trainHead, type Digits } from './mnist-digits.js';

/** Training digits and epochs of every run of the curve (full: the whole official training set). */
export function densitySize(size: SuiteSize): { trainSize: number; epochs: number } {
  return size === 'full' ? { trainSize: 60_000, epochs: 3 } : { trainSize: 8000, epochs: 3 };
}

/**
 * How a run trains: Adam with the projection of A (dense baseline); stochastic Frank-Wolfe on
 * every matrix with the previous constant step 0.05 and small balls for B, C, D ('sfw-constant'),
 * or with the decreasing step γ_t = 1/(t+1) and momentum μ_t = 1 − (t+1)^(−1/3) of Mokhtari et
 * al. and larger balls ('sfw'); Frank-Wolfe on A (and B) with Adam on the rest ('sfw-a', 'sfw-ab').
 */
type Training = 'adam' | 'sfw-constant' | 'sfw' | 'sfw-a' | 'sfw-ab';

function build(seed: number, fromZero: boolean): { model: tf.Sequential; layer: ImplicitLayer } {
  const layer = implicitLayer({
    units: 10,
    hiddenUnits: 100,
    kappa: 0.95,
    activation: 'leakyRelu',
    leakyReluAlpha: 0.1,
    seed,
    inputShape: [784],
    initializer: fromZero ? 'zerosRandomReadout' : 'random',
    forward: { tol: 1e-4 },
    backward: { solver: { tol: 1e-4 } },
  });
  return { model: tf.sequential({ layers: [layer] }), layer };
}

const loss = (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p);

function metricsOf(model: tf.Sequential, layer: ImplicitLayer, d: Digits): Record<string, number> {
  const s = layerSparsity(layer);
  return {
    accuracy: testAccuracy(model, d),
    densityA: s.A.density,
    densityB: s.B.density,
    maxRowNonzerosA: s.A.maxRowNonzeros,
    rankB: s.B.rank,
  };
}

/** Step rule of the seeds (Négiar et al.'s stochastic Frank-Wolfe): decreasing step, increasing momentum. */
const DECREASING = { lr: 'sublinear', momentum: 'auto' } as const;

/** A: rows in L1(κ) when `radiusA` is absent, else the L1 ball of the whole matrix. */
function setA(radiusA: number | undefined): FrankWolfeConstraintOptions {
  return radiusA === undefined ? {} : { A: { type: 'l1', radius: radiusA } };
}

function optimizerFor(training: Training, layer: ImplicitLayer, radiusA: number | undefined): tf.Optimizer {
  const sfw = (sets: FrankWolfeConstraintOptions, step: StochasticFrankWolfeOptions) =>
    new StochasticFrankWolfe(frankWolfeConstraints(layer, sets), { ...step, unconstrained: 'skip' });
  const a = setA(radiusA);
  switch (training) {
    case 'adam':
      return tf.train.adam(5e-3);
    case 'sfw-constant':
      return sfw(
        { ...a, B: { type: 'rowL1', radius: 5 }, C: { type: 'rowL1', radius: 10 }, D: { type: 'rowL1', radius: 2 } },
        { lr: 0.05, momentum: 0.9 },
      );
    case 'sfw':
      return sfw({ ...a, B: { type: 'rowL1', radius: 20 }, C: { type: 'rowL1', radius: 20 }, D: { type: 'rowL1', radius: 5 } }, DECREASING);
    case 'sfw-a':
      return perMatrixOptimizer(layer, { A: sfw(a, DECREASING), others: tf.train.adam(5e-3) });
    case 'sfw-ab':
      return perMatrixOptimizer(layer, {
        A: sfw(a, DECREASING),
        B: sfw({ B: { type: 'rowL1', radius: 20 } }, DECREASING),
        others: tf.train.adam(5e-3),
      });
  }
}

function densitySolver(name: string, size: SuiteSize, training: Training, radii?: readonly number[]) {
  const { trainSize, epochs } = densitySize(size);
  const fromZero = training !== 'adam';
  return timingSolver<Digits>({
    name,
    problems: ['density'],
    ...(radii ? { params: { radiusA: [...radii] } } : {}),
    baseline: !fromZero,
    samples: 1,
    warmup: 0,
    prepare: (d, ctx) => {
      const { model, layer } = build(ctx.seed, fromZero);
      const radius = ctx.params.radiusA === undefined ? undefined : Number(ctx.params.radiusA);
      model.compile({ optimizer: optimizerFor(training, layer, radius), loss });
      const { x, y } = trainHead(d, trainSize);
      const oneHot = tf.oneHot(y, 10);
      const callbacks = fromZero ? [] : [wellPosednessCallback(model)];
      return {
        call: async () => {
          await model.fit(x, oneHot, { epochs, batchSize: 100, shuffle: false, verbose: 0, callbacks });
          return { metrics: metricsOf(model, layer, d) };
        },
        dispose: () => {
          tf.dispose([x, y, oneHot]);
          model.optimizer.dispose();
          model.dispose();
        },
      };
    },
  });
}

/**
 * Radii r ≤ κ of the L1 ball of the whole of A (‖A‖∞ ≤ ‖A‖₁ ≤ r: at most one new nonzero in A per
 * step) swept where A is trained by Frank-Wolfe with Adam on the rest.
 */
export const A_RADII = [0.1, 0.5, 0.95] as const;

/**
 * Adam + projection (the baseline); Frank-Wolfe on every matrix, previous constant step, A rows in
 * L1(κ); Frank-Wolfe on every matrix with the decreasing step, A rows in L1(κ) or ‖A‖₁ ≤ 0.5;
 * Frank-Wolfe on A with Adam on B, C, D for r in {@link A_RADII}; Frank-Wolfe on A and B, Adam on C, D.
 */
export function densitySolvers(size: SuiteSize) {
  return [
    densitySolver('adam (dense, projected)', size, 'adam'),
    densitySolver('sfw all, constant step 0.05, A rows in L1(κ)', size, 'sfw-constant'),
    densitySolver('sfw all, step 1/(t+1), A rows in L1(κ)', size, 'sfw'),
    densitySolver('sfw all, step 1/(t+1), ‖A‖₁ ≤ r', size, 'sfw', [0.5]),
    densitySolver('sfw on A (‖A‖₁ ≤ r) + adam on B, C, D', size, 'sfw-a', A_RADII),
    densitySolver('sfw on A (‖A‖₁ ≤ r) and B + adam on C, D', size, 'sfw-ab', [0.5]),
  ];
}
