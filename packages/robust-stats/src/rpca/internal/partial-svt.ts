/**
 * Singular-value thresholding with a partial SVD, float64: only the singular triplets above the
 * threshold are computed, by block subspace iteration with Rayleigh–Ritz, warm-started from the
 * previous call's right singular vectors (consecutive ALM iterates differ little) and with a block
 * size that follows Lin, Chen & Ma's predicted rank (PROPACK-style inexact ALM). A triplet is
 * accepted when its residual ‖Xv − σu‖ is at round-off level relative to σ₁; when the block would
 * be more than half the matrix, or the iteration does not converge, a full SVD gives the same
 * answer exactly.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Rng } from '@sparsekit/tensor';

/** Dense row-major float64 matrix. */
export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Thresholded singular triplets: L = Σ_k (σ_k − τ) u_k v_kᵀ. */
export interface Svt {
  /** σ_k − τ > 0 for the kept triplets, decreasing. */
  readonly shrunk: Float64Array;
  /** Left vectors, one per row (k × rows). */
  readonly u: Float64Array[];
  /** Right vectors, one per row (k × cols). */
  readonly v: Float64Array[];
  /** Right Ritz vectors of the whole block (warm start of the next call). */
  readonly basis: Float64Array[];
  /** Subspace iterations used (0: full SVD). */
  readonly sweeps: number;
}

const MAX_SWEEPS = 60;
/** Residual ‖Xv − σu‖ accepted, relative to σ₁. */
const RESIDUAL_TOL = 1e-11;
const OVERSAMPLE = 8;

/**
 * Y = X·Ω for Ω given as k rows of length cols; returns k rows of length rows. Four columns of Ω
 * share each pass over a row of X (four independent sums: the adds do not wait on each other).
 */
function times(X: Dense, omega: readonly Float64Array[]): Float64Array[] {
  const { rows, cols, data } = X;
  const k = omega.length;
  const out = omega.map(() => new Float64Array(rows));
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      const [w0, w1, w2, w3] = [omega[c], omega[c + 1], omega[c + 2], omega[c + 3]];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < cols; j++) {
        const x = data[off + j];
        s0 += x * w0[j];
        s1 += x * w1[j];
        s2 += x * w2[j];
        s3 += x * w3[j];
      }
      out[c][i] = s0;
      out[c + 1][i] = s1;
      out[c + 2][i] = s2;
      out[c + 3][i] = s3;
    }
    for (; c < k; c++) {
      const w = omega[c];
      let s0 = 0;
      for (let j = 0; j < cols; j++) s0 += data[off + j] * w[j];
      out[c][i] = s0;
    }
  }
  return out;
}

/** Z = Xᵀ·Q for Q given as k rows of length rows; returns k rows of length cols (= QᵀX), four rows of Q per pass. */
function timesT(X: Dense, q: readonly Float64Array[]): Float64Array[] {
  const { rows, cols, data } = X;
  const k = q.length;
  const out = q.map(() => new Float64Array(cols));
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      const [a0, a1, a2, a3] = [q[c][i], q[c + 1][i], q[c + 2][i], q[c + 3][i]];
      const [z0, z1, z2, z3] = [out[c], out[c + 1], out[c + 2], out[c + 3]];
      for (let j = 0; j < cols; j++) {
        const x = data[off + j];
        z0[j] += a0 * x;
        z1[j] += a1 * x;
        z2[j] += a2 * x;
        z3[j] += a3 * x;
      }
    }
    for (; c < k; c++) {
      const a = q[c][i];
      const z = out[c];
      for (let j = 0; j < cols; j++) z[j] += a * data[off + j];
    }
  }
  return out;
}

