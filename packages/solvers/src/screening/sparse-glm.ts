/**
 * Working sets + gap-safe screening for sparse GLMs (squared or logistic loss) in both L1
 * forms: penalized, min F(Xw) + λ‖w‖₁ ({@link l1Regularized}), and constrained,
 * min F(Xw) s.t. ‖w‖₁ ≤ τ ({@link l1Constrained}); F(z) = (1/n) Σ ℓ(z_i, y_i). Same design as
 * {@link lasso}: each outer iteration computes the full gradient Xᵀ∇F once (tfjs matmul on wasm,
 * float64 JS otherwise), the certified duality gap, screens provably-zero features, and solves
 * the working-set problem in float64 JS (proximal Newton + coordinate descent for the penalty,
 * projected Newton + FISTA for the ball) to a fraction of the outer gap.
 * Certificate: the relative duality gap (P − D)/P ≥ relative suboptimality.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { requireInteger, requireNonNegative, requirePositive, SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import type { LoopOptions, SolveError, SolveResult } from '../types.js';
import { solveError } from '../types.js';
import { iterate } from '../core/iterate.js';
import { toDenseMatrix, type DenseMatrix } from './design-matrix.js';
import { firstPass, gradientEngine } from './internal/gradient-engine.js';
import { logisticDatafit, squaredDatafit, type Datafit } from './internal/datafit.js';
import type { L1Mode } from './internal/l1-duality.js';
import { sparseGlmKernel, type InnerSolver } from './internal/sparse-glm-kernel.js';

/** Data of a sparse GLM: X [n, p], targets y [n] (labels ±1 for 'logistic'). */
export interface SparseGlmData {
  readonly X: tf.Tensor2D | DenseMatrix;
  readonly y: tf.Tensor1D | ArrayLike<number>;
  /**
   * 'squared': ‖y − Xw‖²/(2n); 'logistic': mean log(1 + exp(−y·Xw)). Default 'squared'. (glmnet's
   * `family` 'gaussian' and 'binomial'; skglm's `Quadratic` and `Logistic` datafits.)
   */
  readonly loss?: 'squared' | 'logistic';
}

/** min F(Xw) + λ‖w‖₁. */
export interface L1RegularizedProblem extends SparseGlmData {
  readonly lambda: number;
}
/** min F(Xw) s.t. ‖w‖₁ ≤ radius. */
export interface L1ConstrainedProblem extends SparseGlmData {
  readonly radius: number;
}

/** Options shared by the working-set solvers ({@link lasso} and the sparse GLM solvers). */
export interface WorkingSetOptions extends LoopOptions {
  /** Gap-safe screening. Default true. */
  readonly screening?: boolean;
  /** Smallest working set (it grows to at least twice the support). Default 32. */
  readonly minWorkingSet?: number;
  /** The working-set problem is solved to this fraction of the outer gap (celer uses 0.3). Default 0.3. */
  readonly innerTolRatio?: number;
  /**
   * Where the full Xᵀv runs: 'auto' and 'js' are the float64 JS pass (default); 'tfjs' is a
   * float32 tfjs matmul, faster per pass once X's tensor is warm but slower on a first solve
   * (it packs X, ~20 ms for 1000×5000 on wasm) and unable to certify gaps below ~1e-6.
   */
  readonly matvec?: 'auto' | 'js' | 'tfjs';
}

/** Options of the sparse GLM solvers; `tol` is on the relative duality gap (default 1e-6). */
export interface SparseGlmOptions extends WorkingSetOptions {
  /** Newton steps per working-set solve. Default 50. */
  readonly maxNewton?: number;
}

const KEYS = ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'screening', 'minWorkingSet', 'innerTolRatio', 'maxNewton', 'matvec'];

/**
 * Sparse GLM with an L1 penalty (Lasso or L1-regularized logistic regression) to a certified
 * relative duality gap.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { l1Regularized } from '@sparsekit/solvers/sparse-glm';
 * const X = tf.tensor2d([[1, 0], [0, 1], [-1, 0], [0, -1]]);
 * const r = l1Regularized({ X, y: [1, 1, -1, 1], loss: 'logistic', lambda: 0.05 });
 * if (E.isRight(r)) r.right.x.arraySync(); // w₀ > 0, w₁ = 0 (feature 1 carries no signal)
 * ```
 */
export function l1Regularized(problem: L1RegularizedProblem, options: SparseGlmOptions = {}): SolveResult {
  requireNonNegative('lambda', problem.lambda);
  return solveSparseGlm('l1Regularized', problem, { kind: 'penalty', lambda: problem.lambda }, options);
}

