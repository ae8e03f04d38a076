/**
 * Approximate pseudo-inverse by truncated Jacobi (pyfaust `fact.pinvtj`): A⁺ ≈ V·diag(s)⁺·Uᴴ from
 * {@link svdtj}, returned as one Faust (the Givens factors of V, one diagonal factor, those of Uᴴ),
 * so applying it costs O(nGivens) rather than a dense product.
 */
import type * as tf from '@tensorflow/tfjs';
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import { requireNonNegative, type ComplexTensor, type SparsekitError } from '@sparsekit/tensor';
import { Faust } from '../faust/faust.js';
import { emptyTriplets, fromTriplets } from '../faust/internal/structure.js';
import { svdtj, type SvdtjOptions } from './svdtj.js';

/** Options of {@link pinvtj}. */
export interface PinvtjOptions extends SvdtjOptions {
  /**
   * Singular values at most `rcond`·max(s) count as zero (their inverse is dropped), as numpy's
   * `pinv`. Default max(m, n)·2⁻²³ (float32 rounding of the products the rotations approximate).
   */
  readonly rcond?: number;
}

/** Result of {@link pinvtj}. */
export interface PinvtjResult {
  /** The n×m Faust V·diag(s)⁺·Uᴴ. */
  readonly pinv: Faust;
  /** The singular values of the underlying {@link svdtj} (non-increasing). */
  readonly s: Float64Array;
  /** The relative error of that SVD, ‖A − U·diag(s)·Vᵀ‖_F / ‖A‖_F. */
  readonly svdRelError: number;
}

/**
 * A Faust approximating the Moore–Penrose pseudo-inverse of a real or complex matrix. `Left` for non-finite
 * input or a non-matrix, as {@link svdtj}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { pinvtj } from '@sparsekit/factorization';
 * const res = pinvtj(tf.tensor2d([[2, 0], [0, 4], [0, 0]]), { nGivens: 10 });
 * if (isRight(res)) (res.right.pinv.toDense() as tf.Tensor).arraySync(); // ≈ [[0.5, 0, 0], [0, 0.25, 0]]
 * ```
 */
export function pinvtj(A: tf.Tensor | ComplexTensor, options: PinvtjOptions = {}): Either<SparsekitError, PinvtjResult> {
  const { rcond, ...svdOptions } = options;
  if (rcond !== undefined) requireNonNegative('rcond', rcond);
  const res = svdtj(A, svdOptions);
  if (isLeft(res)) return res;
  const { U, s, V, relError } = res.right;
  const [m, n] = [U.shape[0], V.shape[0]];
  const cut = (rcond ?? Math.max(m, n) * 2 ** -23) * (s[0] ?? 0);
  const t = emptyTriplets();
  s.forEach((v, k) => {
    if (!(v > cut)) return;
    t.i.push(k);
    t.j.push(k);
    t.re.push(1 / v);
    t.im.push(0);
  });
  const diag = Faust.fromInternal([fromTriplets(n, m, t, false)]);
  return right({ pinv: V.matmul(diag).matmul(U.adjoint()), s, svdRelError: relError });
}
