/** Small dense least-squares fits on row subsets (ml-matrix QR, float64). */
import { Matrix, QrDecomposition } from 'ml-matrix';
import type { Mat64 } from './dense.js';

/** argmin_b ‖y_S − X_S b‖ over rows S (all rows when omitted); null when X_S is rank deficient. */
export function leastSquares(x: Mat64, y: ArrayLike<number>, rows?: readonly number[]): Float64Array | null {
  const idx = rows ?? Array.from({ length: x.rows }, (_, i) => i);
  if (idx.length < x.cols) return null;
  const a = new Matrix(idx.length, x.cols);
  const b = new Matrix(idx.length, 1);
  idx.forEach((r, k) => {
    for (let j = 0; j < x.cols; j++) a.set(k, j, x.data[r * x.cols + j]);
    b.set(k, 0, y[r]);
  });
  const qr = new QrDecomposition(a);
  const rr = qr.upperTriangularMatrix;
  let big = 0;
  for (let j = 0; j < x.cols; j++) big = Math.max(big, Math.abs(rr.get(j, j)));
  for (let j = 0; j < x.cols; j++) if (!(Math.abs(rr.get(j, j)) > 1e-10 * big)) return null;
  return Float64Array.from(qr.solve(b).getColumn(0));
}

/** y − Xb. */
export function residualsOf(x: Mat64, y: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = y[i];
    for (let j = 0; j < x.cols; j++) s -= x.data[i * x.cols + j] * b[j];
    out[i] = s;
  }
  return out;
}
