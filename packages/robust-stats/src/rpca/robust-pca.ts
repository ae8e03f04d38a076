/**
 * Robust PCA by principal component pursuit (Candès, Li, Ma, Wright, 2011): M = L + S with
 * min ‖L‖_* + λ‖S‖₁ s.t. L + S = M (on the observed entries), solved by the inexact augmented
 * Lagrange multiplier method of Lin, Chen & Ma (2010) with their defaults, in float64: the L-step
 * thresholds only the singular values above 1/μ (partial SVD with a predicted rank, as PROPACK-based
 * implementations do), the other steps are elementwise passes. L and S are returned as tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { largestSingularValue, requireInteger, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, readMatrix, type MatrixInput } from '../internal/dense.js';
import { checkOptionKeys } from '../internal/options.js';
import { inexactAlm } from './internal/inexact-alm.js';

/** Options of {@link robustPca} (defaults of Lin, Chen & Ma's inexact ALM code). */
export interface RobustPcaOptions {
  /** Weight of ‖S‖₁. Default 1/√max(m, n). */
  readonly lambda?: number;
  /** Initial penalty μ₀. Default 1.25/‖M‖₂. */
  readonly mu?: number;
  /** Growth factor of μ. Default 1.5 (capped at μ₀·1e7). */
  readonly rho?: number;
  /** Stop when ‖M − L − S‖_F ≤ tol·‖M‖_F on the observed entries. Default 1e-7. */
  readonly tol?: number;
  readonly maxIter?: number;
  /** 1 = observed, 0 = missing (same shape as M). Missing entries are filled by L. */
  readonly mask?: MatrixInput;
}

/** Low-rank and sparse parts (fresh tensors owned by the caller). */
export interface RobustPcaResult {
  readonly L: tf.Tensor2D;
  readonly S: tf.Tensor2D;
  /** Number of singular values of L above the last threshold. */
  readonly rank: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** ‖M − L − S‖_F / ‖M‖_F on the observed entries at exit. */
  readonly relativeResidual: number;
}

const KEYS = ['lambda', 'mu', 'rho', 'tol', 'maxIter', 'mask'];

/**
 * Decomposes M into low-rank plus sparse.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { robustPca } from '@sparsekit/robust-stats';
 * const M = Array.from({ length: 20 }, (_, i) => Array.from({ length: 20 }, (_, j) => (i + 1) * (j + 1) / 20 + (i === j && i % 5 === 0 ? 10 : 0)));
 * const r = robustPca(M);
 * if (isRight(r)) { r.right.rank; tf.dispose([r.right.L, r.right.S]); } // rank 1, S holds the four spikes
 * ```
 */
export function robustPca(M: MatrixInput, options: RobustPcaOptions = {}): Either<SparsekitError, RobustPcaResult> {
  checkOptionKeys('options', options, KEYS);
  const m = readMatrix('M', M);
  const mask = options.mask === undefined ? null : readMatrix('mask', options.mask);
  if (mask && (mask.rows !== m.rows || mask.cols !== m.cols)) {
    return left(
      new SparsekitError({
        argument: 'mask',
        value: `${mask.rows}×${mask.cols}`,
        code: 'shape_mismatch',
        expected: `the shape of M, ${m.rows}×${m.cols}`,
      }),
    );
  }
  if (m.rows === 0 || m.cols === 0)
    return left(new SparsekitError({ argument: 'M', value: '0 entries', code: 'shape_mismatch', expected: 'a non-empty matrix' }));
  const observed = (i: number): boolean => mask === null || mask.data[i] !== 0;
  const fin = checkFinite(
    'M',
    m.data.filter((_, i) => observed(i)),
  );
  if (fin._tag === 'Left') return fin;
  const lambda = requirePositive('lambda', options.lambda ?? 1 / Math.sqrt(Math.max(m.rows, m.cols)));
  const rho = requirePositive('rho', options.rho ?? 1.5);
  const tol = requirePositive('tol', options.tol ?? 1e-7);
  const maxIter = requireInteger('maxIter', options.maxIter ?? 1000, 1);
  const data = m.data.map((v, i) => (observed(i) ? v : 0));
  const norm2 = largestSingularValue({ rows: m.rows, cols: m.cols, data }).value;
  const normInf = data.reduce((a, v) => Math.max(a, Math.abs(v)), 0) / lambda;
  // A loop, not Math.hypot(...data): spreading a large matrix overflows the call stack.
  const big = data.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  const normF = big === 0 ? 0 : big * Math.sqrt(data.reduce((a, v) => a + (v / big) ** 2, 0));
  if (normF === 0)
    return right({
      L: tf.zeros([m.rows, m.cols]),
      S: tf.zeros([m.rows, m.cols]),
      rank: 0,
      iterations: 0,
      converged: true,
      relativeResidual: 0,
    });
  const mu0 = requirePositive('mu', options.mu ?? 1.25 / norm2);
  const r = inexactAlm(data, m.rows, m.cols, mask?.data ?? null, { lambda, rho, tol, maxIter, mu0, dual: Math.max(norm2, normInf), normF });
  const { L, S, ...rest } = r;
  return right({ L: tf.tensor2d(Float32Array.from(L), [m.rows, m.cols]), S: tf.tensor2d(Float32Array.from(S), [m.rows, m.cols]), ...rest });
}
