/**
 * The host-memory (float64) side of the FAμST projectors: the same `pos` pre-step, core map,
 * `normalized` post-step with its one-hot fallback, and NaN propagation as the tensor side
 * (projector.ts), on plain arrays. Top-k selections use a quickselect threshold and keep the
 * lowest indices among entries equal to it, the tie rule of the tensor top-k.
 */
import type { HostMatrix } from '../../types.js';

/** The projection of the parts after `pos` (`original`: before it); returns fresh parts. */
export type HostCore = (parts: Float64Array[], rows: number, cols: number, original: Float64Array[]) => Float64Array[];

export interface HostSpec {
  readonly pos: boolean;
  readonly normalized: boolean;
  readonly checkShape: (shape: [number, number]) => void;
  readonly core: HostCore;
  /** Entries the one-hot fallback may use (row-major 0/1), when restricted (supp). */
  readonly allowed?: Uint8Array;
}

function allFinite(p: Float64Array): boolean {
  for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i])) return false;
  return true;
}

/** Squared modulus of every entry. */
export function squaredModulus(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts[0].length);
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] += p[i] * p[i];
  return out;
}

/** Keeps the parts where mask is 1. */
export function maskHost(parts: readonly Float64Array[], mask: Uint8Array): Float64Array[] {
  return parts.map((p) => {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) if (mask[i] === 1) out[i] = p[i];
    return out;
  });
}

const scratch = { values: new Float64Array(0) };

/** The k-th largest of values[t·step + offset], t < count (1 ≤ k ≤ count): quickselect on a scratch copy. */
function kthLargest(values: Float64Array, offset: number, count: number, step: number, k: number): number {
  if (scratch.values.length < count) scratch.values = new Float64Array(count);
  const a = scratch.values;
  for (let t = 0; t < count; t++) a[t] = values[offset + t * step];
  let lo = 0;
  let hi = count - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target];
}

/** Marks in `mask` the k largest of values[t·step + offset], t < count, lowest t first among ties. */
export function markTopK(values: Float64Array, offset: number, count: number, step: number, k: number, mask: Uint8Array): void {
  if (k >= count) {
    for (let t = 0; t < count; t++) mask[offset + t * step] = 1;
    return;
  }
  if (k <= SMALL_K) {
    markTopSmallK(values, offset, count, step, k, mask);
    return;
  }
  const threshold = kthLargest(values, offset, count, step, k);
  let above = 0;
  for (let t = 0; t < count; t++) if (values[offset + t * step] > threshold) above++;
  let ties = k - above;
  for (let t = 0; t < count; t++) {
    const p = offset + t * step;
    if (values[p] > threshold) mask[p] = 1;
    else if (values[p] === threshold && ties > 0) {
      mask[p] = 1;
      ties--;
    }
  }
}

const SMALL_K = 4;
const best = new Int32Array(SMALL_K);

/** markTopK for small k: one scan keeping the k best so far (replaced only by strictly larger: lowest index wins ties). */
function markTopSmallK(values: Float64Array, offset: number, count: number, step: number, k: number, mask: Uint8Array): void {
  let size = 0;
  for (let t = 0; t < count; t++) {
    const p = offset + t * step;
    const v = values[p];
    if (size === k && !(v > values[best[k - 1]])) continue;
    let at = size < k ? size++ : k - 1;
    while (at > 0 && v > values[best[at - 1]]) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = p;
  }
  for (let i = 0; i < size; i++) mask[best[i]] = 1;
}

/** Index of the lowest-index maximum of score (within allowed, if given). */
function argmax(score: Float64Array, allowed?: Uint8Array): number {
  let best = -1;
  for (let i = 0; i < score.length; i++) {
    if (allowed !== undefined && allowed[i] !== 1) continue;
    if (best < 0 || score[i] > score[best]) best = i;
  }
  return best;
}

function normalizeHost(parts: Float64Array[], x: HostMatrix, spec: HostSpec, original: Float64Array[]): Float64Array[] {
  let sq = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) sq += p[i] * p[i];
  if (sq > 0) {
    const inv = 1 / Math.sqrt(sq);
    for (const p of parts) for (let i = 0; i < p.length; i++) p[i] *= inv; // the core's output is fresh
    return parts;
  }
  const real = x.im === null;
  const score = spec.pos && real ? original[0] : squaredModulus(original);
  const at = argmax(score, spec.allowed);
  return parts.map((p, i) => {
    const out = new Float64Array(p.length);
    if (i === 0 && at >= 0) out[at] = 1;
    return out;
  });
}

/** projectHost of a projector: checks, pos, core, normalized, NaN propagation. */
export function projectHost(spec: HostSpec, x: HostMatrix): HostMatrix {
  spec.checkShape([x.rows, x.cols]);
  const original = x.im === null ? [x.re] : [x.re, x.im];
  if (!original.every(allFinite)) {
    const nan = () => new Float64Array(x.rows * x.cols).fill(NaN);
    return { rows: x.rows, cols: x.cols, re: nan(), im: x.im === null ? null : nan() };
  }
  const pre = spec.pos && x.im === null ? [x.re.map((v) => Math.max(v, 0))] : original;
  const core = spec.core(pre, x.rows, x.cols, original);
  const out = spec.normalized ? normalizeHost(core, x, spec, original) : core;
  return { rows: x.rows, cols: x.cols, re: out[0], im: x.im === null ? null : out[1] };
}
