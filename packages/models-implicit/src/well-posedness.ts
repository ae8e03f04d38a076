/**
 * Well-posedness measures of an implicit model's A (El Ghaoui et al.; Jafarpour et al., NEMON):
 * ‖A‖∞ < 1 makes Picard a contraction; μ∞(A) = max_i (a_ii + Σ_{j≠i}|a_ij|) < 1 (the one-sided
 * Lipschitz constant, a larger set) makes damped Picard one; λ_pf(|A|) < 1 suffices for existence
 * and uniqueness. Computed in float64 on the host: these are per-model diagnostics, not hot loops.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireRank } from '@sparsekit/tensor';

/**
 * The measures of {@link wellPosedness}.
 *
 * @example
 * ```ts
 * import type { WellPosednessReport } from '@sparsekit/models-implicit';
 * const ok = (r: WellPosednessReport) => r.normInf < 1;
 * ```
 */
export interface WellPosednessReport {
  /** ‖A‖∞ = max_i Σ_j |a_ij|. */
  readonly normInf: number;
  /** NEMON's μ∞(A) = max_i (a_ii + Σ_{j≠i} |a_ij|) ≤ ‖A‖∞. */
  readonly mu: number;
  /** Collatz–Wielandt bounds lower ≤ λ_pf(|A|) ≤ upper (upper < 1 certifies λ_pf < 1). */
  readonly perronFrobenius: { readonly lower: number; readonly upper: number };
  /** Damping α = min(1, 1/(1 − min_i a_ii)) under which damped Picard contracts at rate 1 − α(1 − μ⁺). */
  readonly damping: number;
}

/** Rows of a square matrix as float64 arrays. */
export function hostRows(a: tf.Tensor | readonly (readonly number[])[]): number[][] {
  if (a instanceof tf.Tensor) {
    requireRank('A', a, 2);
    return (a.arraySync() as number[][]).map((r) => r.slice());
  }
  return a.map((r) => r.slice());
}

function checkSquare(rows: number[][]): void {
  if (rows.some((r) => r.length !== rows.length)) {
    throw new SparsekitError({
      argument: 'A',
      value: `${rows.length} rows of lengths ${rows
        .map((r) => r.length)
        .slice(0, 4)
        .join(', ')}…`,
      code: 'shape_mismatch',
      expected: 'a square matrix',
    });
  }
}

function perronBounds(abs: number[][], iterations = 500): { lower: number; upper: number } {
  const n = abs.length;
  let x = new Array<number>(n).fill(1);
  let lower = 0;
  let upper = Number.POSITIVE_INFINITY;
  for (let k = 0; k < iterations; k++) {
    const ax = abs.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));
    const ratios = ax.map((v, i) => v / x[i]);
    lower = Math.max(lower, Math.min(...ratios));
    upper = Math.min(upper, Math.max(...ratios));
    // (|A| + I)x keeps x strictly positive (Collatz–Wielandt needs it) and is primitive.
    const next = ax.map((v, i) => v + x[i]);
    const m = Math.max(...next);
    x = next.map((v) => v / m);
    if (upper - lower <= 1e-12 * Math.max(upper, 1)) break;
  }
  return { lower, upper };
}

/**
 * ‖A‖∞, μ∞(A), bounds on λ_pf(|A|) and the NEMON damping of a square matrix.
 *
 * @example
 * ```ts
 * import { wellPosedness } from '@sparsekit/models-implicit';
 * const r = wellPosedness([[-2, 0.5], [0.25, 0.5]]);
 * [r.normInf, r.mu]; // [2.5, 0.75]
 * ```
 */
export function wellPosedness(a: tf.Tensor | readonly (readonly number[])[]): WellPosednessReport {
  const rows = hostRows(a);
  checkSquare(rows);
  if (rows.length === 0) return { normInf: 0, mu: Number.NEGATIVE_INFINITY, perronFrobenius: { lower: 0, upper: 0 }, damping: 1 };
  const abs = rows.map((r) => r.map(Math.abs));
  const sums = abs.map((r) => r.reduce((s, v) => s + v, 0));
  const normInf = Math.max(...sums);
  const mu = Math.max(...rows.map((r, i) => r[i] + sums[i] - Math.abs(r[i])));
  const minDiag = Math.min(...rows.map((r, i) => r[i]));
  return { normInf, mu, perronFrobenius: perronBounds(abs), damping: Math.min(1, 1 / (1 - Math.min(minDiag, 0))) };
}

/** Euclidean projection of one row onto {a_ii + Σ_{j≠i} |a_ij| ≤ κ}: a_ii − θ, soft(a_j, θ). */
function projectNemonRow(row: number[], i: number, kappa: number): number[] {
  const t = row[i];
  const w = row.filter((_, j) => j !== i);
  const s = w.map(Math.abs).sort((p, q) => q - p);
  if (t + s.reduce((acc, v) => acc + v, 0) <= kappa) return row;
  let cum = 0;
  let theta = t - kappa;
  for (let k = 0; k < s.length; k++) {
    if (theta >= s[k]) break;
    cum += s[k];
    theta = (t + cum - kappa) / (k + 2);
  }
  return row.map((v, j) => (j === i ? v - theta : Math.sign(v) * Math.max(Math.abs(v) - theta, 0)));
}

/**
 * Projects A onto NEMON's set {μ∞(A) ≤ κ} row by row (each row is a half-space-like convex set in
 * (a_ii, off-diagonals); the projection lowers a_ii and soft-thresholds the rest by one θ ≥ 0).
 * The set is unbounded (a_ii → −∞ stays inside), so it has no LMO: train with projected methods.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { projectNemon } from '@sparsekit/models-implicit';
 * projectNemon(tf.tensor2d([[1, 1], [0, 0.5]]), 0.9).arraySync(); // [[0.45, 0.45], [0, 0.5]]
 * ```
 */
export function projectNemon(a: tf.Tensor2D, kappa: number): tf.Tensor2D {
  if (!Number.isFinite(kappa)) throw new SparsekitError({ argument: 'kappa', value: kappa, expected: 'a finite number' });
  const rows = hostRows(a);
  checkSquare(rows);
  return tf.tensor2d(
    rows.map((r, i) => projectNemonRow(r, i, kappa)),
    a.shape,
    'float32',
  );
}
