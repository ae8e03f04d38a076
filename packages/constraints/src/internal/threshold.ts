/**
 * The simplex / L1-ball threshold: per row of a [B, n] tensor a and radius r, the τ with
 * Σ (a_i − τ)⁺ = r, so that (a − τ)⁺ is the projection onto {u ≥ 0, Σu = r}.
 *
 * Two exact methods, chosen per batch from a cheap support bound:
 * - Small support (the usual case for sparsity-inducing radii): τ = max_k (Σ_{i≤k} a_(i) − r)/k
 *   over the K = 256 largest entries (topk + cumsum; Held et al. 1974, Condat 2016). It is
 *   exact when τ ≥ a_(K+1): no later k can raise the maximum (one scalar read checks it).
 * - Large support (thousands of entries survive per row): Newton's method on the convex,
 *   decreasing, piecewise-linear f(τ) = Σ (a_i − τ)⁺, i.e. Michelot's fixed point
 *   τ ← (Σ_{a_i>τ} a_i − r)/#{a_i > τ}, started from a lower bound. The iterates increase to
 *   the solution and stop after finitely many steps, when the active set repeats: then τ is
 *   exact for that set, which is the certificate. A few passes of Sub/Relu/Step/Sum replace a
 *   sort (topk over thousands of entries per row costs 5–10× more on wasm), and no broadcasting
 *   comparison, Maximum or Where kernel touches [B, n] data: those are ~10× slower on wasm.
 * tensor's `simplexThreshold` is the full-sort version (topk over n): 1.1 s on 256×10,000.
 */
import * as tf from '@tensorflow/tfjs';

const FIRST_K = 256;
/** Newton steps before giving up on a row (never reached in tests; then the full sort decides). */
const MAX_NEWTON_STEPS = 100;

/** Per-row threshold τ and the computed Σ (a − τ)⁺ at it (for the caller's feasibility rescale). */
export type Threshold = {
  readonly theta: tf.Tensor1D;
  readonly total: tf.Tensor1D;
};

/** Threshold candidates from the K largest values v [B, K] (descending); exact when K ≥ the support. */
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

const col = (v: tf.Tensor): tf.Tensor2D => v.reshape([-1, 1]);

/**
 * Row sums of [B, n] in two levels of about √n terms each. wasm sums a row sequentially in
 * float32, so the error of Σ (a − τ)⁺ grows with n (7e-5 relative in τ for 2,000 tied terms);
 * blocks keep it near 2√n·eps. A block size that divides n makes the reshape free; otherwise
 * the row is padded with zeros (one copy).
 */
export function blockedRowSum(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const [b, n] = x.shape;
    if (n <= 64) return tf.sum(x, 1) as tf.Tensor1D;
    const root = Math.ceil(Math.sqrt(n));
    let block = root;
    while (n % block !== 0 && block < 4 * root) block++;
    const padded =
      n % block === 0
        ? x
        : tf.pad(x, [
            [0, 0],
            [0, block - (n % block)],
          ]);
    return tf.sum(tf.sum(padded.reshape([b, -1, block]), 2), 1) as tf.Tensor1D;
  });
}

const totalAt = (a: tf.Tensor2D, theta: tf.Tensor1D) => blockedRowSum(tf.relu(tf.sub(a, col(theta))) as tf.Tensor2D);

function readBool(t: tf.Tensor): boolean {
  const value = t.dataSync()[0] !== 0;
  t.dispose();
  return value;
}

/** Exact threshold from a full sort (small rows, and the safety net of the Newton path). */
function fullSortThreshold(a: tf.Tensor2D, r: tf.Tensor1D): Threshold {
  return tf.tidy(() => {
    const theta = fromTop(tf.topk(a, a.shape[1], true).values as tf.Tensor2D, r);
    return { theta, total: totalAt(a, theta) };
  });
}

