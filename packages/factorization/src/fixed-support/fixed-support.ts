/**
 * Two-factor factorization A ≈ X·Y with prescribed supports (Le, Riccietti & Gribonval, "Spurious
 * valleys, NP-hardness, and tractability of sparse matrix factorization with fixed support",
 * SIMAX 2022), in the tractable case of rank-one supports that are pairwise identical or disjoint,
 * and the matching identifiability check (Zheng, Riccietti & Gribonval).
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { isComplexTensor, SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { rankOne } from '../butterfly/internal/rank-one.js';
import { rankOneSupports, supportClasses, type SupportClass, type SupportInput } from './internal/rank-one-supports.js';
import { truncatedFactors, type TruncatedFactors } from './internal/truncated-svd.js';

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
  /** ‖XY − A‖_F / ‖A‖_F (the global optimum's error: supports identical or disjoint). */
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

/** One class's block A[R, C] and its best rank-p fit as balanced factors x (|R|×p), y (p×|C|). */
function solveClass(a: { re: Float64Array; im: Float64Array }, n: number, c: SupportClass): TruncatedFactors {
  const { rows, cols, members } = c;
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
  if (members.length > 1) return truncatedFactors(blk, Math.min(members.length, rows.length, cols.length));
  const { sigma, uRe, uIm, vRe, vIm } = rankOne(blk);
  const s = Math.sqrt(sigma);
  return {
    x: { rows: rows.length, cols: 1, re: uRe.map((v) => s * v), im: uIm.map((v) => s * v) },
    y: { rows: 1, cols: cols.length, re: vRe.map((v) => s * v), im: vIm.map((v) => -s * v) },
  };
}

/**
 * The optimal X, Y with supp(X) ⊆ I and supp(Y) ⊆ J minimizing ‖A − XY‖_F when any two rank-one
 * supports S_k = I[:, k] × J[k, :] are identical or disjoint (Le, Riccietti & Gribonval's
 * tractable case): the problem splits over the classes of identical supports, and a class of p
 * components on R × C gets the best rank-p approximation of A[R, C] (a truncated SVD in float64;
 * one component: the best rank-one fit σ·u·vᴴ, X[:, k] = √σ·u, Y[k, :] = √σ·vᴴ). Supports that
 * overlap without being identical throw: the general problem is NP-hard.
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
  const classes = supportClasses(supports, m, n);
  if (!isClassList(classes)) {
    throw new SparsekitError({
      argument: 'leftSupport/rightSupport',
      value: `rank-one supports ${classes[0]} and ${classes[1]} overlap without being identical`,
      code: 'unsupported',
      expected:
        'rank-one supports supp(X[:, k]) × supp(Y[k, :]) that are pairwise identical or disjoint ' +
        '(the tractable case; other overlaps make the problem NP-hard in general)',
    });
  }
  const read = readMatrix(A, m, n);
  if (read._tag === 'Left') return read;
  const a = read.right;
  const r = supports.length;
  const X = { re: new Float64Array(m * r), im: new Float64Array(m * r) };
  const Y = { re: new Float64Array(r * n), im: new Float64Array(r * n) };
  const approx = { re: new Float64Array(m * n), im: new Float64Array(m * n) };
  for (const c of classes) {
    const { x, y } = solveClass(a, n, c);
    c.members.forEach((k, t) => {
      if (t >= x.cols) return; // beyond the block's rank: the component stays zero
      c.rows.forEach((i, p) => {
        X.re[i * r + k] = x.re[p * x.cols + t];
        X.im[i * r + k] = x.im[p * x.cols + t];
      });
      c.cols.forEach((j, q) => {
        Y.re[k * n + j] = y.re[t * y.cols + q];
        Y.im[k * n + j] = y.im[t * y.cols + q];
      });
    });
    c.rows.forEach((i, p) =>
      c.cols.forEach((j, q) => {
        for (let t = 0; t < x.cols; t++) {
          const [xr, xi, yr, yi] = [x.re[p * x.cols + t], x.im[p * x.cols + t], y.re[t * y.cols + q], y.im[t * y.cols + q]];
          approx.re[i * n + j] += xr * yr - xi * yi;
          approx.im[i * n + j] += xr * yi + xi * yr;
        }
      }),
    );
  }
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

const isClassList = (c: SupportClass[] | [number, number]): c is SupportClass[] => c.length === 0 || typeof c[0] !== 'number';
