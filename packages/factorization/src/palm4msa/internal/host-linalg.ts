/**
 * Dense float64 matrices in host arrays and the products PALM4MSA needs, each skipping the zeros
 * of its sparse operand: a factor with a few nonzeros per row costs nnz·n, not m·k·n. Chains of
 * factors are applied one factor at a time, which stays cheap where their product is dense.
 */
import { createRng } from '@sparsekit/tensor';
import { applyRowUpdates, type RowUpdates } from './row-updates.js';

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export const mat = (rows: number, cols: number, data: Float64Array = new Float64Array(rows * cols)): Mat => ({ rows, cols, data });

/** The rectangular identity (pyfaust's "eye" start). */
export function eye(rows: number, cols: number): Mat {
  const m = mat(rows, cols);
  for (let i = 0; i < Math.min(rows, cols); i++) m.data[i * cols + i] = 1;
  return m;
}

/** The nonzeros of a matrix in row order, as the row updates of A·B and of Aᵀ·B (built once per matrix: factors are read many times, never written). */
interface Nonzeros {
  readonly ab: RowUpdates;
  readonly atb: RowUpdates;
}
const nonzerosCache = new WeakMap<Mat, Nonzeros>();

function nonzeros(m: Mat): Nonzeros {
  const hit = nonzerosCache.get(m);
  if (hit !== undefined) return hit;
  const d = m.data;
  let count = 0;
  for (let p = 0; p < d.length; p++) if (d[p] !== 0) count++;
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  const val = new Float64Array(count);
  for (let i = 0, q = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const v = d[i * m.cols + j];
      if (v === 0) continue;
      rows[q] = i;
      cols[q] = j;
      val[q++] = v;
    }
  }
  const out = { ab: { dst: rows, src: cols, val, count }, atb: { dst: cols, src: rows, val, count } };
  nonzerosCache.set(m, out);
  return out;
}

/** A·B over the nonzeros of A: row i of C gathers A[i, k]·B[k, :]. */
export function mulAB(a: Mat, b: Mat): Mat {
  const c = mat(a.rows, b.cols);
  applyRowUpdates(nonzeros(a).ab, b.data, b.rows, b.cols, c.data, c.rows);
  return c;
}

/** Aᵀ·B over the nonzeros of A: row i of C gathers A[k, i]·B[k, :]. */
export function mulAtB(a: Mat, b: Mat): Mat {
  const c = mat(a.cols, b.cols);
  applyRowUpdates(nonzeros(a).atb, b.data, b.rows, b.cols, c.data, c.rows);
  return c;
}

export function transpose(m: Mat): Mat {
  const t = mat(m.cols, m.rows);
  const [md, td] = [m.data, t.data];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) td[j * m.rows + i] = md[i * m.cols + j];
  return t;
}

/** S₁⋯S_k·X (X itself for an empty chain). */
export function chainTimes(chain: readonly Mat[], x: Mat): Mat {
  let y = x;
  for (let i = chain.length - 1; i >= 0; i--) y = mulAB(chain[i], y);
  return y;
}

/** (S₁⋯S_k)ᵀ·X. */
export function chainTransposeTimes(chain: readonly Mat[], x: Mat): Mat {
  let y = x;
  for (const s of chain) y = mulAtB(s, y);
  return y;
}

/** X·(S₁⋯S_k)ᵀ = (S₁⋯S_k·Xᵀ)ᵀ: two transposes for the whole chain, row updates in between. */
export function timesChainTranspose(x: Mat, chain: readonly Mat[]): Mat {
  return chain.length === 0 ? x : transpose(chainTimes(chain, transpose(x)));
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** A random unit start vector for the power iterations (seeded: runs are reproducible). */
export function startVector(n: number, seed: number): Float64Array {
  const v = Float64Array.from(createRng(seed).normalArray(n));
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
}

/**
 * ‖S₁⋯S_k‖₂² by power iteration on MᵀM from `v` (updated in place: the next call on nearly the
 * same chain starts from it and converges in a few steps). Stops when the estimate moves by at
 * most `threshold` relatively or after `maxIter` steps (pyfaust's norm2_threshold, norm2_max_iter).
 */
export function chainNormSquared(chain: readonly Mat[], v: Float64Array, threshold = 1e-6, maxIter = 100): number {
  if (chain.length === 0) return 1;
  let estimate = -1;
  for (let it = 0; it < maxIter; it++) {
    const mv = chainTimes(chain, mat(v.length, 1, v));
    const next = dot(mv.data, mv.data);
    if (!(next > 0) || !Number.isFinite(next)) return next;
    const w = chainTransposeTimes(chain, mv).data;
    const norm = Math.sqrt(dot(w, w));
    if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = w[i] / norm;
    if (Math.abs(next - estimate) <= threshold * next) return Math.max(next, estimate);
    estimate = next;
  }
  return estimate;
}