/**
 * Sparse GLM inside the L1 ball {‖w‖₁ ≤ radius} to a certified relative duality gap (the gap
 * is the Frank-Wolfe gap ⟨∇f(w), w⟩ + radius·‖∇f(w)‖∞).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { l1Constrained } from '@sparsekit/solvers/sparse-glm';
 * const r = l1Constrained({ X: tf.tensor2d([[1, 0], [0, 1]]), y: [2, 1], radius: 1 });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [1, 0]
 * ```
 */
export function l1Constrained(problem: L1ConstrainedProblem, options: SparseGlmOptions = {}): SolveResult {
  requirePositive('radius', problem.radius);
  return solveSparseGlm('l1Constrained', problem, { kind: 'ball', radius: problem.radius }, options);
}

function datafitOf(loss: unknown, y: Float64Array): Datafit {
  if (loss === undefined || loss === 'squared') return squaredDatafit(y);
  if (loss !== 'logistic') throw new SparsekitError({ argument: 'loss', value: loss, expected: "'squared' or 'logistic'" });
  const bad = y.findIndex((v) => v !== 1 && v !== -1 && Number.isFinite(v));
  if (bad >= 0) throw new SparsekitError({ argument: 'y', value: y[bad], expected: 'labels −1 or +1 for the logistic loss' });
  return logisticDatafit(y);
}

/** What an entry point adds to the shared run: its option keys, defaults and inner solver. */
export interface SparseGlmEntry {
  readonly keys: readonly string[];
  readonly minWorkingSet: number;
  /** Inner solver from the data fit and targets (default: Newton solvers of the mode). */
  readonly inner?: (fit: Datafit, y: Float64Array) => InnerSolver;
}

const GLM_ENTRY: SparseGlmEntry = { keys: KEYS, minWorkingSet: 32 };

/** The shared entry of `lasso`, `l1Regularized` and `l1Constrained`: validation, data, loop. */
export function solveSparseGlm(
  solver: string,
  problem: SparseGlmData,
  mode: L1Mode,
  options: SparseGlmOptions,
  entry: SparseGlmEntry = GLM_ENTRY,
): SolveResult {
  requireKnownKeys(options, entry.keys, `${solver} options`);
  const minWs = requireInteger('minWorkingSet', options.minWorkingSet ?? entry.minWorkingSet, 1);
  requireInteger('maxNewton', options.maxNewton ?? 50, 1);
  const X = toDenseMatrix(problem.X);
  const y = Float64Array.from(problem.y instanceof tf.Tensor ? problem.y.dataSync() : problem.y);
  const shape = shapeError(X, y);
  if (shape) return E.left(shape);
  const fit = datafitOf(problem.loss, y);
  // At w = 0 one float64 pass over X gives both Xᵀ∇F and the column norms; a non-finite entry
  // of X makes its column norm non-finite, so the pass doubles as the data check.
  const first = firstPass(X, fit.gradient(new Float64Array(X.rows), new Float64Array(X.rows)));
  const bad = finiteError(X, y, first.colNorm2);
  if (bad) return E.left(bad);
  const counts = { nfev: 0, ngev: 0 };
  const engine = gradientEngine(X, problem.X instanceof tf.Tensor ? problem.X : undefined, options.matvec ?? 'auto');
  try {
    return iterate({ options, defaults: { maxIter: 100, tol: 1e-6 }, counts, batched: false }, () => {
      return E.right(sparseGlmKernel({ X, fit, mode, engine, minWs, options, first, inner: entry.inner?.(fit, y) }, counts));
    });
  } finally {
    engine.dispose();
  }
}

/** Shape failures of the design and targets (Lefts by the error rule). */
function shapeError(X: DenseMatrix, y: Float64Array): SolveError | undefined {
  if (X.rows === 0 || X.cols === 0) {
    return solveError('X', `a ${X.rows}×${X.cols} design`, 'at least one row and one column', 'shape_mismatch');
  }
  if (y.length !== X.rows) return solveError('y', y.length, `${X.rows} entries (rows of X)`, 'shape_mismatch');
  return undefined;
}

/** Non-finite data (Lefts); X is scanned entry by entry only when a column norm says it must be. */
function finiteError(X: DenseMatrix, y: Float64Array, colNorm2: Float64Array): SolveError | undefined {
  if (!colNorm2.every(Number.isFinite)) {
    const i = X.data.findIndex((v) => !Number.isFinite(v));
    return solveError('X', X.data[i], `finite entries (entry ${Math.floor(i / X.cols)}, ${i % X.cols} is not)`, 'non_finite');
  }
  if (!y.every(Number.isFinite)) return solveError('y', 'non-finite entries', 'finite targets', 'non_finite');
  return undefined;
}
