/**
 * Two-factor factorization A ≈ X·Y with prescribed supports (Le, Riccietti & Gribonval, "Spurious
 * valleys, NP-hardness, and tractability of sparse matrix factorization with fixed support",
 * SIMAX 2022), in the tractable case of pairwise disjoint rank-one supports, and the matching
 * identifiability check (Zheng, Riccietti & Gribonval).
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { isComplexTensor, SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { rankOne } from '../butterfly/internal/rank-one.js';
import { firstOverlap, rankOneSupports, type SupportInput } from './internal/rank-one-supports.js';

export type { SupportInput };

/** Options of {@link fixedSupportFactorization}. */
export interface FixedSupportOptions {
  /** supp(X), m×r (nonzero entries are in the support). */
  readonly leftSupport: SupportInput;
  /** supp(Y), r×n. */
  readonly rightSupport: SupportInput;
}

/** Result of {@link fixedSupportFactorization}: real tensors for real A, complex pairs otherwise. */
export interface FixedSupportResult {
  readonly X: tf.Tensor2D | ComplexTensor;
  readonly Y: tf.Tensor2D | ComplexTensor;
  /** ‖XY − A‖_F / ‖A‖_F (the global optimum's error for disjoint rank-one supports). */
  readonly relError: number;
}

function readMatrix(A: tf.Tensor | ComplexTensor, m: number, n: number): Either<SparsekitError, { re: Float64Array; im: Float64Array }> {
  const re = A instanceof tf.Tensor ? A : isComplexTensor(A) ? A.re : null;
  if (re === null) throw new SparsekitError({ argument: 'A', value: A, expected: 'a tf.Tensor or a { re, im } complex tensor' });
  if (re.rank !== 2 || re.shape[0] !== m || re.shape[1] !== n) {
    return left(
      new SparsekitError({
        argument: 'A',
        value: re,
        code: 'shape_mismatch',
        expected: `a ${m}×${n} matrix (rows of leftSupport × columns of rightSupport)`,
      }),
    );
  }
  const r = Float64Array.from(re.dataSync());
  const i = A instanceof tf.Tensor ? new Float64Array(m * n) : Float64Array.from(A.im.dataSync());
  if (r.some((v) => !Number.isFinite(v)) || i.some((v) => !Number.isFinite(v))) {
    return left(new SparsekitError({ argument: 'A', value: re, code: 'non_finite', expected: 'finite entries' }));
  }
  return right({ re: r, im: i });
}

/**
 * The optimal X, Y with supp(X) ⊆ I and supp(Y) ⊆ J minimizing ‖A − XY‖_F when the rank-one
 * supports S_k = I[:, k] × J[k, :] are pairwise disjoint: the problem splits into one best
 * rank-one approximation σ·u·vᴴ of A restricted to each S_k (X[:, k] = √σ·u, Y[k, :] = √σ·vᴴ),
 * computed in float64. Overlapping rank-one supports throw (the general problem is NP-hard).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { fixedSupportFactorization } from '@sparsekit/factorization';
 * const A = tf.tensor2d([[1, 2, 0], [2, 4, 0], [0, 0, 5]]);
 * const res = fixedSupportFactorization(A, { leftSupport: [[1, 0], [1, 0], [0, 1]], rightSupport: [[1, 1, 0], [0, 0, 1]] });
 * if (isRight(res)) res.right.relError; // 0 (up to rounding)
 * ```
 */
export function fixedSupportFactorization(
  A: tf.Tensor | ComplexTensor,
  options: FixedSupportOptions,
): Either<SparsekitError, FixedSupportResult> {
  const { m, n, supports } = rankOneSupports(options.leftSupport, options.rightSupport);
  const overlap = firstOverlap(supports, m, n);
  if (overlap !== null) {
    throw new SparsekitError({
      argument: 'leftSupport/rightSupport',
      value: `rank-one supports ${overlap[0]} and ${overlap[1]} overlap`,
      code: 'unsupported',
      expected:
        'pairwise disjoint rank-one supports supp(X[:, k]) × supp(Y[k, :]) ' +
        '(the tractable case; overlapping supports make the problem NP-hard in general)',
    });
  }
  const read = readMatrix(A, m, n);
  if (read._tag === 'Left') return read;
  const a = read.right;
  const r = supports.length;
  const X = { re: new Float64Array(m * r), im: new Float64Array(m * r) };
  const Y = { re: new Float64Array(r * n), im: new Float64Array(r * n) };
  const approx = { re: new Float64Array(m * n), im: new Float64Array(m * n) };
  supports.forEach(({ rows, cols }, k) => {
    if (rows.length === 0 || cols.length === 0) return;
    const blk = {
      rows: rows.length,
      cols: cols.length,
      re: new Float64Array(rows.length * cols.length),
      im: new Float64Array(rows.length * cols.length),
    };
    rows.forEach((i, p) =>
      cols.forEach((j, q) => {
        blk.re[p * cols.length + q] = a.re[i * n + j];
        blk.im[p * cols.length + q] = a.im[i * n + j];
      }),
    );
    const { sigma, uRe, uIm, vRe, vIm } = rankOne(blk);
    const s = Math.sqrt(sigma);
    rows.forEach((i, p) => {
      X.re[i * r + k] = s * uRe[p];
      X.im[i * r + k] = s * uIm[p];
    });
    cols.forEach((j, q) => {
      Y.re[k * n + j] = s * vRe[q];
      Y.im[k * n + j] = -s * vIm[q];
    });
    rows.forEach((i, p) =>
      cols.forEach((j, q) => {
        approx.re[i * n + j] = sigma * (uRe[p] * vRe[q] + uIm[p] * vIm[q]);
        approx.im[i * n + j] = sigma * (uIm[p] * vRe[q] - uRe[p] * vIm[q]);
      }),
    );
  });
  let num = 0;
  let den = 0;
  for (let p = 0; p < m * n; p++) {
    num += (approx.re[p] - a.re[p]) ** 2 + (approx.im[p] - a.im[p]) ** 2;
    den += a.re[p] ** 2 + a.im[p] ** 2;
  }
  const complex = isComplexTensor(A);
  const out = (d: { re: Float64Array; im: Float64Array }, rows: number, cols: number) => {
    const re = tf.tensor2d(Float32Array.from(d.re), [rows, cols]);
    return complex ? { re, im: tf.tensor2d(Float32Array.from(d.im), [rows, cols]) } : re;
  };
  return right({ X: out(X, m, r), Y: out(Y, r, n), relError: den === 0 ? 0 : Math.sqrt(num / den) });
}
