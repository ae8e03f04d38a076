/**
 * Robust-stats suite: outlier detection on planted mean-shift regression (time and AUC) vs
 * scikit-learn's HuberRegressor and RANSACRegressor, HodgeRank vs scipy's sparse lsqr, and robust
 * PCA vs a numpy float64 implementation of the same inexact ALM — all on the same data in one run.
 */
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { hodgeRank, huberRegressor, outlierAuc, ransac, robustPca, robustRegression } from '@sparsekit/robust-stats';
import { timingSolver, type TimedValue } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SolverContext, SuiteSize } from '../types.js';
import {
  bostonData,
  comparisonData,
  disposeFiles,
  lowRankData,
  regressionData,
  type ComparisonData,
  type LowRankData,
  type RegressionData,
} from './robust/robust-data.js';
import { rankingCurve, rocCurve } from './robust/outlier-curves.js';

/** AUC and ROC curve of |y − Xw − b| against the planted outliers. */
function residualCheck(d: RegressionData, coef: ArrayLike<number>, intercept: number): TimedValue {
  const score = d.data.y.map((y, i) => Math.abs(y - intercept - d.data.X[i].reduce((s, x, j) => s + x * coef[j], 0)));
  const auc = outlierAuc(score, d.data.outliers);
  return { objective: auc, curves: { roc: rocCurve(score, d.data.outliers) } };
}

/**
 * Times the fit alone (as the scikit-learn peers time `fit` alone), then scores it outside the clock:
 * AUC on every sample, the curves on the last one (they are the same for every sample of a seeded fit).
 */
function regressionSolver<F>(name: string, samples: number, fit: (d: RegressionData) => F, check: (d: RegressionData, f: F) => TimedValue) {
  return {
    name,
    problems: ['outlier-detection'],
    run: (d: RegressionData, ctx: SolverContext) => {
      if (samples > 1) fit(d);
      for (let k = 1; k <= samples; k++) {
        const t0 = ctx.clock.now();
        const f = fit(d);
        const timeMs = ctx.clock.now() - t0;
        const { curves, ...value } = check(d, f);
        if (ctx.report({ iteration: k, timeMs, ...value, ...(k === samples ? { curves } : {}) }) === 'stop') return;
      }
    },
  } satisfies BenchSolver<RegressionData>;
}

const huber = (samples: number) =>
  regressionSolver(
    'sparsekit-huber',
    samples,
    (d) => huberRegressor(d.data.X, d.data.y),
    (d, r) => (isRight(r) ? residualCheck(d, r.right.coef, r.right.intercept) : { objective: NaN }),
  );

const ransacSolver = (samples: number) =>
  regressionSolver(
    'sparsekit-ransac',
    samples,
    (d) => ransac(d.data.X, d.data.y),
    (d, r) => (isRight(r) ? residualCheck(d, r.right.coef, r.right.intercept) : { objective: NaN }),
  );

/** The outlier paths rank samples by entry time: AUC and ROC of −entry time, and the ranking itself. */
const pathSolver = (method: 'soft' | 'hard' | 'lasso' | 'path') =>
  regressionSolver(
    `sparsekit-${method}`,
    1,
    (d) => robustRegression(d.data.X, d.data.y, { method }),
    (d, r): TimedValue => {
      if (!isRight(r)) return { objective: NaN };
      const score = Array.from(r.right.entryTime, (t) => -t);
      const auc = outlierAuc(score, d.data.outliers);
      const curves = { roc: rocCurve(score, d.data.outliers), 'entry-time ranking': rankingCurve(r.right.entryTime, d.data.outliers) };
      return { objective: auc, curves };
    },
  );

const sklearn = (op: 'huber' | 'ransac', samples: number) =>
  pythonTimingSolver<RegressionData>({
    name: `sklearn-${op}`,
    modules: ['numpy', 'sklearn'],
    script: 'sklearn_robust.py',
    problems: ['outlier-detection'],
    request: (d) => ({ op, n: d.n, p: d.p, X: d.files.X, y: d.files.y, outliers: d.files.outliers, samples }),
    curves: (d, answer) => (answer.scores ? { roc: rocCurve(answer.scores, d.data.outliers) } : undefined),
  });

/**
 * `scores` skips the curl/harmonic split (as the lsqr peer, which only solves for scores); `full`
 * computes it. Items are the integer ids the peer gets; the fit alone is timed (as the peer's
 * solve), the mean squared residual is computed after.
 */
const hodge = (samples: number, split: 'scores' | 'full'): BenchSolver<ComparisonData> => ({
  name: split === 'scores' ? 'sparsekit-hodgerank' : 'sparsekit-hodgerank+curl',
  problems: ['hodge-rank'],
  run: (d, ctx) => {
    const options = split === 'scores' ? { maxTriangles: 0 } : {};
    if (samples > 1) hodgeRank(d.numbered, options);
    for (let k = 1; k <= samples; k++) {
      const t0 = ctx.clock.now();
      const r = hodgeRank(d.numbered, options);
      const timeMs = ctx.clock.now() - t0;
      if (ctx.report({ iteration: k, timeMs, objective: isRight(r) ? meanSquaredResidual(d, r.right) : NaN }) === 'stop') return;
    }
  },
});

