/**
 * Regularization paths on Lasso data (timing): the LBI path (Libra's 100-value t grid), a
 * 100-value Lasso path by the project's proximal solver (FISTA) with warm starts, and
 * scikit-learn's `lasso_path` (100 alphas down to 0.01·λmax) as the in-run baseline.
 * The check value of the Lasso paths is the number of nonzeros at the smallest λ.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1 } from '@sparsekit/constraints';
import { proximalGradient } from '@sparsekit/solvers/full-batch';
import { lbi } from '@sparsekit/solvers/paths';
import { timingSolver } from '../../adapters.js';
import { pythonTimingSolver } from '../../baselines/python-timing.js';
import type { BenchProblem, BenchSolver } from '../../types.js';
import type { LassoData } from './lasso-data.js';

const POINTS = 100;
const EPS = 0.01;
/** Whole paths timed per run: ratios are medians over at least five. */
const SAMPLES = 5;

/** Each sample computes one whole path. */
export const pathProblem: BenchProblem<LassoData, LassoData> = {
  name: 'lasso-path',
  kind: 'timing',
  datasets: ['gaussian-path'],
  create: (data) => ({ spec: data, work: { amount: POINTS, unit: 'path point' } }),
};

const lbiPath = timingSolver<LassoData>({
  name: 'lbi',
  problems: ['lasso-path'],
  samples: SAMPLES,
  warmup: 1,
  prepare: (d) => {
    const X = tf.tensor2d(d.X, [d.n, d.p]);
    const y = Array.from(d.y);
    return {
      call: () => {
        const r = lbi(X, y, { kappa: 10, nt: POINTS });
        if (E.isLeft(r)) throw r.left;
      },
      dispose: () => X.dispose(),
    };
  },
});

/** FISTA over a geometric λ grid, each solve warm-started at the previous solution. */
function proximalPath(d: LassoData, X: tf.Tensor2D, y: tf.Tensor1D): number {
  const { n, p } = d;
  const valueAndGrad = (w: tf.Tensor) =>
    tf.tidy(() => {
      const r = tf.sub(tf.matMul(X, w.reshape([p, 1])).reshape([n]), y);
      return {
        value: tf.sum(tf.square(r)).div(2 * n),
        grad: tf
          .matMul(X, r.reshape([n, 1]), true, false)
          .reshape([p])
          .div(n),
      };
    });
  let x: tf.Tensor = tf.zeros([p]);
  for (let k = 0; k < POINTS; k++) {
    const lambda = d.lambdaMax * EPS ** (k / (POINTS - 1));
    const r = proximalGradient({ valueAndGrad, constraint: l1(lambda), x0: x }, { accelerated: true, tol: 1e-6, maxIter: 500 });
    x.dispose();
    if (E.isLeft(r)) throw r.left;
    x = r.right.x;
  }
  const nonzeros = tf.tidy(() => tf.sum(tf.cast(tf.notEqual(x, 0), 'float32')).dataSync()[0]);
  x.dispose();
  return nonzeros;
}

const proximal = timingSolver<LassoData>({
  name: 'proximal-path',
  problems: ['lasso-path'],
  samples: SAMPLES,
  warmup: 0,
  prepare: (d) => {
    const X = tf.tensor2d(d.X, [d.n, d.p]);
    const y = tf.tensor1d(Float32Array.from(d.y));
    return { call: () => proximalPath(d, X, y), dispose: () => tf.dispose([X, y]) };
  },
});

const sklearnPath = pythonTimingSolver<LassoData>({
  name: 'sklearn-lasso_path',
  modules: ['numpy', 'sklearn'],
  script: 'sklearn_lasso_path.py',
  problems: ['lasso-path'],
  request: (d) => ({ X: d.files.X, y: d.files.y, n: d.n, p: d.p, n_alphas: POINTS, eps: EPS, samples: SAMPLES, warmup: 1 }),
});

/** Path solvers, the scikit-learn baseline last. */
export const pathSolvers: readonly BenchSolver<LassoData>[] = [lbiPath, proximal, sklearnPath];
