/**
 * The accuracy-vs-density curve of stochastic Frank-Wolfe training from zero (Négiar, El Ghaoui,
 * Pedregosa), next to the dense model trained the same epochs on the same digits with Adam and
 * the row-L1 projection of A. Each run is one sample: its time is the whole training, its metrics
 * the test accuracy and the densities of A and B.
 */
import * as tf from '@tensorflow/tfjs';
import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
import { frankWolfeConstraints, implicitLayer, layerSparsity, wellPosednessCallback, type ImplicitLayer } from '@sparsekit/models-implicit';
import { timingSolver } from '../../adapters.js';
import type { SuiteSize } from '../../types.js';
import { testAccuracy, trainHead, type Digits } from './mnist-digits.js';

/** Training digits and epochs of every run of the curve. */
export function densitySize(size: SuiteSize): { trainSize: number; epochs: number } {
  return size === 'full' ? { trainSize: 20_000, epochs: 3 } : { trainSize: 8000, epochs: 3 };
}

/**
 * Radii r ≤ κ of the L1 ball of the whole of A swept by Frank-Wolfe (‖A‖∞ ≤ ‖A‖₁ ≤ r: at most one
 * new nonzero in A per step); the row-wise set ‖A‖∞ ≤ κ is run too. B, C, D rows lie in L1 balls
 * of radii 5, 10 and 2.
 */
export const A_RADII = [0.1, 0.5, 0.95] as const;

type Training = 'adam' | 'sfw-rows' | 'sfw-l1';

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

function optimizerFor(training: Training, layer: ImplicitLayer, radiusA: number): tf.Optimizer {
  if (training === 'adam') return tf.train.adam(5e-3);
  const sets = frankWolfeConstraints(layer, {
    ...(training === 'sfw-l1' ? { A: { type: 'l1', radius: radiusA } as const } : {}),
    B: { type: 'rowL1', radius: 5 },
    C: { type: 'rowL1', radius: 10 },
    D: { type: 'rowL1', radius: 2 },
  });
  return new StochasticFrankWolfe(sets, { lr: 0.05, momentum: 0.9 });
}

function densitySolver(name: string, size: SuiteSize, training: Training) {
  const { trainSize, epochs } = densitySize(size);
  const fromZero = training !== 'adam';
  return timingSolver<Digits>({
    name,
    problems: ['density'],
    ...(training === 'sfw-l1' ? { params: { radiusA: [...A_RADII] } } : {}),
    baseline: !fromZero,
    samples: 1,
    warmup: 0,
    prepare: (d, ctx) => {
      const { model, layer } = build(ctx.seed, fromZero);
      model.compile({ optimizer: optimizerFor(training, layer, Number(ctx.params.radiusA)), loss });
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

/** Adam + projection (the baseline), Frank-Wolfe from zero with A's rows in L1(κ), and with ‖A‖₁ ≤ r for r in {@link A_RADII}. */
export function densitySolvers(size: SuiteSize) {
  return [
    densitySolver('adam (dense, projected)', size, 'adam'),
    densitySolver('sfw from zero, A rows in L1(κ)', size, 'sfw-rows'),
    densitySolver('sfw from zero, ‖A‖₁ ≤ r', size, 'sfw-l1'),
  ];
}
