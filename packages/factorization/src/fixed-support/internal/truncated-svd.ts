/**
 * Best rank-q approximation of a small complex block in float64 (Eckart–Young): the top-q left
 * singular vectors U of M come from the Hermitian eigenproblem of M·Mᴴ, solved through its real
 * symmetric embedding [[Re, −Im], [Im, Re]] with ml-matrix (each complex eigenvector appears
 * there as a pair [a; b], [−b; a]); a complex Gram–Schmidt pass keeps q orthonormal vectors.
 * Then M ≈ U·(Uᴴ·M), returned as balanced factors √s_t·u_t and (u_tᴴ·M)/√s_t, s_t = ‖u_tᴴ·M‖.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { ComplexBlock } from '../../butterfly/internal/rank-one.js';

export interface TruncatedFactors {
  /** Columns x_t (rows × q), row-major. */
  readonly x: ComplexBlock;
  /** Rows y_t (q × cols), row-major. */
  readonly y: ComplexBlock;
}

/** M·Mᴴ embedded as a real symmetric matrix of size 2·rows. */
function gramEmbedding(m: ComplexBlock): Matrix {
  const { rows, cols, re, im } = m;
  const e = new Matrix(2 * rows, 2 * rows);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < rows; k++) {
      let hr = 0;
      let hi = 0;
      for (let j = 0; j < cols; j++) {
        const [ar, ai, br, bi] = [re[i * cols + j], im[i * cols + j], re[k * cols + j], im[k * cols + j]];
        hr += ar * br + ai * bi; // (M Mᴴ)_ik = Σ_j M_ij · conj(M_kj)
        hi += ai * br - ar * bi;
      }
      e.set(i, k, hr);
      e.set(i + rows, k + rows, hr);
      e.set(i + rows, k, hi);
      e.set(i, k + rows, -hi);
    }
  }
  return e;
}

/**
 * v/‖v‖ times the phase that makes its largest entry (lowest index among ties) real and positive:
 * a deterministic choice, and real vectors for a real block (the embedding returns e^{iθ}·a there).
 */
function unitPhase(re: Float64Array, im: Float64Array, norm: number): { re: Float64Array; im: Float64Array } {
  let at = 0;
  for (let i = 1; i < re.length; i++) if (re[i] ** 2 + im[i] ** 2 > re[at] ** 2 + im[at] ** 2) at = i;
  const mod = Math.hypot(re[at], im[at]);
  const [cr, ci] = [re[at] / (mod * norm), -im[at] / (mod * norm)];
  const out = { re: new Float64Array(re.length), im: new Float64Array(re.length) };
  for (let i = 0; i < re.length; i++) {
    out.re[i] = re[i] * cr - im[i] * ci;
    out.im[i] = re[i] * ci + im[i] * cr;
  }
  return out;
}

/** q orthonormal complex vectors spanning the top-q eigenspace (candidates by decreasing eigenvalue). */
function topVectors(m: ComplexBlock, q: number): { re: Float64Array; im: Float64Array }[] {
  const n = m.rows;
  if (m.im.every((v) => v === 0)) return topRealVectors(m, q);
  const evd = new EigenvalueDecomposition(gramEmbedding(m), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const kept: { re: Float64Array; im: Float64Array }[] = [];
  for (const c of order) {
    if (kept.length === q) break;
    const re = Float64Array.from({ length: n }, (_, i) => vectors.get(i, c));
    const im = Float64Array.from({ length: n }, (_, i) => vectors.get(i + n, c));
    for (const u of kept) {
      // v ← v − u·(uᴴ v)
      let dr = 0;
      let di = 0;
      for (let i = 0; i < n; i++) {
        dr += u.re[i] * re[i] + u.im[i] * im[i];
        di += u.re[i] * im[i] - u.im[i] * re[i];
      }
      for (let i = 0; i < n; i++) {
        re[i] -= u.re[i] * dr - u.im[i] * di;
        im[i] -= u.re[i] * di + u.im[i] * dr;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += re[i] ** 2 + im[i] ** 2;
    norm = Math.sqrt(norm);
    // the partner [−b; a] of a kept vector is i·u: nothing is left of it after the projection
    if (norm < 0.5) continue;
    kept.push(unitPhase(re, im, norm));
  }
  return kept;
}

/** Real blocks: the top-q eigenvectors of M·Mᵀ itself (real, even where eigenvalues repeat). */
function topRealVectors(m: ComplexBlock, q: number): { re: Float64Array; im: Float64Array }[] {
  const { rows, cols, re } = m;
  const h = new Matrix(rows, rows);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k <= i; k++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += re[i * cols + j] * re[k * cols + j];
      h.set(i, k, s);
      h.set(k, i, s);
    }
  }
  const evd = new EigenvalueDecomposition(h, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, q).map((c) => {
    const v = Float64Array.from({ length: rows }, (_, i) => evd.eigenvectorMatrix.get(i, c));
    return unitPhase(v, new Float64Array(rows), Math.sqrt(v.reduce((a, x) => a + x * x, 0)));
  });
}

/** The best rank-q approximation of `m` as balanced factors (q ≤ min(rows, cols)). */
export function truncatedFactors(m: ComplexBlock, q: number): TruncatedFactors {
  const { rows, cols, re, im } = m;
  const us = topVectors(m, q);
  const x = { rows, cols: q, re: new Float64Array(rows * q), im: new Float64Array(rows * q) };
  const y = { rows: q, cols, re: new Float64Array(q * cols), im: new Float64Array(q * cols) };
  us.forEach((u, t) => {
    const [yr, yi] = [new Float64Array(cols), new Float64Array(cols)];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        // (uᴴ M)_j = Σ_i conj(u_i) · M_ij
        yr[j] += u.re[i] * re[i * cols + j] + u.im[i] * im[i * cols + j];
        yi[j] += u.re[i] * im[i * cols + j] - u.im[i] * re[i * cols + j];
      }
    }
    let s = 0;
    for (let j = 0; j < cols; j++) s += yr[j] ** 2 + yi[j] ** 2;
    const scale = Math.sqrt(Math.sqrt(s)); // √s_t, s_t = ‖uᴴM‖
    if (scale === 0) return;
    for (let i = 0; i < rows; i++) {
      x.re[i * q + t] = scale * u.re[i];
      x.im[i * q + t] = scale * u.im[i];
    }
    for (let j = 0; j < cols; j++) {
      y.re[t * cols + j] = yr[j] / scale;
      y.im[t * cols + j] = yi[j] / scale;
    }
  });
  return { x, y };
}
