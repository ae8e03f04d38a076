/**
 * Full-data concentration steps of FAST-LTS run to convergence. Consecutive h-subsets differ in a
 * few rows, so the normal equations X_HᵀX_H b = X_Hᵀy are updated by rank-one terms for the rows
 * that enter or leave (O(Δ·p²) instead of O(h·p²)) and refactored by Cholesky (O(p³)); they are
 * rebuilt from scratch every 25 steps against drift. A step stops the loop when the subset repeats,
 * the exact fixed point of the C-step.
 */
import type { Mat64 } from '../../internal/dense.js';
import { choleskySolve, leastSquares, residualsOf } from '../../internal/least-squares.js';

/** Raw LTS fit: coefficients, criterion (sum of the h smallest squared residuals) and subset. */
export interface RawFit {
  b: Float64Array;
  crit: number;
  best: number[];
}

/** The h rows with the smallest squared residuals (ties by index) and the sum of those squares. */
export function smallestH(sq: Float64Array, h: number): { idx: number[]; crit: number } {
  const sorted = Float64Array.from(sq).sort();
  const cut = sorted[h - 1];
  let crit = 0;
  for (let k = 0; k < h; k++) crit += sorted[k];
  const idx: number[] = [];
  for (let i = 0; i < sq.length; i++) if (sq[i] < cut) idx.push(i);
  for (let i = 0; i < sq.length && idx.length < h; i++) if (sq[i] === cut) idx.push(i);
  return { idx: idx.sort((a, c) => a - c), crit };
}

/** C-steps on all rows from coefficients b until the h-subset repeats (at most maxIter steps). */
export function refineCSteps(x: Mat64, y: Float64Array, b0: Float64Array, h: number, maxIter = 100): RawFit | null {
  const { rows: n, cols: p } = x;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const member = new Uint8Array(n);
  let b = b0;
  let fit: RawFit | null = null;
  for (let it = 0; it <= maxIter; it++) {
    const r = residualsOf(x, y, b);
    const { idx, crit } = smallestH(
      r.map((v) => v * v),
      h,
    );
    if (fit !== null) fit.crit = crit;
    const next = new Uint8Array(n);
    for (const i of idx) next[i] = 1;
    let changed = 0;
    const rebuild = it % 25 === 0;
    if (rebuild) {
      gram.fill(0);
      xty.fill(0);
    }
    for (let i = 0; i < n; i++) {
      const sign = rebuild ? next[i] : next[i] - member[i];
      if (next[i] !== member[i]) changed++;
      if (sign !== 0) addRow(gram, xty, x, y, i, sign);
    }
    member.set(next);
    if (fit !== null && changed === 0) return fit;
    const nb = choleskySolve(gram, xty, p) ?? leastSquares(x, y, idx);
    if (nb === null) return fit;
    b = nb;
    fit = { b, crit: Infinity, best: idx };
  }
  if (fit !== null) {
    const r = residualsOf(x, y, fit.b);
    fit.crit = smallestH(
      r.map((v) => v * v),
      h,
    ).crit;
  }
  return fit;
}

function addRow(gram: Float64Array, xty: Float64Array, x: Mat64, y: Float64Array, i: number, sign: number): void {
  const { cols: p, data } = x;
  const o = i * p;
  const yi = sign * y[i];
  for (let j = 0; j < p; j++) {
    const v = data[o + j];
    xty[j] += v * yi;
    const a = sign * v;
    const gj = j * p;
    for (let k = j; k < p; k++) gram[gj + k] += a * data[o + k];
  }
}
