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

/** The h-th smallest value of `a` (1-based), by quickselect on a scratch copy: O(n) instead of a sort. */
export function kthSmallest(a: Float64Array, h: number): number {
  const v = Float64Array.from(a);
  let lo = 0;
  let hi = v.length - 1;
  const k = h - 1;
  while (lo < hi) {
    // Median of three as the pivot, then Hoare partition.
    const mid = (lo + hi) >> 1;
    const [x, y, z] = [v[lo], v[mid], v[hi]];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}

/** The h rows with the smallest squared residuals (ties by index), ascending, and the sum of those squares. */
export function smallestH(sq: Float64Array, h: number): { idx: number[]; crit: number } {
  const cut = kthSmallest(sq, h);
  let crit = 0;
  const idx: number[] = [];
  for (let i = 0; i < sq.length; i++)
    if (sq[i] < cut) {
      idx.push(i);
      crit += sq[i];
    }
  const below = idx.length;
  crit += (h - below) * cut;
  for (let i = 0; i < sq.length && idx.length < h; i++) if (sq[i] === cut) idx.push(i);
  if (idx.length > below && below > 0) idx.sort((a, c) => a - c);
  return { idx, crit };
}

/** Two 32-bit hashes of a sorted index set, as one key. */
function subsetKey(idx: readonly number[]): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (const i of idx) {
    a = Math.imul(a ^ i, 0x01000193);
    b = Math.imul(b ^ (i + 0x9e37), 0x5bd1e995);
  }
  return `${idx.length}:${a >>> 0}:${b >>> 0}`;
}

/**
 * Where the C-steps from each h-subset already visited ended. A C-step is a function of the subset,
 * so a later start that reaches a visited subset follows the same steps to the same end: it stops
 * there and takes that end (the ten final starts of FAST-LTS mostly fall into one basin).
 */
export type CStepMemo = Map<string, { end: RawFit | null }>;

/** C-steps on all rows from coefficients b until the h-subset repeats (at most maxIter steps). */
export function refineCSteps(
  x: Mat64,
  y: Float64Array,
  b0: Float64Array,
  h: number,
  maxIter = 100,
  memo: CStepMemo = new Map(),
): RawFit | null {
  const trail = { end: null as RawFit | null };
  const fit = cStepsToConvergence(x, y, b0, h, maxIter, memo, trail);
  trail.end = fit;
  return fit;
}

function cStepsToConvergence(
  x: Mat64,
  y: Float64Array,
  b0: Float64Array,
  h: number,
  maxIter: number,
  memo: CStepMemo,
  trail: { end: RawFit | null },
): RawFit | null {
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
    const key = subsetKey(idx);
    const known = memo.get(key);
    if (known?.end && known !== trail) return { ...known.end, best: [...known.end.best] };
    memo.set(key, trail);
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
