/**
 * Non-negative least squares min ‖A·u − y‖² s.t. u ≥ 0 by the Lawson–Hanson active-set method,
 * in float64. The unconstrained sub-problems on the passive set are solved with ml-matrix's
 * SVD-based least squares, which also copes with rank-deficient column subsets.
 */
import { Matrix, solve } from 'ml-matrix';

/** Solution of {@link nnls}. */
export interface NnlsResult {
  readonly x: Float64Array;
  readonly residual: Float64Array;
  readonly iterations: number;
}

function subColumns(a: Matrix, cols: readonly number[]): Matrix {
  return a.subMatrixColumn([...cols]);
}

function residualOf(a: Matrix, x: Float64Array, y: Float64Array): Float64Array {
  const ax = a.mmul(Matrix.columnVector(Array.from(x)));
  return Float64Array.from(y, (v, i) => v - ax.get(i, 0));
}

function dual(a: Matrix, r: Float64Array): Float64Array {
  return Float64Array.from(
    a
      .transpose()
      .mmul(Matrix.columnVector(Array.from(r)))
      .getColumn(0),
  );
}

/** Least squares on the passive set; entries outside it are 0. */
function passiveSolve(a: Matrix, y: Float64Array, passive: readonly number[]): Float64Array {
  const s = new Float64Array(a.columns);
  if (passive.length === 0) return s;
  const sol = solve(subColumns(a, passive), Matrix.columnVector(Array.from(y)), true);
  passive.forEach((j, k) => {
    s[j] = sol.get(k, 0);
  });
  return s;
}

/**
 * Lawson–Hanson NNLS. `tol` scales the dual-feasibility test by ‖Aᵀy‖∞.

 */
export function nnls(a: Matrix, y: Float64Array, tol = 1e-12, maxIter = 30 * a.columns + 30): NnlsResult {
  const m = a.columns;
  let x: Float64Array = new Float64Array(m);
  const inP = new Array<boolean>(m).fill(false);
  const scale = Math.max(1e-300, ...Array.from(dual(a, y), Math.abs));
  let it = 0;
  for (; it < maxIter; it++) {
    const w = dual(a, residualOf(a, x, y));
    let j = -1;
    for (let i = 0; i < m; i++) if (!inP[i] && w[i] > tol * scale && (j < 0 || w[i] > w[j])) j = i;
    if (j < 0) break;
    inP[j] = true;
    x = innerLoop(a, y, x, inP);
  }
  return { x, residual: residualOf(a, x, y), iterations: it };
}

/** Moves back along the segment to the first bound hit until the passive solution is positive. */
function innerLoop(a: Matrix, y: Float64Array, start: Float64Array, inP: boolean[]): Float64Array {
  let x: Float64Array = start;
  for (let guard = 0; guard <= a.columns; guard++) {
    const passive = inP.flatMap((b, i) => (b ? [i] : []));
    const s = passiveSolve(a, y, passive);
    if (passive.every((i) => s[i] > 0)) return s;
    let step = Infinity;
    for (const i of passive) if (s[i] <= 0) step = Math.min(step, x[i] / (x[i] - s[i]));
    x = x.map((v, i) => v + step * (s[i] - v));
    for (const i of passive)
      if (x[i] <= 1e-15 * Math.max(1, Math.abs(s[i]))) {
        inP[i] = false;
        x[i] = 0;
      }
  }
  return x;
}
