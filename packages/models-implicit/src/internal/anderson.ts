/**
 * Anderson acceleration (type II, as torchdeq's `anderson`): with the last k iterates X_i and
 * their images F_i, residuals G_i = F_i − X_i, choose α minimizing ‖Σα_i G_i‖² + λ‖α‖² subject
 * to Σα_i = 1, then x ← β Σα_i F_i + (1 − β) Σα_i X_i, per example.
 *
 * Cost: the per-example Gram matrices GGᵀ are kept on the host and updated by one new row per
 * step (k dot products on the device, one [batch, k] read), and the (k × k) systems of the whole
 * batch are solved in one float64 loop over preallocated arrays. Restacking the history and
 * allocating a matrix object per example every step cost several Picard evaluations.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedFixedPointOptions } from '../solver-options.js';
import type { Stepper } from './stepper.js';

/**
 * Below this pivot (relative to the largest diagonal) a system is singular at the resolution of
 * a float32 Gram matrix (entries carry relative errors near 1e-7).
 */
const SINGULAR = 1e-6;

/**
 * α = (H + λ·max(diag H)·I)⁻¹1 / 1ᵀ(H + λ·max(diag H)·I)⁻¹1 for the k × k Gram matrix at
 * `gram[offset..]` (row-major), by Gaussian elimination with partial pivoting in `work` (≥ k² + k
 * entries). Writes α into `out` at `outOffset`; false when the system is singular or non-finite.
 */
export function andersonWeights(
  gram: ArrayLike<number>,
  offset: number,
  k: number,
  lambda: number,
  work: Float64Array,
  out: Float32Array,
  outOffset: number,
): boolean {
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, gram[offset + i * k + i]);
  if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) return false;
  const rhs = k * k;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) work[i * k + j] = gram[offset + i * k + j] + (i === j ? lambda * maxDiag : 0);
    work[rhs + i] = 1;
  }
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(work[r * k + c]) > Math.abs(work[p * k + c])) p = r;
    const pivot = work[p * k + c];
    if (!(Math.abs(pivot) > SINGULAR * maxDiag)) return false;
    if (p !== c) swapRows(work, k, p, c);
    for (let r = c + 1; r < k; r++) {
      const f = work[r * k + c] / pivot;
      for (let j = c; j < k; j++) work[r * k + j] -= f * work[c * k + j];
      work[rhs + r] -= f * work[rhs + c];
    }
  }
  let total = 0;
  for (let i = k - 1; i >= 0; i--) {
    let s = work[rhs + i];
    for (let j = i + 1; j < k; j++) s -= work[i * k + j] * work[rhs + j];
    work[rhs + i] = s / work[i * k + i];
    total += work[rhs + i];
  }
  if (!Number.isFinite(total) || Math.abs(total) < 1e-300) return false;
  for (let i = 0; i < k; i++) out[outOffset + i] = work[rhs + i] / total;
  for (let i = 0; i < k; i++) if (!Number.isFinite(out[outOffset + i])) return false;
  return true;
}

function swapRows(work: Float64Array, k: number, a: number, b: number): void {
  for (let j = 0; j <= k; j++) {
    const ia = j < k ? a * k + j : k * k + a;
    const ib = j < k ? b * k + j : k * k + b;
    const t = work[ia];
    work[ia] = work[ib];
    work[ib] = t;
  }
}

/** Per-example Gram matrices of the residual history, oldest first, updated one row per step. */
class GramHistory {
  private values: Float64Array;
  /** The other buffer: each push writes into it and swaps, so a step allocates nothing. */
  private spare: Float64Array;
  private k = 0;
  constructor(
    private readonly batch: number,
    private readonly memory: number,
  ) {
    this.values = new Float64Array(batch * memory * memory);
    this.spare = new Float64Array(batch * memory * memory);
  }
  get size(): number {
    return this.k;
  }
  /** Appends the residual whose dot products with the kept ones (then itself) are `dots` ([batch, k + 1]). */
  push(dots: ArrayLike<number>, dropOldest: boolean): void {
    const m = this.memory;
    const kept = dropOldest ? this.k - 1 : this.k;
    const shift = dropOldest ? 1 : 0;
    const next = this.spare;
    const k1 = kept + 1;
    const stride = this.k + 1;
    for (let e = 0; e < this.batch; e++) {
      const src = e * m * m;
      const dst = e * m * m;
      for (let i = 0; i < kept; i++)
        for (let j = 0; j < kept; j++) next[dst + i * k1 + j] = this.values[src + (i + shift) * this.k + j + shift];
      for (let i = 0; i < k1; i++) {
        const v = dots[e * stride + i + shift];
        next[dst + kept * k1 + i] = v;
        next[dst + i * k1 + kept] = v;
      }
    }
    this.spare = this.values;
    this.values = next;
    this.k = k1;
  }
  get data(): Float64Array {
    return this.values;
  }
}

function column(values: Float32Array, rows: number, cols: number, j: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = values[r * cols + j];
  return out;
}

/**
 * α of every example of the batch into `alpha` ([b, k] row-major); an example whose system is
 * singular takes the newest iterate alone (α = e_k, a damped Picard step). Returns how many did.
 */
function batchWeights(
  gram: GramHistory,
  b: number,
  k: number,
  o: ResolvedFixedPointOptions,
  work: Float64Array,
  alpha: Float32Array,
): number {
  const m = o.memory;
  let fallbacks = 0;
  for (let e = 0; e < b; e++) {
    if (k > 1 && andersonWeights(gram.data, e * m * m, k, o.lambda, work, alpha, e * k)) continue;
    if (k > 1) fallbacks++;
    alpha.fill(0, e * k, e * k + k);
    alpha[e * k + k - 1] = 1;
  }
  return fallbacks;
}

export function andersonStepper(o: ResolvedFixedPointOptions): Stepper {
  const gs: tf.Tensor2D[] = [];
  // β F_i + (1 − β) X_i: the mix is Σα_i of these.
  const ys: tf.Tensor2D[] = [];
  let gram: GramHistory | null = null;
  let fallbacks = 0;
  const beta = o.damping;
  const work = new Float64Array(o.memory * o.memory + o.memory);
  return {
    next(x, fx) {
      const b = x.shape[0];
      gram ??= new GramHistory(b, o.memory);
      const g = tf.sub(fx, x) as tf.Tensor2D;
      const dots = tf.tidy(() =>
        tf.stack(
          [...gs, g].map((h) => tf.sum(tf.mul(g, h), 1)),
          1,
        ),
      );
      const d = dots.dataSync();
      dots.dispose();
      const full = gs.length === o.memory;
      gram.push(d, full);
      gs.push(g);
      ys.push(beta === 1 ? tf.clone(fx) : (tf.tidy(() => tf.add(tf.mul(beta, fx), tf.mul(1 - beta, x))) as tf.Tensor2D));
      if (full) {
        gs.shift()?.dispose();
        ys.shift()?.dispose();
      }
      const k = gs.length;
      const alpha = new Float32Array(b * k);
      fallbacks += batchWeights(gram, b, k, o, work, alpha);
      return tf.tidy(() => {
        if (k === 1) return tf.clone(ys[0]);
        return tf.addN(ys.map((y, i) => tf.mul(y, tf.tensor2d(column(alpha, b, k, i), [b, 1])))) as tf.Tensor2D;
      });
    },
    fallbacks: () => fallbacks,
    dispose() {
      for (const t of [...gs, ...ys]) t.dispose();
      gs.length = 0;
      ys.length = 0;
    },
  };
}
