/**
 * Truncated Jacobi eigendecomposition (pyfaust `fact.eigtj`; Le Magoarou, Gribonval & Tremblay,
 * "Approximate fast graph Fourier transforms via multilayer sparse approximations", 2018):
 * L ≈ U·diag(d)·Uᵀ with U a product of Givens rotations, i.e. a Faust whose apply costs O(#rotations).
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { isComplexTensor, SparsekitError, requireInteger, requireNonNegative, type ComplexTensor } from '@sparsekit/tensor';
import { Faust } from '../faust/faust.js';
import { fromTriplets, emptyTriplets } from '../faust/internal/structure.js';
import type { Factor } from '../faust/internal/factor.js';
import { hermitianGivensFactor, hermitianJacobi } from './internal/hermitian-jacobi.js';

/** Options of {@link eigtj}. */
export interface EigtjOptions {
  /** Number of Givens rotations (pyfaust `nGivens`). Default min(n², 4n·⌈log₂n⌉). */
  readonly nGivens?: number;
  /** Stop when ‖offdiag(L_k)‖_F / ‖L‖_F ≤ tol (pyfaust `tol`, relative). Default 0 (use nGivens only). */
  readonly tol?: number;
  /** Sort the eigenvalues ascending (and U's columns with them). Default true. */
  readonly sorted?: boolean;
}

/** Result of {@link eigtj}. */
export interface EigtjResult {
  /** Approximate eigenvalues (the diagonal of the rotated matrix). */
  readonly eigenvalues: Float64Array;
  /** U = G₁⋯G_J (· a column permutation when sorted), so L ≈ U·diag(eigenvalues)·Uᴴ (complex for complex L). */
  readonly U: Faust;
  readonly nGivens: number;
  /** ‖offdiag‖_F / ‖L‖_F at the end (0 for exact diagonalisation). */
  readonly relOffDiag: number;
}

interface Rotation {
  readonly p: number;
  readonly q: number;
  readonly c: number;
  readonly s: number;
}

/** The off-diagonal entry of largest modulus, lowest (p, q) first among ties. */
function pivot(m: Float64Array, n: number): [number, number, number] {
  let best = -1;
  let bp = 0;
  let bq = 1;
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      const v = Math.abs(m[p * n + q]);
      if (v > best) {
        best = v;
        bp = p;
        bq = q;
      }
    }
  }
  return [bp, bq, best];
}

/** Rotation (c, s) that zeroes m[p, q] of a symmetric matrix (Golub & Van Loan, Alg. 8.5.1). */
function rotationFor(m: Float64Array, n: number, p: number, q: number): Rotation {
  const apq = m[p * n + q];
  if (apq === 0) return { p, q, c: 1, s: 0 };
  const tau = (m[q * n + q] - m[p * n + p]) / (2 * apq);
  const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t);
  return { p, q, c, s: t * c };
}

/** m ← Gᵀ m G with G the identity except G[p,p] = G[q,q] = c, G[p,q] = s, G[q,p] = −s. */
function rotate(m: Float64Array, n: number, { p, q, c, s }: Rotation): void {
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p];
    const mkq = m[k * n + q];
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k];
    const mqk = m[q * n + k];
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
}

function givensFactor(n: number, { p, q, c, s }: Rotation): Factor {
  const t = emptyTriplets();
  for (let k = 0; k < n; k++) {
    const entries: [number, number][] =
      k === p
        ? [
            [p, c],
            [q, s],
          ]
        : k === q
          ? [
              [p, -s],
              [q, c],
            ]
          : [[k, 1]];
    for (const [j, v] of entries) {
      t.i.push(k);
      t.j.push(j);
      t.re.push(v);
      t.im.push(0);
    }
  }
  return fromTriplets(n, n, t, false);
}

function offDiagNorm(m: Float64Array, n: number): number {
  let s = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) s += m[p * n + q] ** 2;
  return Math.sqrt(s);
}

function readSymmetric(L: tf.Tensor): Either<SparsekitError, { m: Float64Array; n: number }> {
  if (!(L instanceof tf.Tensor)) throw new SparsekitError({ argument: 'L', value: L, expected: 'a real symmetric matrix (tf.Tensor)' });
  const n = L.shape[0]!;
  if (L.rank !== 2 || L.shape[1] !== n || n < 2)
    return left(new SparsekitError({ argument: 'L', value: L, code: 'shape_mismatch', expected: 'a square matrix of size >= 2' }));
  const m = Float64Array.from(L.dataSync());
  if (m.some((v) => !Number.isFinite(v)))
    return left(new SparsekitError({ argument: 'L', value: L, code: 'non_finite', expected: 'finite entries' }));
  const scale = m.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (Math.abs(m[p * n + q] - m[q * n + p]) > 1e-6 * scale) {
        return left(
          new SparsekitError({
            argument: 'L',
            value: L,
            code: 'invalid_argument',
            expected: `a symmetric matrix (L[${p}, ${q}] ≠ L[${q}, ${p}])`,
          }),
        );
      }
      const avg = (m[p * n + q] + m[q * n + p]) / 2; // symmetrize float32 rounding
      m[p * n + q] = avg;
      m[q * n + p] = avg;
    }
  }
  return right({ m, n });
}

