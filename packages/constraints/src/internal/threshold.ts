/**
 * The simplex / L1-ball threshold: per row of a [B, n] tensor a and radius r, the τ with
 * Σ (a_i − τ)⁺ = r, so that (a − τ)⁺ is the projection onto {u ≥ 0, Σu = r}.
 *
 * Condat's algorithm (Condat 2016, "Fast projection onto the simplex and the l1 ball"): one
 * pass keeps a pivot list v whose running threshold ρ = (Σv − r)/|v| only grows, parking
 * entries that a restart of v superseded in a waiting list; the waiting list is revisited once,
 * then entries ≤ ρ are dropped from v until it no longer changes. Expected linear time, no sort,
 * and in practice close to two passes over the row whatever the support size. It runs in plain JS
 * on float64 over the downloaded float32 rows: a scalar loop with data-dependent branches has no
 * vectorised tfjs form, and one download plus one pass costs less than a single topk or the
 * 10–13 Newton passes of Sub/Relu/Sum kernels it replaces.
 */
import * as tf from '@tensorflow/tfjs';

/** Per-row threshold τ and the computed Σ (a − τ)⁺ at it (for the caller's feasibility rescale). */
export type Threshold = {
  readonly theta: tf.Tensor1D;
  readonly total: tf.Tensor1D;
};

/** Scratch lists reused across rows: the pivot list v and the waiting list. */
type Scratch = { readonly v: Float64Array; readonly wait: Float64Array };

/** First pass: the pivot list and its ρ, parking superseded pivots in the waiting list. */
function firstPass(y: Float32Array, start: number, n: number, radius: number, s: Scratch): { rho: number; nv: number; nw: number } {
  const { v, wait } = s;
  let nv = 1;
  let nw = 0;
  v[0] = y[start];
  let rho = y[start] - radius;
  for (let j = 1; j < n; j++) {
    const yj = y[start + j];
    if (!(yj > rho)) {
      if (Number.isNaN(yj)) return { rho: NaN, nv: 0, nw: 0 };
      continue;
    }
    const next = rho + (yj - rho) / (nv + 1);
    if (next > yj - radius) {
      v[nv++] = yj;
      rho = next;
    } else {
      // yj alone beats the current list: restart from it, the old pivots may still survive
      wait.set(v.subarray(0, nv), nw);
      nw += nv;
      v[0] = yj;
      nv = 1;
      rho = yj - radius;
    }
  }
  return { rho, nv, nw };
}

/**
 * Condat's τ for one row (float64 arithmetic; NaN when the row holds a NaN) and Σ (a − τ)⁺ as the
 * float32 projection will compute its terms: the final pivot list is exactly the support.
 */
function condatThreshold(y: Float32Array, start: number, n: number, radius: number, s: Scratch): { tau: number; total: number } {
  const { v, wait } = s;
  let { rho, nv, nw } = firstPass(y, start, n, radius, s);
  if (Number.isNaN(rho)) return { tau: NaN, total: NaN };
  for (let j = 0; j < nw; j++) {
    const w = wait[j];
    if (w > rho) {
      v[nv++] = w;
      rho += (w - rho) / nv;
    }
  }
  // drop entries at or below ρ until the list is stable; ρ only grows, so one sweep may expose more
  let changed = true;
  while (changed) {
    changed = false;
    let kept = 0;
    for (let j = 0; j < nv; j++) {
      const vj = v[j];
      // with r > 0 the list maximum stays above ρ; the guard covers r = 0 (τ = max)
      if (vj <= rho && nv - (j - kept) > 1) {
        const left = nv - (j - kept) - 1;
        rho += (rho - vj) / left;
        changed = true;
      } else {
        v[kept++] = vj;
      }
    }
    nv = kept;
  }
  const t = Math.fround(rho);
  let total = 0;
  for (let j = 0; j < nv; j++) {
    const d = Math.fround(v[j] - t);
    if (d > 0) total += d;
  }
  return { tau: rho, total };
}

/**
 * τ per row of a [B, n] tensor (any sign), exact up to float32 round-off. `active` [B] (1/0)
 * marks rows whose τ matters: the L1 ball passes 0 for rows already inside the ball, where any
 * τ ≤ 0 will do (they get τ = 0 and total 0); the simplex passes ones.
 */
export function rowThreshold(a: tf.Tensor2D, r: tf.Tensor1D, active: tf.Tensor1D): Threshold {
  const [b, n] = a.shape;
  const y = a.dataSync() as Float32Array;
  const radii = r.dataSync();
  const use = active.dataSync();
  const theta = new Float32Array(b);
  const total = new Float32Array(b);
  const scratch: Scratch = { v: new Float64Array(n), wait: new Float64Array(n) };
  for (let i = 0; i < b; i++) {
    if (use[i] === 0 || n === 0) continue;
    const { tau, total: sum } = condatThreshold(y, i * n, n, radii[i], scratch);
    theta[i] = tau;
    total[i] = sum;
  }
  return { theta: tf.tensor1d(theta), total: tf.tensor1d(total) };
}
