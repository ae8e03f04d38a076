/**
 * Truncated Jacobi SVD (pyfaust `fact.svdtj`): A ≈ U·diag(s)·Vᴴ with U and V Fausts of Givens
 * rotations, from {@link eigtj} of A·Aᴴ and Aᴴ·A (real or complex A).
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { complexMatMul, conjTranspose, isComplexTensor, SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
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
  /** ‖A − U·diag(s)·Vᴴ‖_F / ‖A‖_F (U, V restricted to their first min(m, n) columns). */
  readonly relError: number;
}

/** F as dense re/im rows (im zero for a real Faust). */
function dense(F: Faust): { re: number[][]; im: number[][] } {
  const d = F.toDense();
  if (d instanceof tf.Tensor) {
    const re = d.arraySync() as number[][];
    d.dispose();
    return { re, im: re.map((r) => r.map(() => 0)) };
  }
  const out = { re: d.re.arraySync() as number[][], im: d.im.arraySync() as number[][] };
  tf.dispose([d.re, d.im]);
  return out;
}

/** Permutation to descending order followed by column phases, as one factor: column k ← phase_k·column order[k]. */
function reorderFactor(size: number, order: readonly number[], phases: readonly [number, number][], complex: boolean) {
  const t = emptyTriplets();
  order.forEach((src, k) => {
    t.i.push(src);
    t.j.push(k);
    t.re.push(phases[k]?.[0] ?? 1);
    t.im.push(phases[k]?.[1] ?? 0);
  });
  return fromTriplets(size, size, t, complex);
}

function readMatrix(A: tf.Tensor | ComplexTensor): Either<SparsekitError, { re: number[][]; im: number[][] }> {
  const re = isComplexTensor(A) ? A.re : A;
  if (re.rank !== 2 || (isComplexTensor(A) && !tf.util.arraysEqual(A.re.shape, A.im.shape)))
    return left(new SparsekitError({ argument: 'A', value: re, code: 'shape_mismatch', expected: 'a matrix (rank 2)' }));
  const a = { re: re.arraySync() as number[][], im: isComplexTensor(A) ? (A.im.arraySync() as number[][]) : null };
  const im = a.im ?? a.re.map((r) => r.map(() => 0));
  if ([...a.re, ...im].some((r) => r.some((v) => !Number.isFinite(v))))
    return left(new SparsekitError({ argument: 'A', value: re, code: 'non_finite', expected: 'finite entries' }));
  return right({ re: a.re, im });
}

/** (Uᴴ·A·V)_kk for columns cu of U and cv of V. */
function diagonalEntry(
  U: { re: number[][]; im: number[][] },
  a: { re: number[][]; im: number[][] },
  V: { re: number[][]; im: number[][] },
  cu: number,
  cv: number,
): [number, number] {
  let [dr, di] = [0, 0];
  for (let i = 0; i < a.re.length; i++) {
    const [ur, ui] = [U.re[i][cu], -U.im[i][cu]]; // conj(U_i,cu)
    for (let j = 0; j < a.re[0].length; j++) {
      const [ar, ai] = [a.re[i][j], a.im[i][j]];
      const [vr, vi] = [V.re[j][cv], V.im[j][cv]];
      const [xr, xi] = [ur * ar - ui * ai, ur * ai + ui * ar];
      dr += xr * vr - xi * vi;
      di += xr * vi + xi * vr;
    }
  }
  return [dr, di];
}

/**
 * Approximate SVD by truncated Jacobi on A·Aᴴ (U) and Aᴴ·A (V), real or complex A (a `{ re, im }`
 * pair; complex U and V then); the singular values are the moduli of the diagonal of Uᴴ·A·V, its
 * phases moved into U's columns. Cost of applying U or V: O(nGivens). `Left` for non-finite input.
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
export function svdtj(A: tf.Tensor | ComplexTensor, options: SvdtjOptions = {}): Either<SparsekitError, SvdtjResult> {
  if (!(A instanceof tf.Tensor) && !isComplexTensor(A))
    throw new SparsekitError({ argument: 'A', value: A, expected: 'a matrix (tf.Tensor or { re, im } pair)' });
  const read = readMatrix(A);
  if (isLeft(read)) return read;
  const a = read.right;
  const complex = isComplexTensor(A);
  const [m, n] = [a.re.length, a.re[0].length];
  const [aah, aha] = tf.tidy(() =>
    complex
      ? [complexMatMul(A, conjTranspose(A)), complexMatMul(conjTranspose(A), A)]
      : [tf.matMul(A as tf.Tensor2D, A as tf.Tensor2D, false, true), tf.matMul(A as tf.Tensor2D, A as tf.Tensor2D, true, false)],
  );
  const [eu, ev] = [eigtj(aah, options), eigtj(aha, options)];
  tf.dispose(
    complex
      ? [(aah as ComplexTensor).re, (aah as ComplexTensor).im, (aha as ComplexTensor).re, (aha as ComplexTensor).im]
      : [aah as tf.Tensor, aha as tf.Tensor],
  );
  if (isLeft(eu)) return eu;
  if (isLeft(ev)) return ev;
  const r = Math.min(m, n);
  // eigtj sorts ascending: the top singular directions are the last columns.
  const [ou, ov] = [Array.from({ length: m }, (_, k) => m - 1 - k), Array.from({ length: n }, (_, k) => n - 1 - k)];
  const [Ud, Vd] = [dense(eu.right.U), dense(ev.right.U)];
  const s: number[] = [];
  const phases: [number, number][] = [];
  for (let k = 0; k < r; k++) {
    const [dr, di] = diagonalEntry(Ud, a, Vd, ou[k], ov[k]);
    const mod = Math.hypot(dr, di);
    s.push(mod);
    phases.push(mod === 0 ? [1, 0] : [dr / mod, di / mod]);
  }
  const U = eu.right.U.matmul(Faust.fromInternal([reorderFactor(m, ou, phases, complex)]));
  const V = ev.right.U.matmul(Faust.fromInternal([reorderFactor(n, ov, [], complex)]));
  return right({ U, s: Float64Array.from(s), V, relError: reconstructionError(a, dense(U), s, dense(V)) });
}

/** ‖A − U_r·diag(s)·V_rᴴ‖_F / ‖A‖_F. */
function reconstructionError(
  a: { re: number[][]; im: number[][] },
  U: { re: number[][]; im: number[][] },
  s: number[],
  V: { re: number[][]; im: number[][] },
): number {
  let [num, den] = [0, 0];
  for (let i = 0; i < a.re.length; i++) {
    for (let j = 0; j < a.re[0].length; j++) {
      let [vr, vi] = [0, 0];
      for (let k = 0; k < s.length; k++) {
        // U_ik · s_k · conj(V_jk)
        vr += s[k] * (U.re[i][k] * V.re[j][k] + U.im[i][k] * V.im[j][k]);
        vi += s[k] * (U.im[i][k] * V.re[j][k] - U.re[i][k] * V.im[j][k]);
      }
      num += (vr - a.re[i][j]) ** 2 + (vi - a.im[i][j]) ** 2;
      den += a.re[i][j] ** 2 + a.im[i][j] ** 2;
    }
  }
  return den === 0 ? 0 : Math.sqrt(num / den);
}
