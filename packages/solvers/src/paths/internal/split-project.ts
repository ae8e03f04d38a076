/**
 * β̃ of Split LBI: β projected onto {b : (D b)_j = 0 for j ∉ supp(γ)}, i.e. onto the kernel of
 * the rows of D outside the support (for D = I: zero the unselected coordinates). Float64.
 */
import { Matrix, pseudoInverse } from 'ml-matrix';
import type { Dense64 } from './design.js';

/** Projects beta (length p) given the support mask of γ (length m = rows of D). */
export function projectOnSupport(beta: Float64Array, selected: readonly boolean[], d: Dense64 | null): Float64Array {
  if (d === null) return beta.map((v, j) => (selected[j] ? v : 0));
  const off = selected.flatMap((s, j) => (s ? [] : [j]));
  if (off.length === 0) return Float64Array.from(beta);
  const rows = off.map((r) => Array.from(d.data.subarray(r * d.cols, (r + 1) * d.cols)));
  const dOff = new Matrix(rows);
  const b = Matrix.columnVector(Array.from(beta));
  // b − D_offᵀ (D_off D_offᵀ)⁺ D_off b, the orthogonal projection onto ker(D_off).
  const correction = dOff
    .transpose()
    .mmul(pseudoInverse(dOff.mmul(dOff.transpose())))
    .mmul(dOff.mmul(b));
  return Float64Array.from(b.sub(correction).getColumn(0));
}
