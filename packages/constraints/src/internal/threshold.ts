/**
 * The simplex / L1-ball threshold from a partial sort. For non-negative rows a and radius r,
 * θ = max_k (Σ_{i≤k} a_(i) − r)/k over the descending order (Held et al. 1974; Condat 2016).
 * Only the top of the order matters: if θ computed from the K largest entries is ≥ the
 * (K+1)-th largest, no later k can raise the maximum (c_{k+1} is a mean of c_k and a_(k+1)).
 * So we take topk with K = 256, check that condition with one scalar read, and only for
 * batches that need it take a second topk, sized by the count of entries above the first θ (a
 * lower bound of the true θ, so that count bounds the support). The support of a projection is usually small, which makes this
 * several times faster than a full sort (topk over n) on wasm and cpu.
 */
import * as tf from '@tensorflow/tfjs';

const FIRST_K = 256;

/** Threshold candidates from the K largest values v [B, K] (descending). */
function fromTop(top: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const k = top.shape[1];
    // shift by the row maximum: the rule is shift-equivariant and the dominant entries stay exact
    const head = top.slice([0, 0], [-1, 1]);
    const cumulative = tf.cumsum(tf.sub(top, head), 1);
    const counts = tf.range(1, k + 1).reshape([1, k]);
    const candidates = tf.div(tf.sub(cumulative, r.reshape([-1, 1])), counts);
    return tf.add(tf.max(candidates, 1), head.reshape([-1])) as tf.Tensor1D;
  });
}

/**
 * θ per row of a non-negative [B, n] tensor. `settled` [B] marks rows whose θ does not matter
 * beyond its sign (L1 rows already inside the ball); pass zeros for the simplex.
 */
export function partialSortThreshold(a: tf.Tensor2D, r: tf.Tensor1D, settled: tf.Tensor1D): tf.Tensor1D {
  const { theta, top } = partialSortThresholdWithTop(a, r, settled);
  top.dispose();
  return theta;
}

/** Same, also returning the sorted top entries used ([B, K], descending, K ≥ the support). */
export function partialSortThresholdWithTop(a: tf.Tensor2D, r: tf.Tensor1D, settled: tf.Tensor1D): { theta: tf.Tensor1D; top: tf.Tensor2D } {
  const n = a.shape[1];
  let k = Math.min(FIRST_K, n);
  for (;;) {
    const done = k >= n;
    const result = tf.tidy(() => {
      const top = tf.topk(a, done ? n : k + 1, true).values as tf.Tensor2D;
      const theta = fromTop(done ? top : (top.slice([0, 0], [-1, k]) as tf.Tensor2D), r);
      if (done) return { theta, top, pending: tf.zeros([a.shape[0]], 'bool') as tf.Tensor1D };
      const sentinel = top.slice([0, k], [-1, 1]).reshape([-1]);
      const pending = tf.logicalNot(tf.logicalOr(tf.cast(settled, 'bool'), tf.greaterEqual(theta, sentinel)));
      return { theta, top: top.slice([0, 0], [-1, k]) as tf.Tensor2D, pending: pending as tf.Tensor1D };
    });
    const anyPending = tf.tidy(() => tf.any(result.pending));
    const ok = anyPending.dataSync()[0] === 0;
    anyPending.dispose();
    if (ok) {
      result.pending.dispose();
      return { theta: result.theta, top: result.top };
    }
    // the bound can be loose when θ_K is far below θ: never jump more than ×8 at once
    k = Math.min(n, Math.max(2 * k, Math.min(8 * k, supportBound(a, result.theta, result.pending as tf.Tensor1D))));
    tf.dispose([result.theta, result.top, result.pending]);
  }
}

/**
 * θ from the top K is a lower bound of the true threshold, so the count of entries above it
 * bounds the support: a topk of that size is sure to succeed. Counted with Sub/Step (the
 * broadcasting comparison kernels are slow on wasm), on the failure path only.
 */
function supportBound(a: tf.Tensor2D, theta: tf.Tensor1D, pending: tf.Tensor1D): number {
  const need = tf.tidy(() => {
    const above = tf.sum(tf.step(tf.sub(a, theta.reshape([-1, 1]))), 1);
    return tf.max(tf.where(pending, above, tf.zerosLike(above)));
  });
  const value = need.dataSync()[0];
  need.dispose();
  return value;
}
