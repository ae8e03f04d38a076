/**
 * Small dense least-squares fits on row subsets: Householder QR on a column-major Float64Array copy
 * of the selected rows. FAST-LTS and RANSAC make thousands of these fits, so the loops stay on
 * flat arrays (no per-entry matrix accessors).
 */
import type { Mat64 } from './dense.js';
import { gemv } from './kernels.js';

/** argmin_b ‖y_S − X_S b‖ over rows S (all rows when omitted); null when X_S is rank deficient. */
export function leastSquares(x: Mat64, y: ArrayLike<number>, rows?: readonly number[]): Float64Array | null {
  const p = x.cols;
  const m = rows ? rows.length : x.rows;
  if (m < p) return null;
  const a = new Float64Array(m * p);
  const b = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const r = rows ? rows[k] : k;
    const o = r * p;
    for (let j = 0; j < p; j++) a[j * m + k] = x.data[o + j];
    b[k] = y[r];
  }
  const diag = householder(a, b, m, p);
  let big = 0;
  for (let j = 0; j < p; j++) big = Math.max(big, Math.abs(diag[j]));
  for (let j = 0; j < p; j++) if (!(Math.abs(diag[j]) > 1e-10 * big)) return null;
  const out = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= a[j * m + k] * out[j];
    out[k] = s / diag[k];
  }
  return out;
}

/** In-place QR of column-major m×p `a`, applying Qᵀ to `b`; R's strict upper part stays in `a`, its diagonal is returned. */
export function householder(a: Float64Array, b: Float64Array | null, m: number, p: number): Float64Array {
  const diag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const ck = k * m;
    let norm = columnNorm(a, ck + k, ck + m);
    if (norm === 0) continue;
    if (a[ck + k] < 0) norm = -norm;
    for (let i = k; i < m; i++) a[ck + i] /= norm;
    a[ck + k] += 1;
    for (let j = k + 1; j < p; j++) reflect(a, ck, a, j * m, k, m);
    if (b !== null) reflect(a, ck, b, 0, k, m);
    diag[k] = -norm;
  }
  return diag;
}

/** Euclidean norm of a[from..to), scaled by the largest entry against overflow (as hypot, in two cheap passes). */
function columnNorm(a: Float64Array, from: number, to: number): number {
  let big = 0;
  for (let i = from; i < to; i++) big = Math.max(big, Math.abs(a[i]));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = from; i < to; i++) {
    const v = a[i] / big;
    s += v * v;
  }
  return big * Math.sqrt(s);
}

/** target −= (vᵀtarget / v_k)·v over rows k..m−1, v the Householder vector stored at `a[cv + k..]`. */
export function reflect(a: Float64Array, cv: number, t: Float64Array, ct: number, k: number, m: number): void {
  let s = 0;
  for (let i = k; i < m; i++) s += a[cv + i] * t[ct + i];
  s = -s / a[cv + k];
  for (let i = k; i < m; i++) t[ct + i] += s * a[cv + i];
}

/**
 * Least squares on rows S through the normal equations (X_SᵀX_S)b = X_Sᵀy and a Cholesky factor:
 * half the flops of Householder QR and one pass over the rows. For LTS C-steps, which only need the
 * next h-subset; falls back to QR when the Gram is not numerically positive definite.
 */
export function leastSquaresNormal(x: Mat64, y: ArrayLike<number>, rows: readonly number[]): Float64Array | null {
  const { cols: p, data } = x;
  if (rows.length < p) return null;
  const g = new Float64Array(p * p);
  const b = new Float64Array(p);
  // Four rows per pass over the triangle: a quarter of the read-modify-writes of the Gram.
  let r = 0;
  for (; r + 4 <= rows.length; r += 4) {
    const [o0, o1, o2, o3] = [rows[r] * p, rows[r + 1] * p, rows[r + 2] * p, rows[r + 3] * p];
    const [y0, y1, y2, y3] = [y[rows[r]], y[rows[r + 1]], y[rows[r + 2]], y[rows[r + 3]]];
    for (let j = 0; j < p; j++) {
      const [v0, v1, v2, v3] = [data[o0 + j], data[o1 + j], data[o2 + j], data[o3 + j]];
      b[j] += v0 * y0 + v1 * y1 + v2 * y2 + v3 * y3;
      const gj = j * p;
      for (let k = j; k < p; k++) g[gj + k] += v0 * data[o0 + k] + v1 * data[o1 + k] + v2 * data[o2 + k] + v3 * data[o3 + k];
    }
  }
  for (; r < rows.length; r++) {
    const o = rows[r] * p;
    const yr = y[rows[r]];
    for (let j = 0; j < p; j++) {
      const v = data[o + j];
      b[j] += v * yr;
      const gj = j * p;
      for (let k = j; k < p; k++) g[gj + k] += v * data[o + k];
    }
  }
  return choleskySolve(g, b, p) ?? leastSquares(x, y, rows);
}

/** Solves with the upper triangle of a symmetric positive definite p×p matrix; null when not PD. */
export function choleskySolve(gram: Float64Array, rhs: Float64Array, p: number): Float64Array | null {
  const g = Float64Array.from(gram);
  const b = Float64Array.from(rhs);
  for (let j = 0; j < p; j++) {
    let d = g[j * p + j];
    for (let k = 0; k < j; k++) d -= g[k * p + j] ** 2;
    if (!(d > 1e-12 * Math.max(1, gram[j * p + j]))) return null;
    d = Math.sqrt(d);
    g[j * p + j] = d;
    for (let c = j + 1; c < p; c++) {
      let s = g[j * p + c];
      for (let k = 0; k < j; k++) s -= g[k * p + j] * g[k * p + c];
      g[j * p + c] = s / d;
    }
  }
  for (let j = 0; j < p; j++) {
    let s = b[j];
    for (let k = 0; k < j; k++) s -= g[k * p + j] * b[k];
    b[j] = s / g[j * p + j];
  }
  for (let j = p - 1; j >= 0; j--) {
    let s = b[j];
    for (let k = j + 1; k < p; k++) s -= g[j * p + k] * b[k];
    b[j] = s / g[j * p + j];
  }
  return b;
}

/** y − Xb on the given rows (others left 0). */
export function residualsOn(x: Mat64, y: ArrayLike<number>, b: ArrayLike<number>, rows: readonly number[]): Float64Array {
  const { cols: p, data } = x;
  const out = new Float64Array(x.rows);
  for (const r of rows) {
    let s = y[r];
    const o = r * p;
    for (let j = 0; j < p; j++) s -= data[o + j] * b[j];
    out[r] = s;
  }
  return out;
}

/** y − Xb. */
export function residualsOf(x: Mat64, y: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = gemv(x.data, x.rows, x.cols, b, -1, new Float64Array(x.rows));
  for (let i = 0; i < x.rows; i++) out[i] += y[i];
  return out;
}
