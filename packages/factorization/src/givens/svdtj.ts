/**
 * Truncated Jacobi SVD (pyfaust `fact.svdtj`): A ≈ U·diag(s)·Vᵀ with U and V Fausts of Givens
 * rotations, from {@link eigtj} of A·Aᵀ and Aᵀ·A.
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';
import { Faust } from '../faust/faust.js';
import { emptyTriplets, fromTriplets } from '../faust/internal/structure.js';
import { eigtj } from './eigtj.js';

/** Options of {@link svdtj}. */
export interface SvdtjOptions {
  /** Givens rotations for each of U and V (pyfaust `nGivens`). Default as {@link eigtj}. */
  readonly nGivens?: number;
  /** Relative off-diagonal tolerance of each eigtj run. Default 0. */
  readonly tol?: number;
}

/** Result of {@link svdtj}. */
export interface SvdtjResult {
  readonly U: Faust;
  /** Approximate singular values, non-increasing, nonnegative (length min(m, n)). */
  readonly s: Float64Array;
  readonly V: Faust;
  /** ‖A − U·diag(s)·Vᵀ‖_F / ‖A‖_F (U, V restricted to their first min(m, n) columns). */
  readonly relError: number;
}

function dense(F: Faust): number[][] {
  const d = F.toDense() as tf.Tensor2D;
  const out = d.arraySync();
  d.dispose();
  return out;
}

/** Permutation to descending order followed by column signs, as one factor: column k ← sign_k·column order[k]. */
function reorderFactor(size: number, order: readonly number[], signs: readonly number[]): ReturnType<typeof fromTriplets> {
  const t = emptyTriplets();
  order.forEach((src, k) => {
    t.i.push(src);
    t.j.push(k);
    t.re.push(signs[k] ?? 1);
    t.im.push(0);
  });
  return fromTriplets(size, size, t, false);
}

/**
 * Approximate SVD of a real matrix by truncated Jacobi on A·Aᵀ (U) and Aᵀ·A (V); the singular
 * values are the diagonal of Uᵀ·A·V made nonnegative by flipping U's columns. Cost of applying
 * U or V: O(nGivens). `Left` for non-finite input; real matrices only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { svdtj } from '@sparsekit/factorization';
 * const res = svdtj(tf.tensor2d([[3, 0], [4, 5]]), { nGivens: 10 });
 * if (isRight(res)) Array.from(res.right.s); // ≈ [6.708, 2.236]
 * ```
 */
export function svdtj(A: tf.Tensor, options: SvdtjOptions = {}): Either<SparsekitError, SvdtjResult> {
  if (!(A instanceof tf.Tensor)) throw new SparsekitError({ argument: 'A', value: A, expected: 'a real matrix (tf.Tensor)' });
  if (A.rank !== 2) return left(new SparsekitError({ argument: 'A', value: A, code: 'shape_mismatch', expected: 'a matrix (rank 2)' }));
  const a = A.arraySync() as number[][];
  if (a.some((r) => r.some((v) => !Number.isFinite(v))))
    return left(new SparsekitError({ argument: 'A', value: A, code: 'non_finite', expected: 'finite entries' }));
  const [m, n] = [a.length, a[0].length];
  const [aat, ata] = tf.tidy(() => [tf.matMul(A, A, false, true), tf.matMul(A, A, true, false)]);
  const [eu, ev] = [eigtj(aat, options), eigtj(ata, options)];
  tf.dispose([aat, ata]);
  if (isLeft(eu)) return eu;
  if (isLeft(ev)) return ev;
  const r = Math.min(m, n);
  // eigtj sorts ascending: the top singular directions are the last columns.
  const [ou, ov] = [Array.from({ length: m }, (_, k) => m - 1 - k), Array.from({ length: n }, (_, k) => n - 1 - k)];
  const [Ud, Vd] = [dense(eu.right.U), dense(ev.right.U)];
  const s: number[] = [];
  const signs: number[] = [];
  for (let k = 0; k < r; k++) {
    let d = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) d += Ud[i][ou[k]] * a[i][j] * Vd[j][ov[k]];
    s.push(Math.abs(d));
    signs.push(d < 0 ? -1 : 1);
  }
  const U = eu.right.U.matmul(Faust.fromInternal([reorderFactor(m, ou, signs)]));
  const V = ev.right.U.matmul(Faust.fromInternal([reorderFactor(n, ov, [])]));
  const [Uf, Vf] = [dense(U), dense(V)];
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < r; k++) v += Uf[i][k] * s[k] * Vf[j][k];
      num += (v - a[i][j]) ** 2;
      den += a[i][j] ** 2;
    }
  }
  return right({ U, s: Float64Array.from(s), V, relError: den === 0 ? 0 : Math.sqrt(num / den) });
}
