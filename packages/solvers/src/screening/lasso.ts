/**
 * Lasso by working sets with gap-safe screening (in the spirit of celer / skglm):
 * min_w ‖y − Xw‖²/(2n) + λ‖w‖₁. The squared-loss, L1-penalty case of the sparse GLM solvers
 * (same outer loop: full gradient once per outer iteration, certified duality gap, screening,
 * working set), with plain float64 coordinate descent as the inner solver: on the squared loss
 * the quadratic model is exact, so no Newton wrapper or line search is needed.
 * Certificate: the relative duality gap (P − D)/P ≥ relative suboptimality.
 */
import type * as tf from '@tensorflow/tfjs';
import { requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';
import type { SolveResult } from '../types.js';
import type { DenseMatrix } from './design-matrix.js';
import { lassoCd } from './internal/lasso-cd.js';
import { solveSparseGlm, type WorkingSetOptions } from './sparse-glm.js';

/** Data and regularization of {@link lasso}. */
export interface LassoProblem {
  readonly X: tf.Tensor2D | DenseMatrix;
  readonly y: tf.Tensor1D | ArrayLike<number>;
  readonly lambda: number;
}

/** Options of {@link lasso}; `tol` is on the relative duality gap (default 1e-6). */
export interface LassoOptions extends WorkingSetOptions {
  /** CD epochs per working-set solve. Default 10,000. */
  readonly maxEpochs?: number;
  /**
   * Anderson extrapolation of the CD epochs (every 5 epochs, kept only when it lowers the
   * objective, as skglm does). Default true; false gives plain cyclic CD.
   */
  readonly anderson?: boolean;
}

const KEYS = [
  'maxIter',
  'tol',
  'timeLimitMs',
  'callback',
  'trace',
  'screening',
  'minWorkingSet',
  'innerTolRatio',
  'maxEpochs',
  'matvec',
  'anderson',
];

/**
 * Solves the Lasso to a certified relative duality gap.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { lasso } from '@sparsekit/solvers/sparse-glm';
 * const r = lasso({ X: tf.tensor2d([[1, 0], [0, 1]]), y: tf.tensor1d([1, 0.1]), lambda: 0.1 });
 * if (E.isRight(r)) r.right.x.arraySync(); // ≈ [0.8, 0]
 * ```
 */
export function lasso(problem: LassoProblem, options: LassoOptions = {}): SolveResult {
  requireNonNegative('lambda', problem.lambda);
  const maxEpochs = requireInteger('maxEpochs', options.maxEpochs ?? 10000, 1);
  const accelerate = options.anderson ?? true;
  if (typeof accelerate !== 'boolean') throw new SparsekitError({ argument: 'anderson', value: accelerate, expected: 'a boolean' });
  const { maxEpochs: _, anderson: __, ...glmOptions } = options;
  return solveSparseGlm('lasso', { X: problem.X, y: problem.y, loss: 'squared' }, { kind: 'penalty', lambda: problem.lambda }, glmOptions, {
    keys: KEYS,
    minWorkingSet: 32,
    inner: (fit, y) => lassoCd(fit, y, problem.lambda, { maxEpochs, accelerate }),
  });
}
