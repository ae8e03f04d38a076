/**
 * Row kernels on [B, n] tensors with per-row radii r: [B]. Every set of this package reduces to
 * these (a whole tensor is one row; `eachSlice` gives one row per slice), so batched problems
 * cost a handful of whole-tensor ops and no JS loop.
 */
import * as tf from '@tensorflow/tfjs';
import { simplexThreshold } from '@sparsekit/tensor';

/** r as a [B, 1] column for broadcasting against rows. */
export const col = (r: tf.Tensor1D): tf.Tensor2D => r.reshape([r.shape[0], 1]);

/** Per-row L2 norm computed as m·‖x/m‖ with m = max|x|, so 1e20-sized entries do not overflow. */
export function rowNorm2(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const m = tf.max(tf.abs(x), 1);
    const safe = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
    const scaled = tf.div(x, col(safe as tf.Tensor1D));
    return tf.mul(m, tf.sqrt(tf.sum(tf.square(scaled), 1))) as tf.Tensor1D;
  });
}

/**
 * Projects non-negative rows a onto {u ≥ 0, Σu ≤ r}: max(a − θ⁺, 0) with the sort-based
 * simplex threshold θ (Held/Condat max rule, clipped at 0 for the ball). A final rescale makes
 * the output feasible even when float32 cancellation spoils θ (huge inputs, tiny radius).
 */
export function projectNonnegL1(a: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    // The threshold is shift-equivariant; shifting by the row maximum keeps the dominant entries
    // exact in float32 (θ − max is small even when θ and max are 1e18).
    const top = tf.max(a, 1, true);
    const shifted = tf.sub(a, top) as tf.Tensor2D;
    const theta = tf.maximum(col(simplexThreshold(shifted, r)), tf.neg(top));
    const u = tf.relu(tf.sub(shifted, theta));
    const total = tf.sum(u, 1);
    const factor = tf.where(tf.greater(total, r), tf.div(r, tf.where(tf.greater(total, 0), total, tf.onesLike(total))), tf.onesLike(total));
    return tf.mul(u, col(factor as tf.Tensor1D)) as tf.Tensor2D;
  });
}

/** Signed L1-ball projection of rows. */
export function projectL1Rows(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const p = projectNonnegL1(tf.abs(x) as tf.Tensor2D, r);
    // inside rows are returned untouched (θ = 0 already gives x, this also keeps −0 and exact bits)
    const inside = tf.lessEqual(tf.sum(tf.abs(x), 1), r);
    return tf.where(col(inside as unknown as tf.Tensor1D), x, tf.mul(tf.sign(x), p)) as tf.Tensor2D;
  });
}

/** Index of the largest |g| per row, lowest index on ties (tf.topk is stable on cpu and wasm). */
export function argmaxAbs(g: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.topk(tf.abs(g), 1, true).indices.reshape([g.shape[0]]) as tf.Tensor1D);
}

/** L1-ball LMO per row: −r·sign(g_i*)·e_i* at the first largest |g|; zero rows give −r·e_0. */
export function lmoL1Rows(g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = g.shape[1];
    const idx = argmaxAbs(g);
    const hot = tf.oneHot(tf.cast(idx, 'int32'), n).toFloat();
    const picked = tf.sum(tf.mul(hot, g), 1);
    const value = tf.where(tf.greaterEqual(picked, 0), tf.neg(r), r);
    return tf.mul(hot, col(value as tf.Tensor1D)) as tf.Tensor2D;
  });
}

/** L2-ball projection of rows: x·min(1, r/‖x‖). */
export function projectL2Rows(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const nrm = rowNorm2(x);
    const outside = tf.greater(nrm, r);
    const factor = tf.where(outside, tf.div(r, tf.where(outside, nrm, tf.onesLike(nrm))), tf.onesLike(nrm));
    return tf.mul(x, col(factor as tf.Tensor1D)) as tf.Tensor2D;
  });
}

/** L2-ball LMO per row: −r·g/‖g‖; a zero row gives the vertex −r·e_0 (chop returned NaN). */
export function lmoL2Rows(g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    // normalise g/max|g| rather than g/‖g‖: with denormal entries ‖g‖ rounds and g/‖g‖ leaves the sphere
    const m = tf.max(tf.abs(g), 1);
    const zero = tf.equal(m, 0);
    const scaled = tf.div(g, col(tf.where(zero, tf.onesLike(m), m) as tf.Tensor1D));
    const dir = tf.div(scaled, col(tf.where(zero, tf.onesLike(m), tf.sqrt(tf.sum(tf.square(scaled), 1))) as tf.Tensor1D));
    const e0 = tf.oneHot(tf.zeros([g.shape[0]], 'int32'), g.shape[1]).toFloat();
    return tf.mul(tf.where(col(zero as unknown as tf.Tensor1D), e0, dir), col(tf.neg(r) as tf.Tensor1D)) as tf.Tensor2D;
  });
}

/** L∞-ball projection of rows: clip to [−r, r]. */
export function projectLinfRows(x: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.minimum(tf.maximum(x, tf.neg(col(r))), col(r)) as tf.Tensor2D);
}

/** L∞-ball LMO per row: −r·sign(g), with sign(0) taken as +1 so the output is a vertex. */
export function lmoLinfRows(g: tf.Tensor2D, r: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.where(tf.greaterEqual(g, 0), tf.neg(col(r)).tile([1, g.shape[1]]), col(r).tile([1, g.shape[1]])) as tf.Tensor2D);
}
