/**
 * One Bregman step z ← z − c·Xᵀ(Xβ + a − y) of the squared-loss LBI, β = κ·shrink(z), without a
 * pass over X while β is sparse: with b = Xᵀy and s = Xᵀ1 computed once and the Gram column
 * G_j = XᵀX_j computed when j first enters the support S, ∇ = Σ_{j∈S} G_j·β_j + a·s − b costs
 * p·|S| instead of a residual (n·|S|) plus a pass over X (n·p). The gradient is recomputed from
 * the cached columns every step (no running update, so no drift).
 * Why one fused pass: at 100×500 the support holds ~5 variables, so the separate passes of a
 * plain loop (gradient init, one sweep per column pair, z update, shrinkage, support scan, entry
 * scan, copy of z) cost more than the arithmetic. The Gram columns of S are kept packed row by
 * row (p × |S|, repacked when S changes), and each coordinate's gradient, its z update and its
 * membership of the next support are done in one visit.
 * Above `maxSupport` nonzeros `step` declines and the caller takes the passes over X (`apply`).
 */
import type { Dense64 } from './design.js';
import { jsPasses, type DesignPasses } from './design-passes.js';
import { gramCache, packRows } from './gram-cache.js';
import { lazyWindow } from './lazy-window.js';

/** Cached columns at most: |S| below n/2 (where the pass over X gets cheaper) and ≤ 2^25 floats. */
function supportLimit(n: number, p: number): number {
  return Math.max(0, Math.min(Math.floor(n / 2), Math.floor(2 ** 25 / p)));
}

/** The support of β = κ·shrink(z): indices with |z_j| > 1, increasing. */
export interface Support {
  readonly index: Int32Array;
  readonly size: number;
}

export interface GramStep {
  /**
   * Writes z − c·Xᵀ(Xβ + a·1 − y) into `out` (β = κ·shrink(z), z the vector of the last `step`
   * or `apply` output, or of `reset`) and returns Σ_i (Xβ + a − y)_i, or undefined (out untouched)
   * when β has more nonzeros than the cache allows.
   */
  step(z: Float64Array, a: number, c: number, out: Float64Array): number | undefined;
  /** out = z − c·g for a gradient the caller computed; tracks the support like `step`. */
  apply(z: Float64Array, g: Float64Array, c: number, out: Float64Array): void;
  /** Recomputes the support from z (before the first step). */
  reset(z: Float64Array): void;
  /** The support of the last output (or of the z given to `reset`). */
  support(): Support;
  /** Writes the coordinates of z (the last output) still held lazily, so that all of z is exact. */
  settle(z: Float64Array): void;
  /** Steps taken so far on the support only (lazy-window.ts). */
  lazySteps(): number;
  /** Column j of X if its Gram column was computed (contiguous, for residuals over the support). */
  xColumn(j: number): Float64Array | undefined;
}

/** `passes` computes Xᵀy, Xᵀ1 and the Gram columns (the native passes when the caller has them). */
export function gramStep(
  x: Dense64,
  y: Float64Array,
  kappa: number,
  passes: DesignPasses = jsPasses(x),
  { windows = true }: { windows?: boolean } = {},
): GramStep {
  const { rows: n, cols: p } = x;
  const { b, s, sumY, gramColumn, xColumn } = gramCache(x, y, passes);
  const limit = supportLimit(n, p);
  let support = new Int32Array(p);
  let next = new Int32Array(p);
  let size = 0;
  const packed: { index: Int32Array; rows: Float64Array } = { index: new Int32Array(0), rows: new Float64Array(0) };
  const betaS = new Float64Array(Math.max(limit, 1));
  const g = new Float64Array(p);
  const repack = (): void => {
    const same = packed.index.length === size && packed.index.every((j, m) => j === support[m]);
    if (same) return;
    packed.index = support.slice(0, size);
    packed.rows = packRows(packed.index, p, gramColumn);
  };
  const finish = (count: number): void => {
    [support, next] = [next, support];
    size = count;
  };
  /** β on the support and the residual sum Σ(Xβ + a − y) = n·a − Σy + Σ_S s_j·β_j. */
  const supportBeta = (z: Float64Array, a: number): number => {
    let sumR = n * a - sumY;
    for (let m = 0; m < size; m++) {
      const j = support[m];
      const v = z[j];
      const bj = v > 1 ? kappa * (v - 1) : kappa * (v + 1);
      betaS[m] = bj;
      sumR += s[j] * bj;
    }
    return sumR;
  };
  const window = lazyWindow({
    p,
    s,
    b,
    g,
    betaS,
    rows: () => packed.rows,
    support: () => support,
    size: () => size,
  });
  /** Full steps to skip opening a window after one that did not pay for its bounds pass. */
  let backoff = 0;
  let lastLength = 0;
  let lazyCount = 0;
  const fullStep = (z: Float64Array, a: number, c: number, out: Float64Array): number => {
    repack();
    const sumR = supportBeta(z, a);
    const rows = packed.rows;
    let count = 0;
    for (let k = 0, off = 0; k < p; k++, off += size) {
      let gk = a * s[k] - b[k];
      for (let m = 0; m < size; m++) gk += rows[off + m] * betaS[m];
      g[k] = gk;
      const v = z[k] - c * gk;
      out[k] = v;
      if (v > 1 || v < -1) next[count++] = k;
    }
    const same = count === size && next.subarray(0, count).every((j, m) => j === support[m]);
    finish(count);
    if (same && windows && backoff-- <= 0) {
      window.open(out, a, c);
      lastLength = 0;
    }
    return sumR;
  };
  const closeWindow = (z: Float64Array): void => {
    if (!window.active()) return;
    window.materialize(z);
    // a window shorter than a few steps cost more (its p·|S| bounds pass) than it saved
    backoff = lastLength < 4 ? 8 : 0;
  };
  return {
    reset(z) {
      window.close();
      size = 0;
      for (let j = 0; j < p; j++) if (z[j] > 1 || z[j] < -1) support[size++] = j;
    },
    support: () => ({ index: support, size }),
    settle: (z) => closeWindow(z),
    lazySteps: () => lazyCount,
    xColumn,
    apply(z, gradient, c, out) {
      closeWindow(z);
      let count = 0;
      for (let k = 0; k < p; k++) {
        const v = z[k] - c * gradient[k];
        out[k] = v;
        if (v > 1 || v < -1) next[count++] = k;
      }
      finish(count);
    },
    step(z, a, c, out) {
      if (window.active()) {
        const sumR = supportBeta(z, a);
        if (window.step(z, a, c, out)) {
          lastLength++;
          lazyCount++;
          let count = 0;
          for (let m = 0; m < size; m++) {
            const j = support[m];
            if (out[j] > 1 || out[j] < -1) next[count++] = j;
          }
          if (count !== size) window.end();
          finish(count);
          return sumR;
        }
        closeWindow(z);
      }
      if (size > limit) return undefined;
      return fullStep(z, a, c, out);
    },
  };
}