function meanSquaredResidual(d: ComparisonData, r: { items: readonly string[]; scores: Float64Array }): number {
  const at = new Map(r.items.map((id, k) => [id, r.scores[k]]));
  return d.numbered.reduce((s, c) => s + (c.y - ((at.get(String(c.i)) ?? 0) - (at.get(String(c.j)) ?? 0))) ** 2, 0) / d.numbered.length;
}

const scipyHodge = (samples: number) =>
  pythonTimingSolver<ComparisonData>({
    name: 'scipy-lsqr',
    modules: ['numpy', 'scipy'],
    script: 'sklearn_robust.py',
    problems: ['hodge-rank'],
    request: (d) => ({ op: 'hodge-lsqr', items: d.items, m: d.comparisons.length, i: d.files.i, j: d.files.j, y: d.files.y, samples }),
  });

const rpca = timingSolver<LowRankData>({
  name: 'sparsekit-rpca',
  problems: ['rpca'],
  samples: 1,
  warmup: 0,
  prepare: (d) => ({
    call: () => {
      const M = tf.tensor2d(Float32Array.from(d.M), [d.size, d.size]);
      const r = robustPca(M);
      M.dispose();
      if (!isRight(r)) return NaN;
      const L = r.right.L.dataSync();
      tf.dispose([r.right.L, r.right.S]);
      let num = 0,
        den = 0;
      d.L0.forEach((v, k) => {
        num += (L[k] - v) ** 2;
        den += v * v;
      });
      return Math.sqrt(num / den);
    },
  }),
});

const numpyRpca = pythonTimingSolver<LowRankData>({
  name: 'numpy-rpca-f64',
  modules: ['numpy'],
  script: 'sklearn_robust.py',
  problems: ['rpca'],
  request: (d) => ({ op: 'rpca', rows: d.size, cols: d.size, M: d.files.M, truth: d.files.L0, samples: 1 }),
});

/**
 * The robust-stats suite: `quick` detects outliers at n = 2000, p = 20 (all four outlier paths) and on
 * Boston housing (censored prices as the reference outliers),
 * ranks from 10⁴ comparisons and runs RPCA on 100×100; `full` uses n = 10⁴, p = 50, 10⁵ comparisons
 * and 500×500. Check values: outlier AUC, HodgeRank mean squared residual, RPCA relative error of L.
 *
 * @example
 * ```ts
 * import robustStatsSuite from '@sparsekit/bench/suites/robust-stats';
 * robustStatsSuite({ size: 'quick' }).problems.map((p) => p.name); // ['outlier-detection', 'hodge-rank', 'rpca']
 * ```
 */
export default function robustStatsSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const samples = full ? 5 : 3;
  return definePlugin({
    name: 'robust-stats',
    datasets: [
      {
        name: 'planted-regression',
        params: full ? { n: [10000], p: [50] } : { n: [2000], p: [20] },
        load: (p, ctx) => regressionData(Number(p.n), Number(p.p), ctx.seed),
        dispose: disposeFiles,
      },
      {
        name: 'boston-housing',
        load: () => bostonData(),
        dispose: disposeFiles,
      },
      {
        name: 'planted-comparisons',
        params: full ? { items: [1000], m: [100000] } : { items: [300], m: [10000] },
        load: (p, ctx) => comparisonData(Number(p.items), Number(p.m), ctx.seed),
        dispose: disposeFiles,
      },
      {
        name: 'low-rank-sparse',
        params: { size: full ? [500] : [100] },
        load: (p, ctx) => lowRankData(Number(p.size), ctx.seed),
        dispose: disposeFiles,
      },
    ],
    problems: [
      {
        name: 'outlier-detection',
        kind: 'timing',
        datasets: ['planted-regression', 'boston-housing'],
        create: (d: RegressionData) => ({ spec: d, work: { amount: 1, unit: 'fit' } }),
      },
      {
        name: 'hodge-rank',
        kind: 'timing',
        datasets: ['planted-comparisons'],
        create: (d: ComparisonData) => ({ spec: d, work: { amount: 1, unit: 'fit' } }),
      },
      {
        name: 'rpca',
        kind: 'timing',
        datasets: ['low-rank-sparse'],
        create: (d: LowRankData) => ({ spec: d, work: { amount: 1, unit: 'fit' } }),
      },
    ],
    solvers: [
      huber(samples),
      sklearn('huber', samples),
      ransacSolver(samples),
      sklearn('ransac', samples),
      pathSolver('soft'),
      pathSolver('hard'),
      pathSolver('lasso'),
      pathSolver('path'),
      hodge(samples, 'scores'),
      hodge(samples, 'full'),
      scipyHodge(samples),
      rpca,
      numpyRpca,
    ],
  });
}
