/**
 * Hierarchical rank-one splitting (Zheng, Riccietti & Gribonval). The product of consecutive
 * butterfly levels [a, b) has support I_{2^a} ⊗ 1_{2^{b−a}} ⊗ I_{2^{n−b}}: row i holds 2^{b−a}
 * entries, at columns base(i) + k·2^{n−b}. Splitting a matrix with support [a, b) into X·Y with
 * supports [a, m) and [m, b): for every inner index t, the rows of column t of X's support and the
 * columns of row t of Y's support select a block of M; these blocks are disjoint and cover M, and
 * each is approximated by its best rank one σ·u·vᴴ: X[rows, t] = √σ·u, Y[t, cols] = √σ·vᴴ.
 * Exact when M has a butterfly factorization.
 *
 * Matrices are stored compressed, row i's 2^{b−a} support entries side by side, so a split costs
 * O(N·2^{b−a}) memory instead of N².
 */
import { rankOneInto, RankOneWorkspace, type ComplexBlock } from './rank-one.js';

/** A complex N×N matrix with the support of levels [a, b) of n, compressed by rows (float64). */
export interface LevelMatrix {
  readonly n: number;
  readonly a: number;
  readonly b: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export const width = (a: number, b: number): number => 2 ** (b - a);

/** Column of the k-th stored entry of row i for support [a, b). */
export function columnOf(n: number, a: number, b: number, i: number, k: number): number {
  // Powers of two (n <= 30): masks and shifts instead of floor/modulo in the hot loops.
  const blockMask = (1 << (n - a)) - 1;
  const strideMask = (1 << (n - b)) - 1;
  return (i & ~blockMask) + (i & strideMask) + (k << (n - b));
}

/** Slot k of column j in row i (j must be in the support). */
function slotOf(n: number, a: number, b: number, i: number, j: number): number {
  return (j - columnOf(n, a, b, i, 0)) >> (n - b);
}

export function emptyLevel(n: number, a: number, b: number): LevelMatrix {
  const size = 2 ** n * width(a, b);
  return { n, a, b, re: new Float64Array(size), im: new Float64Array(size) };
}

export function splitLevels(M: LevelMatrix, m: number): [LevelMatrix, LevelMatrix] {
  const { n, a, b } = M;
  const N = 2 ** n;
  const [wm, wx, wy] = [width(a, b), width(a, m), width(m, b)];
  const X = emptyLevel(n, a, m);
  const Y = emptyLevel(n, m, b);
  const blk: ComplexBlock = { rows: wx, cols: wy, re: new Float64Array(wx * wy), im: new Float64Array(wx * wy) };
  const rows = new Int32Array(wx);
  const cols = new Int32Array(wy);
  const work = new RankOneWorkspace(wx, wy);
  for (let t = 0; t < N; t++) {
    // Rows of column t in supp[a, m) and columns of row t in supp[m, b).
    for (let p = 0; p < wx; p++) rows[p] = columnOf(n, a, m, t, p);
    for (let q = 0; q < wy; q++) cols[q] = columnOf(n, m, b, t, q);
    for (let p = 0; p < wx; p++) {
      const r = rows[p];
      // cols[] step by 2^{n−b}, the stride of row r's slots, so they are consecutive slots.
      const k0 = r * wm + slotOf(n, a, b, r, cols[0]);
      for (let q = 0; q < wy; q++) {
        blk.re[p * wy + q] = M.re[k0 + q];
        blk.im[p * wy + q] = M.im[k0 + q];
      }
    }
    const s = Math.sqrt(rankOneInto(blk, work));
    const { uRe, uIm, vRe, vIm } = work;
    for (let p = 0; p < wx; p++) {
      const slot = rows[p] * wx + slotOf(n, a, m, rows[p], t);
      X.re[slot] = s * uRe[p];
      X.im[slot] = s * uIm[p];
    }
    for (let q = 0; q < wy; q++) {
      Y.re[t * wy + q] = s * vRe[q];
      Y.im[t * wy + q] = -s * vIm[q];
    }
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

/** Factors for levels a..b−1 of M, in order (each of width 2). */
export function factorLevels(M: LevelMatrix, tree: Tree): LevelMatrix[] {
  if (M.b - M.a === 1) return [M];
  const [X, Y] = splitLevels(M, splitPoint(tree, M.a, M.b));
  return [...factorLevels(X, tree), ...factorLevels(Y, tree)];
}

/**
 * X·Y for X with support [a, m) and Y with support [m, b): for butterfly supports every entry of
 * the product is a single term X[r, t]·Y[t, c] (the rank-one blocks are disjoint), so this is the
 * exact inverse of {@link splitLevels} and costs O(N·2^{b−a}).
 */
export function mergeLevels(X: LevelMatrix, Y: LevelMatrix): LevelMatrix {
  const { n, a } = X;
  const { b } = Y;
  const m = X.b;
  const N = 2 ** n;
  const [wm, wx, wy] = [width(a, b), width(a, m), width(m, b)];
  const M = emptyLevel(n, a, b);
  const [Mre, Mim, Yre, Yim] = [M.re, M.im, Y.re, Y.im];
  for (let t = 0; t < N; t++) {
    const y0 = t * wy;
    for (let p = 0; p < wx; p++) {
      const r = columnOf(n, a, m, t, p);
      const xs = r * wx + slotOf(n, a, m, r, t);
      const xr = X.re[xs];
      const xi = X.im[xs];
      const k0 = r * wm + slotOf(n, a, b, r, columnOf(n, m, b, t, 0));
      for (let q = 0; q < wy; q++) {
        const yr = Yre[y0 + q];
        const yi = Yim[y0 + q];
        Mre[k0 + q] += xr * yr - xi * yi;
        Mim[k0 + q] += xr * yi + xi * yr;
      }
    }
  }
  return M;
}

/** The product of the factors (leaves in level order), merged along the same tree. */
export function productLevels(leaves: readonly LevelMatrix[], tree: Tree, a = 0, b = leaves.length): LevelMatrix {
  if (b - a === 1) return leaves[a];
  const m = splitPoint(tree, a, b);
  return mergeLevels(productLevels(leaves, tree, a, m), productLevels(leaves, tree, m, b));
}
