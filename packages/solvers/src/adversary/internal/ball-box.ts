/**
 * Exact oracles for one norm ball per example intersected with the image box, in the
 * perturbation variable δ (box constraints lo ≤ δ ≤ hi with lo = boxLo − x ≤ 0 ≤ hi = boxHi − x).
 * Everything is batched on [B, n] (flattened examples), with no JS loop over examples.
 *
 * - L∞ ∩ box is a box: projection and LMO are coordinatewise and exact.
 * - L2 ∩ box: the LMO and the projection both have the form δᵢ = sign(uᵢ)·min(cᵢ, t·|uᵢ|), with
 *   u = −g (LMO) or u = v (projection), cᵢ the room left in the box in the direction of uᵢ,
 *   and t the largest value (≤ 1 for the projection) with ‖δ‖₂ ≤ ε. (KKT: the projection is
 *   clip(v/(1+μ)); the LMO is clip(−g/λ).) t is found exactly from the sorted breakpoints cᵢ/|uᵢ|.
 * - L1 ∩ box: the LMO is a fractional knapsack: fill the coordinates by decreasing |gᵢ| up to
 *   their room cᵢ until the budget ε is spent (ties at the threshold share the rest).
 */
import * as tf from '@tensorflow/tfjs';
import { gatherPerRow } from '@sparsekit/tensor';

/** Room in the direction of u: hi where u > 0, −lo where u < 0, 0 where u = 0. */
function room(u: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D): tf.Tensor2D {
  return tf.where(tf.greater(u, 0), hi, tf.where(tf.less(u, 0), tf.neg(lo), tf.zerosLike(u))) as tf.Tensor2D;
}

const BIG = 1e30;

/** Largest t ≥ 0 with Σ min(cᵢ, t·aᵢ)² ≤ ε² per row (BIG when the whole room fits). */
function saturationLevel(a: tf.Tensor2D, c: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor1D {
  const n = a.shape[1];
  const breakpoints = tf.where(tf.greater(a, 0), tf.div(c, tf.where(tf.greater(a, 0), a, tf.onesLike(a))), tf.fill(a.shape, BIG));
  const order = tf.topk(tf.neg(breakpoints), n).indices as tf.Tensor2D;
  const tau = gatherPerRow(breakpoints as tf.Tensor2D, order);
  const a2 = tf.square(gatherPerRow(a, order));
  const c2 = tf.square(gatherPerRow(c, order));
  const saturated = tf.cumsum(c2, 1);
  const rest = tf.cumsum(a2, 1, true, true); // Σ_{k>j} a_k², exact zeros in the tail
  // h(τ_j) = Σ_{k≤j} c_k² + (τ_j·√rest_j)²; the product is formed before squaring so BIG·0 = 0.
  const h = tf.add(saturated, tf.square(tf.mul(tau, tf.sqrt(rest))));
  const eps2 = tf.reshape(tf.square(eps), [-1, 1]);
  const count = tf.sum(tf.cast(tf.lessEqual(h, eps2), 'int32'), 1);
  const before = tf.cast(tf.less(tf.range(0, n, 1, 'int32').reshape([1, n]), tf.reshape(count, [-1, 1])), 'float32');
  const used = tf.sum(tf.mul(c2, before), 1);
  const free = tf.sum(tf.mul(a2, tf.sub(1, before)), 1);
  const level = tf.sqrt(tf.div(tf.relu(tf.sub(tf.square(eps), used)), tf.where(tf.greater(free, 0), free, tf.onesLike(free))));
  return tf.where(tf.greater(free, 0), level, tf.fill(free.shape, BIG)) as tf.Tensor1D;
}

function scaledClip(u: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D, eps: tf.Tensor1D, tMax: number): tf.Tensor2D {
  const a = tf.abs(u) as tf.Tensor2D;
  const c = room(u, lo, hi);
  const t = tf.minimum(saturationLevel(a, c, eps), tMax).reshape([-1, 1]);
  return tf.mul(tf.sign(u), tf.minimum(c, tf.mul(t, a))) as tf.Tensor2D;
}

/** argmin over {‖δ‖₂ ≤ ε, lo ≤ δ ≤ hi} of ⟨g, δ⟩, per row. */
export function lmoL2Box(g: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => scaledClip(tf.neg(g) as tf.Tensor2D, lo, hi, eps, BIG));
}

