/**
 * The hat matrix H = X(XᵀX)⁻¹Xᵀ held implicitly through a thin QR of X (ml-matrix, float64):
 * Hv = Q(Qᵀv) costs O(np), so the projected outlier problem (I − H)y = (I − H)γ + ε never
 * forms an n×n matrix.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { SparsekitError } from '@sparsekit/tensor';
import { matTVec, type Mat64 } from './dense.js';
import { gemv, gemvT } from './kernels.js';

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
  const qr = new QrDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(x.data.subarray(i * p, (i + 1) * p)))));
  const r = qr.upperTriangularMatrix;
  const diag = Array.from({ length: p }, (_, k) => Math.abs(r.get(k, k)));
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
  const qm = qr.orthogonalMatrix;
  const qd = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) qd[i * p + j] = qm.get(i, j);
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

function backSolve(r: Matrix, b: Float64Array): Float64Array {
  const p = b.length;
  const out = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= r.get(k, j) * out[j];
    out[k] = s / r.get(k, k);
  }
  return out;
}
