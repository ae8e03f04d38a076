/**
 * The hat matrix H = X(XᵀX)⁻¹Xᵀ held implicitly through a thin QR of X (ml-matrix, float64):
 * Hv = Q(Qᵀv) costs O(np), so the projected outlier problem (I − H)y = (I − H)γ + ε never
 * forms an n×n matrix.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';
import { matTVec, type Mat64 } from './dense.js';
import { gemv, gemvT } from './kernels.js';
import { householder, reflect } from './least-squares.js';

/** Thin QR of an n×p design with n > p and full column rank. */
export interface Projector {
  readonly n: number;
  readonly p: number;
  /** Q, row-major n×p with orthonormal columns. */
  readonly q: Mat64;
  /** Hv. */
  hat(v: ArrayLike<number>): Float64Array;
  /** (I − H)v. */
  resid(v: ArrayLike<number>): Float64Array;
  /** Least-squares coefficients argmin_b ‖v − Xb‖. */
  coef(v: ArrayLike<number>): Float64Array;
  /** Leverages h_ii = ‖Q_i‖². */
  leverage(): Float64Array;
}

/** Builds the projector; Left when X is rank deficient (collinear columns, too few rows). */
export function projector(x: Mat64): Either<SparsekitError, Projector> {
  const { rows: n, cols: p } = x;
  const { q: qd, r } = thinQr(x);
  const diag = Array.from({ length: p }, (_, k) => Math.abs(r[k * p + k]));
  const big = Math.max(...diag, 0);
  if (p > 0 && diag.some((d) => !(d > 1e-10 * big))) {
    return left(
      new SparsekitError({
        argument: 'X',
        value: `${n}×${p}`,
        code: 'invalid_argument',
        expected: 'a design of full column rank (no collinear or constant-zero columns)',
      }),
    );
  }
  const q: Mat64 = { rows: n, cols: p, data: qd };
  const hat = (v: ArrayLike<number>): Float64Array => gemv(qd, n, p, gemvT(qd, n, p, v, new Float64Array(p)), 1, new Float64Array(n));
  return right({
    n,
    p,
    q,
    hat,
    resid: (v) => {
      const h = hat(v);
      for (let i = 0; i < n; i++) h[i] = v[i] - h[i];
      return h;
    },
    coef: (v) => backSolve(r, matTVec(q, v)),
    leverage: () => {
      const h = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += qd[i * p + j] ** 2;
        h[i] = s;
      }
      return h;
    },
  });
}

/**
 * Thin Householder QR on flat arrays: Q (n×p, row-major, orthonormal columns) and R (p×p row-major,
 * upper). Q = H₀⋯H_{p−1}[I_p; 0] is accumulated backwards, O(np²), without the per-entry accessor
 * calls that made a general-purpose matrix QR the slowest step of a small path.
 */
function thinQr(x: Mat64): { q: Float64Array; r: Float64Array } {
  const { rows: m, cols: p, data } = x;
  const a = new Float64Array(m * p);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) a[j * m + i] = data[i * p + j];
  const diag = householder(a, null, m, p);
  const r = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    r[k * p + k] = diag[k];
    for (let j = k + 1; j < p; j++) r[k * p + j] = a[j * m + k];
  }
  const qc = new Float64Array(m * p);
  for (let j = 0; j < p; j++) qc[j * m + j] = 1;
  for (let k = p - 1; k >= 0; k--) {
    if (diag[k] === 0) continue;
    for (let j = k; j < p; j++) reflect(a, k * m, qc, j * m, k, m);
  }
  const q = new Float64Array(m * p);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) q[i * p + j] = qc[j * m + i];
  return { q, r };
}

function backSolve(r: Float64Array, b: Float64Array): Float64Array {
  const p = b.length;
  const out = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= r[k * p + j] * out[j];
    out[k] = s / r[k * p + k];
  }
  return out;
}
