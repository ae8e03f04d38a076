/**
 * Broyden's "good" method on g(x) = f(x) − x with a limited-memory inverse Jacobian per example,
 * H = −I + Σ u_i v_iᵀ (Sherman–Morrison updates, H₀ = −I so the first step is Picard's), step
 * x ← x − H g. An update with a vanishing or non-finite denominator is skipped, and a non-finite
 * step falls back to the Picard step for that example.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedFixedPointOptions } from '../solver-options.js';
import type { Stepper } from './stepper.js';

/**
 * Σ_i u_i (v_i · w) per example, for lists of [b, n] factors: k dot products and k scaled adds,
 * cheaper than restacking the history into [b, L, n] tensors every step.
 */
function lowRank(us: readonly tf.Tensor2D[], vs: readonly tf.Tensor2D[], w: tf.Tensor2D): tf.Tensor2D {
  return tf.addN(us.map((u, i) => tf.mul(u, tf.sum(tf.mul(vs[i], w), 1, true)))) as tf.Tensor2D;
}

/** ‖t‖₂ of each row, [b, 1] (tf.norm goes through Pow, slow on wasm). */
function rowNorm(t: tf.Tensor2D): tf.Tensor2D {
  return tf.sqrt(tf.sum(tf.square(t), 1, true)) as tf.Tensor2D;
}

export function broydenStepper(o: ResolvedFixedPointOptions): Stepper {
  let prevX: tf.Tensor2D | null = null;
  let prevG: tf.Tensor2D | null = null;
  const us: tf.Tensor2D[] = [];
  const vs: tf.Tensor2D[] = [];
  let fallbacks = 0;

  /** Adds the Sherman–Morrison pair of the last step; returns how many examples skipped it (a scalar, unread). */
  function addUpdate(x: tf.Tensor2D, g: tf.Tensor2D): tf.Scalar | null {
    if (prevX === null || prevG === null) return null;
    const [px, pg] = [prevX, prevG];
    const [u, v, skipped] = tf.tidy(() => {
      const s = tf.sub(x, px) as tf.Tensor2D;
      const y = tf.sub(g, pg) as tf.Tensor2D;
      let hy: tf.Tensor2D = tf.neg(y);
      let sh: tf.Tensor2D = tf.neg(s);
      if (us.length > 0) {
        hy = tf.add(hy, lowRank(us, vs, y));
        sh = tf.add(sh, lowRank(vs, us, s));
      }
      const denom = tf.sum(tf.mul(sh, y), 1, true);
      const scale = tf.mul(rowNorm(sh), rowNorm(y));
      const okRow = tf.logicalAnd(tf.greater(tf.abs(denom), tf.mul(1e-12, scale)), tf.isFinite(denom));
      const safe = tf.where(okRow, denom, tf.onesLike(denom));
      // The [b, 1] mask widened by a broadcast add: tf.where would broadcast it with a Tile kernel.
      const ok = tf.cast(okRow, 'float32');
      const okFull = tf.cast(tf.add(tf.zerosLike(s), ok), 'bool');
      const zero = tf.zerosLike(s);
      const uNew = tf.where(okFull, tf.div(tf.sub(s, hy), safe), zero);
      const vNew = tf.where(okFull, sh, zero);
      return [uNew, vNew, tf.sub(ok.shape[0], tf.sum(ok))];
    });
    us.push(u as tf.Tensor2D);
    vs.push(v as tf.Tensor2D);
    if (us.length > o.memory) {
      us.shift()?.dispose();
      vs.shift()?.dispose();
    }
    return skipped as tf.Scalar;
  }

  return {
    next(x, fx) {
      const g = tf.sub(fx, x) as tf.Tensor2D;
      const skipped = addUpdate(x, g);
      const [candidate, counts] = tf.tidy(() => {
        const step = us.length > 0 ? tf.sub(g, lowRank(us, vs, g)) : g;
        const c = tf.add(x, step) as tf.Tensor2D;
        const bad = tf.sum(tf.cast(tf.logicalNot(tf.all(tf.isFinite(c), 1)), 'float32'));
        return [c, tf.stack([bad, skipped ?? tf.scalar(0)])];
      });
      skipped?.dispose();
      // One read per step for both counts; the masked fallback runs only when a step is non-finite.
      const [bad, skip] = counts.dataSync();
      counts.dispose();
      fallbacks += bad + skip;
      let next = candidate;
      if (bad > 0) {
        next = tf.tidy(() => {
          const finite = tf.all(tf.isFinite(candidate), 1, true);
          return tf.where(tf.tile(finite, [1, x.shape[1]]), candidate, tf.add(x, g)) as tf.Tensor2D;
        });
        candidate.dispose();
      }
      prevX?.dispose();
      prevG?.dispose();
      prevX = tf.clone(x);
      prevG = g;
      return next;
    },
    fallbacks: () => fallbacks,
    dispose() {
      for (const t of [...us, ...vs]) t.dispose();
      prevX?.dispose();
      prevG?.dispose();
      us.length = 0;
      vs.length = 0;
    },
  };
}
