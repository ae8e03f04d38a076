import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Numerical rank of a row-major `rows × cols` matrix: singular values above `relTol` times the
 * largest. Computed from the eigenvalues of the smaller Gram matrix (MMᵀ or MᵀM, float64,
 * symmetric QL), σ² = λ: ml-matrix's SVD does not return on some rank-deficient matrices with
 * repeated rows, exactly what Frank-Wolfe from zero produces. Squaring only costs accuracy near
 * λ ≈ 1e-16·λ_max, far below the 1e-10 (σ ratio 1e-5) threshold used here.
 */
export function numericalRank(values: ArrayLike<number>, rows: number, cols: number, relTol = 1e-5): number {
  if (rows === 0 || cols === 0) return 0;
  const small = Math.min(rows, cols);
  const gram = new Matrix(small, small);
  const at = rows <= cols ? (i: number, k: number) => values[i * cols + k] : (i: number, k: number) => values[k * cols + i];
  const inner = Math.max(rows, cols);
  for (let i = 0; i < small; i++) {
    for (let j = i; j < small; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += at(i, k) * at(j, k);
      gram.set(i, j, s);
      gram.set(j, i, s);
    }
  }
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true }).realEigenvalues;
  const top = Math.max(0, ...eig);
  if (!(top > 0)) return 0;
  return eig.filter((l) => l > relTol * relTol * top).length;
}
