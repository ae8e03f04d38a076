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

/** Row-wise L1 radii of B swept by Frank-Wolfe (A keeps ‖A‖∞ ≤ κ; C and D rows have radii 10 and 2). */
export const B_RADII = [2, 5, 20] as const;

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

function densitySolver(name: string, size: SuiteSize, fromZero: boolean, baseline: boolean) {
  const { trainSize, epochs } = densitySize(size);
  return timingSolver<Digits>({
    name,
    problems: ['density'],
    ...(fromZero ? { params: { radiusB: [...B_RADII] } } : {}),
    baseline,
    samples: 1,
    warmup: 0,
    prepare: (d, ctx) => {
      const { model, layer } = build(ctx.seed, fromZero);
      const radius = Number(ctx.params.radiusB);
      const optimizer = fromZero
        ? new StochasticFrankWolfe(
            frankWolfeConstraints(layer, {
              B: { type: 'rowL1', radius },
              C: { type: 'rowL1', radius: 10 },
              D: { type: 'rowL1', radius: 2 },
            }),
            { lr: 0.05, momentum: 0.9 },
          )
        : tf.train.adam(5e-3);
      model.compile({ optimizer, loss });
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

/** Adam + projection (the baseline) and Frank-Wolfe from zero at each radius of {@link B_RADII}. */
export function densitySolvers(size: SuiteSize) {
  return [densitySolver('adam (dense, projected)', size, false, true), densitySolver('sfw from zero', size, true, false)];
}