/** One Newton step at τ: Σ (a − τ)⁺, the active count, the next τ and whether all rows are done. */
function newtonStep(a: tf.Tensor2D, r: tf.Tensor1D, tau: tf.Tensor1D, count: tf.Tensor1D) {
  return tf.tidy(() => {
    const d = tf.sub(a, col(tau));
    const f = blockedRowSum(tf.relu(d) as tf.Tensor2D);
    // counts are integers below 2^24: exact in float32 whatever the order
    const c = tf.sum(tf.step(d), 1) as tf.Tensor1D;
    // the active set repeats: τ solves Σ (a − τ)⁺ = r on it, hence everywhere
    const done = tf.equal(c, count);
    const next = tf.where(done, tau, tf.add(tau, tf.div(tf.sub(f, r), tf.maximum(c, 1)))) as tf.Tensor1D;
    return { tau: next, count: c, total: f, all: tf.all(done) };
  });
}

/**
 * Newton/Michelot iteration from `start` (a lower bound of τ per row). Exported for tests, which
 * lower `maxSteps` to exercise the full-sort safety net.
 */
export function newtonThreshold(a: tf.Tensor2D, r: tf.Tensor1D, start: tf.Tensor1D, maxSteps = MAX_NEWTON_STEPS): Threshold {
  let state = {
    tau: tf.clone(start) as tf.Tensor1D,
    count: tf.fill([a.shape[0]], -1) as tf.Tensor1D,
    total: tf.zerosLike(start) as tf.Tensor1D,
  };
  for (let step = 0; step <= maxSteps; step++) {
    const next = newtonStep(a, r, state.tau, state.count);
    tf.dispose([state.tau, state.count, state.total]);
    state = next;
    if (readBool(next.all)) {
      state.count.dispose();
      return { theta: state.tau, total: state.total };
    }
  }
  // not certified within maxSteps (float32 round-off cycling between two active sets): sort
  tf.dispose([state.tau, state.count, state.total]);
  return fullSortThreshold(a, r);
}

/** Lower bound (Σa − r)/n of τ per row, and whether the support must exceed K somewhere. */
function startPoint(a: tf.Tensor2D, r: tf.Tensor1D, active: tf.Tensor1D): { tau0: tf.Tensor1D; large: boolean } {
  const n = a.shape[1];
  const { tau0, large } = tf.tidy(() => {
    const t0 = tf.div(tf.sub(tf.sum(a, 1), r), n) as tf.Tensor1D;
    // each active term a_i − τ ≤ max(a) − τ0, so the support holds at least r/(max(a) − τ0) entries
    const least = tf.div(r, tf.sub(tf.max(a, 1), t0));
    return { tau0: t0, large: tf.any(tf.logicalAnd(tf.cast(active, 'bool'), tf.greater(least, FIRST_K))) };
  });
  return { tau0, large: readBool(large) };
}

/**
 * τ per row of a [B, n] tensor (any sign), exact up to float32 round-off. `active` [B] (1/0)
 * marks rows whose τ matters: the L1 ball passes 0 for rows already inside the ball, where any
 * τ ≤ 0 will do; the simplex passes ones.
 */
export function rowThreshold(a: tf.Tensor2D, r: tf.Tensor1D, active: tf.Tensor1D): Threshold {
  const n = a.shape[1];
  if (n <= FIRST_K) return fullSortThreshold(a, r);
  const { tau0, large } = startPoint(a, r, active);
  if (large) {
    const out = newtonThreshold(a, r, tau0);
    tau0.dispose();
    return out;
  }
  const first = tf.tidy(() => {
    const top = tf.topk(a, FIRST_K + 1, true).values as tf.Tensor2D;
    const theta = fromTop(top.slice([0, 0], [-1, FIRST_K]) as tf.Tensor2D, r);
    const sentinel = top.slice([0, FIRST_K], [-1, 1]).reshape([-1]);
    const pending = tf.logicalAnd(tf.cast(active, 'bool'), tf.less(theta, sentinel));
    const total = tf.sum(tf.relu(tf.sub(top, col(theta))), 1) as tf.Tensor1D;
    return { theta, total, start: tf.maximum(theta, tau0) as tf.Tensor1D, pending: tf.any(pending) };
  });
  tau0.dispose();
  if (!readBool(first.pending)) {
    first.start.dispose();
    return { theta: first.theta, total: first.total };
  }
  // θ from the top K is a lower bound of τ: Newton starts there (rows already exact stop at once)
  tf.dispose([first.theta, first.total]);
  const out = newtonThreshold(a, r, first.start);
  first.start.dispose();
  return out;
}
