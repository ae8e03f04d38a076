/**
 * Largest singular value of a matrix by power iteration on XᵀX, in tfjs. Private stand-in for
 * `@sparsekit/tensor`'s spectralNorm, which had not landed when the GLM losses were written.
 */
import * as tf from '@tensorflow/tfjs';

/** σ_max(X) to about 1e-6 relative (power iteration from a fixed start, at most `maxIter` steps). */
export function largestSingularValue(X: tf.Tensor2D, maxIter = 200): number {
  let v = tf.tidy(() => tf.ones([X.shape[1], 1]).div(Math.sqrt(X.shape[1])));
  let sigma = 0;
  for (let it = 0; it < maxIter; it++) {
    const [next, norm] = tf.tidy(() => {
      const w = tf.matMul(X, tf.matMul(X, v), true, false);
      const n = w.norm();
      return [w.div(n.maximum(1e-30)), n];
    });
    const s = Math.sqrt(norm.dataSync()[0]);
    tf.dispose([v, norm]);
    v = next;
    const done = Math.abs(s - sigma) <= 1e-7 * s;
    sigma = s;
    if (done) break;
  }
  v.dispose();
  return sigma;
}
