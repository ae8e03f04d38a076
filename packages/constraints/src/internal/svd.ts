/**
 * Singular-value maps of batches of matrices [B, m, n], real or complex. tfjs has no SVD
 * kernel, so each slice goes through @sparsekit/tensor's `svd` (ml-matrix, float64; the loop over
 * slices is inherent to the factorisation) and the rebuild U·diag(f(σ))·Vᵀ is one batched
 * matMul. Complex matrices use the real form [[A, −B], [B, A]] of A + iB: it has every singular
 * value of A + iB twice, and applying a spectral map to it gives the real form of the spectral
 * map of A + iB, so real SVDs serve complex inputs too.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { svd, type Svd } from '@sparsekit/tensor';

/** SVD of one finite slice (inputs are checked before they get here, so Left is a bug). */
function svdOf(slice: tf.Tensor): Svd {
  const result = svd(slice);
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

/**
 * Applies `f` to the singular values of each [m, n] slice of x: [B, m, n] and rebuilds
 * U·diag(f(σ))·Vᵀ. `f` receives the slice index and σ (descending) and returns new values.
 */
export function mapSingularValues(x: tf.Tensor, f: (b: number, sigma: Float64Array) => Float64Array): tf.Tensor {
  return tf.tidy(() => {
    const parts = tf.unstack(x).map((slice, b) => {
      const d = svdOf(slice);
      const sigma = f(b, Float64Array.from(d.s.dataSync()));
      return { u: d.u, s: tf.tensor1d(Float32Array.from(sigma)), v: d.v };
    });
    const u = tf.stack(parts.map((p) => tf.mul(p.u, p.s.reshape([1, -1]))));
    return tf.matMul(u as tf.Tensor3D, tf.stack(parts.map((p) => p.v)) as tf.Tensor3D, false, true);
  });
}

/**
 * Singular values of each slice, descending: [B][min(m, n)]. ml-matrix directly rather than
 * tensor's `svd`: that wrapper always forms U and V and rounds σ to float32, while the norm
 * and feasibility tests need only σ, in float64, which is 2–3× cheaper without the vectors.
 */
export function singularValues(x: tf.Tensor): Float64Array[] {
  const [batch, m, n] = x.shape;
  const data = x.dataSync();
  return Array.from({ length: batch }, (_, b) => {
    const slice = Matrix.from1DArray(m, n, Array.from(data.subarray(b * m * n, (b + 1) * m * n)));
    return Float64Array.from(
      new SingularValueDecomposition(slice, { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false })
        .diagonal,
    );
  });
}

/** Top singular pair (u, v) of each slice from a full float64 SVD: [B, m, 1] and [B, n, 1]. */
export function topPairExact(x: tf.Tensor): { u: tf.Tensor3D; v: tf.Tensor3D } {
  return tf.tidy(() => {
    const pairs = tf.unstack(x).map((slice) => {
      const d = svdOf(slice);
      return { u: tf.slice(d.u, [0, 0], [-1, 1]), v: tf.slice(d.v, [0, 0], [-1, 1]) };
    });
    return { u: tf.stack(pairs.map((p) => p.u)) as tf.Tensor3D, v: tf.stack(pairs.map((p) => p.v)) as tf.Tensor3D };
  });
}

/** Real form [[A, −B], [B, A]] of A + iB, batched: [B, m, n] × 2 → [B, 2m, 2n]. */
export function realForm(re: tf.Tensor, im: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => tf.concat([tf.concat([re, tf.neg(im)], 2), tf.concat([im, re], 2)], 1) as tf.Tensor3D);
}

/** Inverse of {@link realForm}, averaging the two copies of each part (they agree up to rounding). */
export function fromRealForm(e: tf.Tensor, m: number, n: number): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const block = (i: number, j: number) => tf.slice(e, [0, i * m, j * n], [-1, m, n]);
    return [tf.mul(tf.add(block(0, 0), block(1, 1)), 0.5), tf.mul(tf.sub(block(1, 0), block(0, 1)), 0.5)] as [tf.Tensor, tf.Tensor];
  });
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
