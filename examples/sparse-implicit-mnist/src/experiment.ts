/**
 * Two implicit models (n = 100 hidden, κ = 0.95, leaky ReLU) on MNIST digits:
 * - dense: Adam, A kept in ‖A‖∞ ≤ κ by projection after every step;
 * - sparse: stochastic Frank-Wolfe from all-zero weights (row-L1 balls), sparse by construction.
 * Each is reported with clean accuracy, PGD accuracy, certified accuracy, its L∞ Lipschitz
 * certificate and the density of A and B.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
import {
  frankWolfeConstraints,
  implicitLayer,
  layerSparsity,
  lipschitzCertificate,
  robustAccuracy,
  wellPosednessCallback,
  type ImplicitLayer,
} from '@sparsekit/models-implicit';
import { loadSplits, type Split } from './data.js';

export interface ExperimentOptions {
  readonly train: number;
  readonly test: number;
  readonly epochs: number;
  readonly epsilon: number;
  readonly seed: number;
  /** `'small'` (default): the 10,000 digits of the `mnist` package; `'official'`: LeCun's 60,000 / 10,000 split. */
  readonly source?: 'small' | 'official';
}

export interface ModelReport {
  readonly name: string;
  readonly clean: number;
  readonly robust: number;
  readonly certified: number;
  readonly lipschitz: number;
  readonly densityA: number;
  readonly densityB: number;
  readonly normA: number;
  readonly trainSeconds: number;
}

function build(seed: number, zeros: boolean): { model: tf.Sequential; layer: ImplicitLayer } {
  const layer = implicitLayer({
    units: 10,
    hiddenUnits: 100,
    kappa: 0.95,
    activation: 'leakyRelu',
    leakyReluAlpha: 0.1,
    seed,
    inputShape: [784],
    initializer: zeros ? 'zerosRandomReadout' : 'random',
    forward: { tol: 1e-4 },
    backward: { solver: { tol: 1e-4 } },
  });
  return { model: tf.sequential({ layers: [layer] }), layer };
}

const loss = (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p);

async function report(
  name: string,
  model: tf.Sequential,
  layer: ImplicitLayer,
  test: Split,
  o: ExperimentOptions,
  seconds: number,
): Promise<ModelReport> {
  const r = robustAccuracy(model, layer, test.x, test.y, { epsilon: o.epsilon, maxIter: 10 });
  if (E.isLeft(r)) throw r.left;
  const s = layerSparsity(layer);
  const normA = Math.max(...(layer.A.read().arraySync() as number[][]).map((row) => row.reduce((t, v) => t + Math.abs(v), 0)));
  const cert = lipschitzCertificate(layer);
  return {
    name,
    ...r.right,
    lipschitz: Math.min(cert.normInf, cert.nemon),
    densityA: s.A.density,
    densityB: s.B.density,
    normA,
    trainSeconds: seconds,
  };
}

export async function runExperiment(o: ExperimentOptions, log: (line: string) => void = () => undefined): Promise<ModelReport[]> {
  const { train, test } = loadSplits(o.train, o.test, o.seed, o.source ?? 'small');
  const oneHot = tf.oneHot(train.y, 10);
  const fit = { epochs: o.epochs, batchSize: 100, shuffle: false, verbose: 0 as const };
  const out: ModelReport[] = [];
  try {
    const dense = build(o.seed, false);
    dense.model.compile({ optimizer: tf.train.adam(5e-3), loss });
    let t0 = performance.now();
    await dense.model.fit(train.x, oneHot, { ...fit, callbacks: [wellPosednessCallback(dense.model)] });
    out.push(await report('dense (Adam + projection)', dense.model, dense.layer, test, o, (performance.now() - t0) / 1000));
    log(JSON.stringify(out[out.length - 1]));
    dense.model.dispose();

    const sparse = build(o.seed, true);
    const sets = frankWolfeConstraints(sparse.layer, {
      B: { type: 'rowL1', radius: 5 },
      C: { type: 'rowL1', radius: 10 },
      D: { type: 'rowL1', radius: 2 },
    });
    // The seeds' step rule: γ_t = 1/(t+1), momentum μ_t = 1 − (t+1)^(−1/3) (a constant step never settles).
    sparse.model.compile({ optimizer: new StochasticFrankWolfe(sets, { lr: 'sublinear', momentum: 'auto' }), loss });
    t0 = performance.now();
    await sparse.model.fit(train.x, oneHot, fit);
    out.push(await report('sparse (SFW from zero)', sparse.model, sparse.layer, test, o, (performance.now() - t0) / 1000));
    log(JSON.stringify(out[out.length - 1]));
    sparse.model.dispose();
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y, oneHot]);
  }
  return out;
}
