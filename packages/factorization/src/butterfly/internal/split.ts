/**
 * Hierarchical rank-one splitting (Zheng, Riccietti & Gribonval). The product of consecutive
 * butterfly levels [a, b) has support I_{2^a} ⊗ 1_{2^{b−a}} ⊗ I_{2^{n−b}}. Splitting a matrix with
 * support [a, b) into X·Y with supports [a, m) and [m, b): for every inner index t the rows of
 * column t of X's support and the columns of row t of Y's support select a block of M; these
 * blocks are disjoint and cover M, and each is approximated by its best rank one σ·u·vᴴ,
 * giving X[rows, t] = √σ·u and Y[t, cols] = √σ·vᴴ. Exact when M has a butterfly factorization.
 */
import { rankOne, type ComplexBlock } from './rank-one.js';

/** A dense N×N complex matrix in float64 (row-major). */
export interface Square64 {
  readonly size: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Rows of column t in the support of levels [a, m) (n levels in all). */
export function supportRows(n: number, a: number, m: number, t: number): number[] {
  const block = 2 ** (n - a);
  const stride = 2 ** (n - m);
  const base = Math.floor(t / block) * block + (t % stride);
  return Array.from({ length: 2 ** (m - a) }, (_, k) => base + k * stride);
}

/** Columns of row t in the support of levels [m, b). */
export function supportCols(n: number, m: number, b: number, t: number): number[] {
  const block = 2 ** (n - m);
  const stride = 2 ** (n - b);
  const base = Math.floor(t / block) * block + (t % stride);
  return Array.from({ length: 2 ** (b - m) }, (_, k) => base + k * stride);
}

export function splitLevels(M: Square64, n: number, a: number, m: number, b: number): [Square64, Square64] {
  const size = M.size;
  const X: Square64 = { size, re: new Float64Array(size * size), im: new Float64Array(size * size) };
  const Y: Square64 = { size, re: new Float64Array(size * size), im: new Float64Array(size * size) };
  for (let t = 0; t < size; t++) {
    const rows = supportRows(n, a, m, t);
    const cols = supportCols(n, m, b, t);
    const blk: ComplexBlock = { rows: rows.length, cols: cols.length, re: new Float64Array(rows.length * cols.length), im: new Float64Array(rows.length * cols.length) };
    rows.forEach((r, i) => cols.forEach((c, j) => {
      blk.re[i * cols.length + j] = M.re[r * size + c];
      blk.im[i * cols.length + j] = M.im[r * size + c];
    }));
    const { sigma, uRe, uIm, vRe, vIm } = rankOne(blk);
    const s = Math.sqrt(sigma);
    rows.forEach((r, i) => {
      X.re[r * size + t] = s * uRe[i];
      X.im[r * size + t] = s * uIm[i];
    });
    cols.forEach((c, j) => {
      Y.re[t * size + c] = s * vRe[j];
      Y.im[t * size + c] = -s * vIm[j];
    });
  }
  return [X, Y];
}

/** Where each tree splits the level range [a, b). */
export type Tree = 'right' | 'left' | 'balanced';

export function splitPoint(tree: Tree, a: number, b: number): number {
  if (tree === 'left') return b - 1; // the left part keeps being split
  if (tree === 'right') return a + 1; // the right part keeps being split
  return Math.floor((a + b) / 2);
}

/** Factors for levels a..b−1 of M (support [a, b)), in order. */
export function factorLevels(M: Square64, n: number, a: number, b: number, tree: Tree): Square64[] {
  if (b - a === 1) return [M];
  const m = splitPoint(tree, a, b);
  const [X, Y] = splitLevels(M, n, a, m, b);
  return [...factorLevels(X, n, a, m, tree), ...factorLevels(Y, n, m, b, tree)];
}
