/**
 * Singular-value maps of batches of matrices, computed in float64 with ml-matrix (tfjs has no
 * SVD kernel). Each slice is one SVD; the loop over slices is inherent to the factorisation.
 */
import * as tf from '@tensorflow/tfjs';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * Applies `f` to the singular values of each [m, n] slice of x: [B, m, n] and rebuilds
 * U·diag(f(σ))·Vᵀ. `f` receives the slice index and σ (descending) and returns new values.
 */
export function mapSingularValues(x: tf.Tensor, f: (b: number, sigma: Float64Array) => Float64Array): tf.Tensor {
  const [batch, m, n] = x.shape;
  const data = x.dataSync();
  const out = new Float32Array(data.length);
  for (let b = 0; b < batch; b++) {
    const slice = Matrix.from1DArray(m, n, Array.from(data.subarray(b * m * n, (b + 1) * m * n)));
    const svd = new SingularValueDecomposition(slice, { autoTranspose: true });
    const sigma = f(b, Float64Array.from(svd.diagonal));
    const u = svd.leftSingularVectors;
    const v = svd.rightSingularVectors;
    const k = sigma.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) if (sigma[t] !== 0) s += u.get(i, t) * sigma[t] * v.get(j, t);
        out[b * m * n + i * n + j] = s;
      }
    }
  }
  return tf.tensor(out, x.shape.slice(), 'float32');
}

/** Singular values of each slice, descending: [B][min(m, n)]. */
export function singularValues(x: tf.Tensor): Float64Array[] {
  const [batch, m, n] = x.shape;
  const data = x.dataSync();
  return Array.from({ length: batch }, (_, b) => {
    const slice = Matrix.from1DArray(m, n, Array.from(data.subarray(b * m * n, (b + 1) * m * n)));
    return Float64Array.from(new SingularValueDecomposition(slice, { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal);
  });
}

/** Top singular pair (u, v) of each slice from a full float64 SVD: [B, m] and [B, n]. */
export function topPairExact(x: tf.Tensor): { u: tf.Tensor2D; v: tf.Tensor2D } {
  const [batch, m, n] = x.shape;
  const data = x.dataSync();
  const u = new Float32Array(batch * m);
  const v = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++) {
    const slice = Matrix.from1DArray(m, n, Array.from(data.subarray(b * m * n, (b + 1) * m * n)));
    const svd = new SingularValueDecomposition(slice, { autoTranspose: true });
    for (let i = 0; i < m; i++) u[b * m + i] = svd.leftSingularVectors.get(i, 0);
    for (let j = 0; j < n; j++) v[b * n + j] = svd.rightSingularVectors.get(j, 0);
  }
  return { u: tf.tensor2d(u, [batch, m]), v: tf.tensor2d(v, [batch, n]) };
}

/** Euclidean projection of non-negative, descending values onto {σ ≥ 0, Σσ ≤ r} (float64). */
export function projectSortedNonnegL1(sigma: Float64Array, r: number): Float64Array {
  let total = 0;
  for (const s of sigma) total += s;
  if (total <= r) return sigma;
  let cumulative = 0;
  let theta = 0;
  for (let k = 0; k < sigma.length; k++) {
    cumulative += sigma[k];
    theta = Math.max(theta, (cumulative - r) / (k + 1));
  }
  return sigma.map((s) => Math.max(s - theta, 0));
}
