/**
 * What the squared-loss LBI steps reuse across iterations: b = Xᵀy, s = Xᵀ1, Σy, and for every
 * variable that entered the support its Gram column G_j = XᵀX_j (one full pass, computed once)
 * with a contiguous copy of X_j (residuals over the support read it instead of striding through
 * row-major X).
 */
import type { Dense64 } from './design.js';
import type { DesignPasses } from './design-passes.js';

export interface GramCache {
  readonly b: Float64Array;
  readonly s: Float64Array;
  readonly sumY: number;
  /** G_j = XᵀX_j, computed on first use. */
  gramColumn(j: number): Float64Array;
  /** X_j if G_j was computed. */
  xColumn(j: number): Float64Array | undefined;
}

export function gramCache(x: Dense64, y: Float64Array, passes: DesignPasses): GramCache {
  const { rows: n, cols: p, data } = x;
  let sumY = 0;
  for (let i = 0; i < n; i++) sumY += y[i];
  const columns = new Map<number, Float64Array>();
  const xColumns = new Map<number, Float64Array>();
  return {
    b: passes.transposeTimes(y),
    s: passes.transposeTimes(new Float64Array(n).fill(1)),
    sumY,
    xColumn: (j) => xColumns.get(j),
    gramColumn(j) {
      let g = columns.get(j);
      if (g === undefined) {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) column[i] = data[i * p + j];
        g = passes.transposeTimes(column);
        columns.set(j, g);
        xColumns.set(j, column);
      }
      return g;
    },
  };
}

/** The Gram columns of `index` packed row by row: rows[k·|index| + m] = G_{k, index[m]}. */
export function packRows(index: Int32Array, p: number, gramColumn: (j: number) => Float64Array): Float64Array {
  const size = index.length;
  const rows = new Float64Array(p * size);
  for (let m = 0; m < size; m++) {
    const col = gramColumn(index[m]);
    for (let k = 0; k < p; k++) rows[k * size + m] = col[k];
  }
  return rows;
}