/** Orthonormalises the rows in place (modified Gram–Schmidt, twice); a dependent row becomes random. */
function orthonormalize(vs: Float64Array[], rng: Rng): void {
  for (let c = 0; c < vs.length; c++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const v = vs[c];
      const before = Math.sqrt(dot(v, v));
      for (let pass = 0; pass < 2; pass++)
        for (let d = 0; d < c; d++) {
          const a = dot(vs[d], v);
          for (let j = 0; j < v.length; j++) v[j] -= a * vs[d][j];
        }
      const norm = Math.sqrt(dot(v, v));
      if (norm > 1e-10 * before && norm > 0) {
        for (let j = 0; j < v.length; j++) v[j] /= norm;
        break;
      }
      vs[c] = Float64Array.from(rng.normalArray(v.length));
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** SVD of the small k × cols matrix B (rows given): σ, left k×k, right vectors as rows. */
function smallSvd(b: readonly Float64Array[]): { s: number[]; left: Matrix; right: Float64Array[] } {
  const cols = b[0].length;
  const bt = new Matrix(cols, b.length);
  b.forEach((row, c) => row.forEach((v, j) => bt.set(j, c, v)));
  // Bᵀ = W Σ Zᵀ, so B = Z Σ Wᵀ: B's left vectors are Z, its right vectors W.
  const svd = new SingularValueDecomposition(bt, { autoTranspose: true });
  const W = svd.leftSingularVectors;
  const right = svd.diagonal.map((_, k) => Float64Array.from({ length: cols }, (_, j) => W.get(j, k)));
  return { s: svd.diagonal, left: svd.rightSingularVectors, right };
}

/** Full float64 SVD (ml-matrix), thresholded: the fallback and the exact reference. */
export function fullSvt(X: Dense, tau: number): Svt {
  const mat = new Matrix(X.rows, X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) mat.set(i, j, X.data[i * X.cols + j]);
  const svd = new SingularValueDecomposition(mat, { autoTranspose: true });
  const keep = svd.diagonal.flatMap((s, k) => (s > tau ? [k] : []));
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const u = keep.map((k) => Float64Array.from({ length: X.rows }, (_, i) => U.get(i, k)));
  const v = keep.map((k) => Float64Array.from({ length: X.cols }, (_, j) => V.get(j, k)));
  const basis = Array.from({ length: Math.min(keep.length + OVERSAMPLE, X.cols, X.rows) }, (_, k) =>
    Float64Array.from({ length: X.cols }, (_, j) => V.get(j, k)),
  );
  return { shrunk: Float64Array.from(keep, (k) => svd.diagonal[k] - tau), u, v, basis, sweeps: 0 };
}

/**
 * Thresholds X's singular values at τ using a block of `rankGuess` + oversampling vectors. Returns
 * the full-SVD answer when the block would cover more than half the spectrum or does not converge.
 */
export function partialSvt(X: Dense, tau: number, rankGuess: number, warm: readonly Float64Array[], rng: Rng): Svt {
  const small = Math.min(X.rows, X.cols);
  const k = Math.min(rankGuess + OVERSAMPLE, small);
  if (2 * k > small) return fullSvt(X, tau);
  const omega = warm.slice(0, k).map((w) => Float64Array.from(w));
  while (omega.length < k) omega.push(Float64Array.from(rng.normalArray(X.cols)));
  orthonormalize(omega, rng);
  let prev: { s: number[]; u: Float64Array[]; v: Float64Array[] } | null = null;
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    const y = times(X, omega);
    if (prev && converged(prev, y, tau)) {
      const kept = prev.s.flatMap((s, c) => (s > tau ? [c] : []));
      // Every singular value above τ must lie inside the block, with room to spare.
      if (kept.length > k - OVERSAMPLE / 2) return partialSvt(X, tau, kept.length + OVERSAMPLE, prev.v, rng);
      return {
        shrunk: Float64Array.from(kept, (c) => prev!.s[c] - tau),
        u: kept.map((c) => prev!.u[c]),
        v: kept.map((c) => prev!.v[c]),
        basis: prev.v,
        sweeps: sweep,
      };
    }
    orthonormalize(y, rng);
    const { s, left, right } = smallSvd(timesT(X, y));
    // Ritz values never exceed the singular values they approximate (interlacing), so this many
    // above τ already proves the block too small: grow it now rather than converge a block whose
    // edge sits inside the kept spectrum (no gap there, so it would run to the sweep limit).
    const above = s.filter((v) => v > tau).length;
    if (above > k - OVERSAMPLE / 2) return partialSvt(X, tau, above + OVERSAMPLE, right, rng);
    const u = s.map((_, c) => {
      const out = new Float64Array(X.rows);
      y.forEach((q, d) => {
        const a = left.get(d, c);
        for (let i = 0; i < out.length; i++) out[i] += a * q[i];
      });
      return out;
    });
    prev = { s, u, v: right };
    omega.splice(0, omega.length, ...right.map((r) => Float64Array.from(r)));
  }
  return fullSvt(X, tau);
}

/** Residuals ‖Xv_c − σ_c u_c‖ of the triplets above τ (Xv_c is row c of y), relative to σ₁. */
function converged(prev: { s: number[]; u: Float64Array[] }, y: readonly Float64Array[], tau: number): boolean {
  const top = prev.s[0];
  if (!(top > 0)) return true;
  for (let c = 0; c < prev.s.length && prev.s[c] > tau; c++) {
    let r = 0;
    for (let i = 0; i < y[c].length; i++) r += (y[c][i] - prev.s[c] * prev.u[c][i]) ** 2;
    if (Math.sqrt(r) > RESIDUAL_TOL * top) return false;
  }
  return true;
}
