/**
 * Batched power iteration for the top singular pair of [B, m, n] matrices, in tfjs (vectorized
 * over the batch with batched matMul). Private stand-in until @sparsekit/tensor ships its
 * linalg `powerIteration`; used by nuclearBall's LMO for matrices too large for a full SVD.
 */
import * as tf from '@tensorflow/tfjs';

export interface PowerIterationOptions {
  readonly maxIterations: number;
  /**
   * Stop when every unit vector v moved by less than this (L∞) in one step. A test on σ alone
   * would stop far too early: σ converges at twice the rate of the vectors.
   */
  readonly tolerance: number;
}

/** Returns unit u [B, m], v [B, n] with u ≈ top left and v ≈ top right singular vectors. */
export function topPairPower(x: tf.Tensor3D, options: PowerIterationOptions): { u: tf.Tensor2D; v: tf.Tensor2D } {
  const [batch, , n] = x.shape;
  // deterministic start with components on every direction (no RNG state to thread through)
  let v = tf.tidy(() => tf.div(tf.add(tf.range(1, n + 1).reshape([1, n, 1]).tile([batch, 1, 1]), 0.5), Math.sqrt(n)) as tf.Tensor3D);
  for (let it = 0; it < options.maxIterations; it++) {
    const next = tf.tidy(() => {
      const u = tf.matMul(x, v);
      const w = tf.matMul(x, u, true, false);
      const unit = tf.div(w, tf.maximum(tf.norm(w, 2, 1, true), 1e-30)) as tf.Tensor3D;
      return { unit, change: tf.max(tf.abs(tf.sub(unit, v))) };
    });
    v.dispose();
    v = next.unit;
    const change = next.change.dataSync()[0];
    next.change.dispose();
    if (change <= options.tolerance) break;
  }
  const out = tf.tidy(() => {
    const u = tf.matMul(x, v).reshape([batch, -1]);
    const un = tf.div(u, tf.maximum(tf.norm(u, 2, 1, true), 1e-30));
    return { u: un as tf.Tensor2D, v: v.reshape([batch, n]) as tf.Tensor2D };
  });
  v.dispose();
  return out;
}
