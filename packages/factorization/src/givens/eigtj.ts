/**
 * Truncated Jacobi eigendecomposition (pyfaust `fact.eigtj`; Le Magoarou, Gribonval & Tremblay,
 * "Approximate fast graph Fourier transforms via multilayer sparse approximations", 2018):
 * L ≈ U·diag(d)·Uᵀ with U a product of Givens rotations, i.e. a Faust whose apply costs O(#rotations).
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError, requireInteger, requireNonNegative } from '@sparsekit/tensor';
import { Faust } from '../faust/faust.js';
import { fromTriplets, emptyTriplets } from '../faust/internal/structure.js';
import type { Factor } from '../faust/internal/factor.js';

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
  /** U = G₁⋯G_J (· a column permutation when sorted), so L ≈ U·diag(eigenvalues)·Uᵀ. */
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
 * Greedy truncated Jacobi on a real symmetric L: each step zeroes the largest off-diagonal entry
 * by a Givens rotation (lowest index on ties), until `nGivens` rotations or the relative
 * off-diagonal norm reaches `tol`. Computed in float64; U is returned as a float32 Faust with
 * one factor per rotation (n + 2 nonzeros each). `Left` for non-square, non-symmetric or
 * non-finite L.
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
export function eigtj(L: tf.Tensor, options: EigtjOptions = {}): Either<SparsekitError, EigtjResult> {
  const tol = requireNonNegative('tol', options.tol ?? 0);
  const sorted = options.sorted ?? true;
  if (options.nGivens !== undefined) requireInteger('nGivens', options.nGivens, 0);
  const read = readSymmetric(L);
  if (read._tag === 'Left') return read;
  const { m, n } = read.right;
  const maxRot = requireInteger('nGivens', options.nGivens ?? Math.min(n * n, 4 * n * Math.ceil(Math.log2(n))), 0);
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
  const order = Array.from({ length: n }, (_, k) => k);
  if (sorted) order.sort((a, b) => diag[a] - diag[b] || a - b);
  const factors: Factor[] = rotations.length === 0 ? [] : rotations.map((r) => givensFactor(n, r));
  // Sorting permutes U's columns: U·Π with Π[order[k], k] = 1.
  const perm = emptyTriplets();
  order.forEach((src, k) => {
    perm.i.push(src);
    perm.j.push(k);
    perm.re.push(1);
    perm.im.push(0);
  });
  if (sorted || factors.length === 0) factors.push(fromTriplets(n, n, perm, false));
  return right({
    eigenvalues: Float64Array.from(order, (k) => diag[k]),
    U: Faust.fromInternal(factors),
    nGivens: rotations.length,
    relOffDiag: rel,
  });
}