/** Euclidean projection of v onto {‖δ‖₂ ≤ ε, lo ≤ δ ≤ hi}, per row. */
export function projectL2Box(v: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => scaledClip(v, lo, hi, eps, 1));
}

/** argmin over {‖δ‖∞ ≤ ε, lo ≤ δ ≤ hi} of ⟨g, δ⟩: the corner opposite to g (0 where g = 0). */
export function lmoLinfBox(g: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const e = tf.reshape(eps, [-1, 1]);
    return tf.where(
      tf.greater(g, 0),
      tf.maximum(tf.neg(e), lo),
      tf.where(tf.less(g, 0), tf.minimum(e, hi), tf.zerosLike(g)),
    ) as tf.Tensor2D;
  });
}

/** Projection onto {‖δ‖∞ ≤ ε, lo ≤ δ ≤ hi}: the intersection of two boxes, so a clip. */
export function projectLinfBox(v: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const e = tf.reshape(eps, [-1, 1]);
    return tf.minimum(tf.maximum(v, tf.maximum(tf.neg(e), lo)), tf.minimum(e, hi)) as tf.Tensor2D;
  });
}

/** argmin over {‖δ‖₁ ≤ ε, lo ≤ δ ≤ hi} of ⟨g, δ⟩ (fractional knapsack by decreasing |gᵢ|). */
export function lmoL1Box(g: tf.Tensor2D, lo: tf.Tensor2D, hi: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = g.shape[1];
    const u = tf.neg(g) as tf.Tensor2D;
    const a = tf.abs(u);
    const c = room(u, lo, hi);
    const { values: sortedA, indices } = tf.topk(a, n);
    const filled = tf.cumsum(gatherPerRow(c, indices as tf.Tensor2D), 1);
    // J = first position where the budget is spent; the threshold is |g| there (0 if never).
    const spentAt = tf.sum(tf.cast(tf.less(filled, tf.reshape(eps, [-1, 1])), 'int32'), 1);
    const threshold = tf.sum(tf.mul(sortedA, tf.oneHot(spentAt, n)), 1).reshape([-1, 1]);
    const full = tf.cast(tf.greater(a, threshold), 'float32');
    const tie = tf.cast(tf.logicalAnd(tf.equal(a, threshold), tf.greater(a, 0)), 'float32');
    const left = tf.relu(tf.sub(eps, tf.sum(tf.mul(c, full), 1)));
    const tieRoom = tf.sum(tf.mul(c, tie), 1);
    const share = tf.where(
      tf.greater(tieRoom, 0),
      tf.minimum(1, tf.div(left, tf.where(tf.greater(tieRoom, 0), tieRoom, tf.onesLike(tieRoom)))),
      tf.zerosLike(tieRoom),
    );
    return tf.mul(tf.sign(u), tf.mul(c, tf.add(full, tf.mul(tie, share.reshape([-1, 1]))))) as tf.Tensor2D;
  });
}

/** Steepest-ascent step of the norm ball alone (PGD-Madry's direction): argmin_{‖s‖≤ε} ⟨g, s⟩. */
export function ballLmo(norm: 2 | 'inf', g: tf.Tensor2D, eps: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const e = tf.reshape(eps, [-1, 1]);
    if (norm === 'inf') return tf.mul(tf.neg(tf.sign(g)), e) as tf.Tensor2D;
    const norms = tf.norm(g, 2, 1, true);
    const safe = tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms));
    return tf.mul(tf.neg(tf.div(g, safe)), e) as tf.Tensor2D;
  });
}
