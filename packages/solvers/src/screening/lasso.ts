/**
 * Lasso by working sets with gap-safe screening (in the spirit of celer / skglm):
 * min_w ‖y − Xw‖²/(2n) + λ‖w‖₁. Each outer iteration computes the full gradient Xᵀr once,
 * the duality gap, screens features that are provably zero, picks a working set (the support
 * plus the features whose dual constraint is closest to active), and solves the restricted
 * problem by float64 coordinate descent to a fraction of the outer gap.
 * Certificate: the relative duality gap (P − D)/P ≥ relative suboptimality.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';
import type { LoopOptions, SolveResult } from '../types.js';
import { solveError } from '../types.js';
import { iterate, type SolverKernel } from '../core/iterate.js';
import { checkOptionKeys } from '../full-batch/internal/options.js';
import { gatherColumns, toDenseMatrix, transposeTimes, type DenseMatrix } from './design-matrix.js';
import { firstPass, gradientEngine, type GradientEngine } from './internal/gradient-engine.js';
import { gapSafeScreen, lassoGap } from './lasso-dual.js';
import { lassoCd } from './internal/lasso-cd.js';
import { chooseWorkingSet } from './internal/working-set.js';

/** Data and regularization of {@link lasso}. */
export interface LassoProblem {
  readonly X: tf.Tensor2D | DenseMatrix;
  readonly y: tf.Tensor1D | ArrayLike<number>;
  readonly lambda: number;
}

/** Options of {@link lasso}; `tol` is on the relative duality gap (default 1e-6). */
export interface LassoOptions extends LoopOptions {
  /** Gap-safe screening. Default true. */
  readonly screening?: boolean;
  /** Smallest working set. Default 64. */
  readonly minWorkingSet?: number;
  /** Inner CD stops at this fraction of the outer gap (celer uses 0.3). */
  readonly innerTolRatio?: number;
  readonly maxEpochs?: number;
  /** Where the full Xᵀr runs: 'auto' (tfjs unless the backend is 'cpu'), 'js' or 'tfjs'. */
  readonly matvec?: 'auto' | 'js' | 'tfjs';
}

const KEYS = ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'screening', 'minWorkingSet', 'innerTolRatio', 'maxEpochs', 'matvec'];

/**
 * Solves the Lasso to a certified relative duality gap.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { lasso } from '@sparsekit/solvers';
 * const r = lasso({ X: tf.tensor2d([[1, 0], [0, 1]]), y: tf.tensor1d([1, 0.1]), lambda: 0.1 });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [0.8, 0]
 * ```
 */
export function lasso(problem: LassoProblem, options: LassoOptions = {}): SolveResult {
  checkOptionKeys('lasso', options, KEYS);
  requireNonNegative('lambda', problem.lambda);
  const minWs = requireInteger('minWorkingSet', options.minWorkingSet ?? 64, 1);
  const X = toDenseMatrix(problem.X);
  const y = Float64Array.from(problem.y instanceof tf.Tensor ? problem.y.dataSync() : problem.y);
  if (y.length !== X.rows) throw new SparsekitError({ argument: 'y', value: y.length, code: 'shape_mismatch', expected: `${X.rows} entries (rows of X)` });
  const counts = { nfev: 0, ngev: 0 };
  const engine = gradientEngine(X, problem.X instanceof tf.Tensor ? problem.X : undefined, options.matvec ?? 'auto');
  try {
    return iterate({ options, defaults: { maxIter: 100, tol: 1e-6 }, counts, batched: false }, () => {
      if (!y.every(Number.isFinite)) return E.left(solveError('y', 'non-finite entries', 'finite targets', 'non_finite'));
      return E.right(lassoKernel(X, y, problem.lambda, { ...options, minWs, engine }, counts));
    });
  } finally {
    engine.dispose();
  }
}

function lassoKernel(X: DenseMatrix, y: Float64Array, lambda: number, o: LassoOptions & { minWs: number; engine: GradientEngine }, counts: { nfev: number; ngev: number }): SolverKernel {
  const { rows: n, cols: p } = X;
  const { g, colNorm2 } = firstPass(X, y);
  const w = new Float64Array(p);
  const r = Float64Array.from(y);
  const screened = new Uint8Array(p);
  let wsSize = Math.min(p, o.minWs);
  let x: tf.Tensor = tf.zeros([p]);
  const measure = () => {
    counts.nfev++; counts.ngev++;
    const d = lassoGap(y, r, w, g, lambda);
    if (o.screening !== false && lambda > 0) gapSafeScreen(g, colNorm2, d.gap, d.scale, lambda, n, screened);
    return d;
  };
  let state = measure();
  const funs = Float64Array.of(state.primal);
  const certificates = Float64Array.of(state.gap / Math.max(state.primal, Number.MIN_VALUE));
  const steps = new Float64Array(1);
  return {
    get x() { return x; }, funs, certificates, steps,
    step() {
      const ws = chooseWorkingSet(w, g, colNorm2, screened, state.scale, wsSize);
      wsSize = Math.min(p, Math.max(wsSize, 2 * ws.length));
      const cols = gatherColumns(X, ws);
      const wWs = Float64Array.from(ws, (j) => w[j]);
      lassoCd({ cols, colNorm2: Float64Array.from(ws, (j) => colNorm2[j]), n, lambda, y }, wWs, r, (o.innerTolRatio ?? 0.3) * state.gap, o.maxEpochs ?? 10000);
      ws.forEach((j, k) => { w[j] = wWs[k]; });
      // float32 matmuls cannot certify gaps much below 1e-6 relative: finish in float64 JS.
      if (certificates[0] > 1e-6 || o.matvec === 'tfjs') o.engine.transposeTimes(r, g);
      else transposeTimes(X, r, g);
      state = measure();
      funs[0] = state.primal;
      certificates[0] = state.gap / Math.max(state.primal, Number.MIN_VALUE);
      steps[0] = ws.length;
      x.dispose();
      x = tf.tensor1d(Float32Array.from(w));
      if (!Number.isFinite(state.primal)) return { kind: 'nonfinite', message: 'the Lasso objective is not finite' };
      return { kind: 'ok' };
    },
    release: () => x,
  };
}