/**
 * Greedy truncated Jacobi on a real symmetric or complex Hermitian L (a `{ re, im }` pair): each
 * step zeroes the off-diagonal entry of largest modulus by a Givens rotation (lowest index on
 * ties; unitary for complex L, with the phase of the entry folded in), until `nGivens` rotations
 * or the relative off-diagonal norm reaches `tol`. Computed in float64; U is returned as a
 * float32 Faust with one factor per rotation (n + 2 nonzeros each). `Left` for non-square,
 * non-symmetric (non-Hermitian) or non-finite L.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { eigtj } from '@sparsekit/factorization';
 * const res = eigtj(tf.tensor2d([[2, 1], [1, 2]]), { nGivens: 1 });
 * if (isRight(res)) Array.from(res.right.eigenvalues); // [1, 3]
 * ```
 */
export function eigtj(L: tf.Tensor | ComplexTensor, options: EigtjOptions = {}): Either<SparsekitError, EigtjResult> {
  const tol = requireNonNegative('tol', options.tol ?? 0);
  const sorted = options.sorted ?? true;
  if (options.nGivens !== undefined) requireInteger('nGivens', options.nGivens, 0);
  if (isComplexTensor(L)) return eigtjHermitian(L, tol, sorted, options.nGivens);
  const read = readSymmetric(L);
  if (read._tag === 'Left') return read;
  const { m, n } = read.right;
  const maxRot = defaultRotations(n, options.nGivens);
  const total = Math.sqrt(m.reduce((a, v) => a + v * v, 0)) || 1;
  const rotations: Rotation[] = [];
  let rel = offDiagNorm(m, n) / total;
  while (rotations.length < maxRot && rel > tol) {
    const [p, q, v] = pivot(m, n);
    if (v === 0) break;
    const r = rotationFor(m, n, p, q);
    rotate(m, n, r);
    m[p * n + q] = 0; // exactly zero by construction; drop the rounding residue
    m[q * n + p] = 0;
    rotations.push(r);
    rel = offDiagNorm(m, n) / total;
  }
  const diag = Float64Array.from({ length: n }, (_, k) => m[k * n + k]);
  return right(
    assemble(
      diag,
      rotations.map((r) => givensFactor(n, r)),
      sorted,
      rel,
      false,
    ),
  );
}

const defaultRotations = (n: number, nGivens: number | undefined) =>
  requireInteger('nGivens', nGivens ?? Math.min(n * n, 4 * n * Math.ceil(Math.log2(n))), 0);

/** The result from the rotated diagonal and the rotation factors (sorting permutes U's columns: U·Π, Π[order[k], k] = 1). */
function assemble(diag: Float64Array, factors: Factor[], sorted: boolean, relOffDiag: number, complex: boolean): EigtjResult {
  const n = diag.length;
  const nGivens = factors.length;
  const order = Array.from({ length: n }, (_, k) => k);
  if (sorted) order.sort((a, b) => diag[a] - diag[b] || a - b);
  const perm = emptyTriplets();
  order.forEach((src, k) => {
    perm.i.push(src);
    perm.j.push(k);
    perm.re.push(1);
    perm.im.push(0);
  });
  if (sorted || factors.length === 0) factors.push(fromTriplets(n, n, perm, complex && factors.length === 0));
  return { eigenvalues: Float64Array.from(order, (k) => diag[k]), U: Faust.fromInternal(factors), nGivens, relOffDiag };
}

/** Complex Hermitian L: the same greedy Jacobi with unitary rotations (complex U, real eigenvalues). */
function eigtjHermitian(L: ComplexTensor, tol: number, sorted: boolean, nGivens: number | undefined): Either<SparsekitError, EigtjResult> {
  const n = L.re.shape[0]!;
  if (L.re.rank !== 2 || L.re.shape[1] !== n || n < 2 || !tf.util.arraysEqual(L.re.shape, L.im.shape))
    return left(new SparsekitError({ argument: 'L', value: L.re, code: 'shape_mismatch', expected: 'a square matrix of size >= 2' }));
  const [re, im] = [Float64Array.from(L.re.dataSync()), Float64Array.from(L.im.dataSync())];
  if (re.some((v) => !Number.isFinite(v)) || im.some((v) => !Number.isFinite(v)))
    return left(new SparsekitError({ argument: 'L', value: L.re, code: 'non_finite', expected: 'finite entries' }));
  const scale = re.reduce((a, v, i) => Math.max(a, Math.hypot(v, im[i])), 0);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      const [a, b] = [p * n + q, q * n + p];
      if (Math.abs(re[a] - re[b]) > 1e-6 * scale || Math.abs(im[a] + im[b]) > 1e-6 * scale) {
        return left(
          new SparsekitError({
            argument: 'L',
            value: L.re,
            code: 'invalid_argument',
            expected: `a Hermitian matrix (L[${p}, ${q}] ≠ conj(L[${q}, ${p}]))`,
          }),
        );
      }
      [re[a], re[b]] = [(re[a] + re[b]) / 2, (re[a] + re[b]) / 2]; // hermitize float32 rounding
      [im[a], im[b]] = [(im[a] - im[b]) / 2, -(im[a] - im[b]) / 2];
    }
  }
  const m = { n, re, im };
  const { rotations, relOffDiag } = hermitianJacobi(m, defaultRotations(n, nGivens), tol);
  const diag = Float64Array.from({ length: n }, (_, k) => re[k * n + k]);
  return right(
    assemble(
      diag,
      rotations.map((r) => hermitianGivensFactor(n, r)),
      sorted,
      relOffDiag,
      true,
    ),
  );
}
