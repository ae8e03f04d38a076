/**
 * Broyden's "good" method on g(x) = f(x) − x with a limited-memory inverse Jacobian per example,
 * H = −I + Σ u_i v_iᵀ (Sherman–Morrison updates, H₀ = −I so the first step is Picard's), step
 * x ← x − H g. An update with a vanishing or non-finite denominator is skipped, and a non-finite
 * step falls back to the Picard step for that example.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedFixedPointOptions } from '../solver-options.js';
import type { Stepper } from './stepper.js';

/** Σ_i u_i (v_i · w) per example: U, V are [b, L, n], w is [b, n]. */
function lowRank(u: tf.Tensor3D, v: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor2D {
  const coef = tf.sum(tf.mul(v, w.expandDims(1)), 2).expandDims(1) as tf.Tensor3D;
  return tf.matMul(coef, u).squeeze([1]) as tf.Tensor2D;
}

export function broydenStepper(o: ResolvedFixedPointOptions): Stepper {
  let prevX: tf.Tensor2D | null = null;
  let prevG: tf.Tensor2D | null = null;
  const us: tf.Tensor2D[] = [];
  const vs: tf.Tensor2D[] = [];
  let fallbacks = 0;

  function addUpdate(x: tf.Tensor2D, g: tf.Tensor2D): void {
    if (prevX === null || prevG === null) return;
    const [px, pg] = [prevX, prevG];
    const [u, v, skipped] = tf.tidy(() => {
      const s = tf.sub(x, px) as tf.Tensor2D;
      const y = tf.sub(g, pg) as tf.Tensor2D;
      let hy: tf.Tensor2D = tf.neg(y);
      let sh: tf.Tensor2D = tf.neg(s);
      if (us.length > 0) {
        const U = tf.stack(us, 1) as tf.Tensor3D;
        const V = tf.stack(vs, 1) as tf.Tensor3D;
        hy = tf.add(hy, lowRank(U, V, y));
        sh = tf.add(sh, lowRank(V, U, s));
      }
      const denom = tf.sum(tf.mul(sh, y), 1, true);
      const scale = tf.max(tf.mul(tf.norm(sh, 2, 1, true), tf.norm(y, 2, 1, true)), 1, true);
      const ok = tf.logicalAnd(tf.greater(tf.abs(denom), tf.mul(1e-12, scale)), tf.isFinite(denom));
      const safe = tf.where(ok, denom, tf.onesLike(denom));
      const uNew = tf.where(tf.tile(ok, [1, s.shape[1]]), tf.div(tf.sub(s, hy), safe), tf.zerosLike(s));
      const vNew = tf.where(tf.tile(ok, [1, s.shape[1]]), sh, tf.zerosLike(s));
      return [uNew, vNew, tf.sum(tf.cast(tf.logicalNot(ok), 'int32'))];
    });
    fallbacks += skipped.dataSync()[0];
    skipped.dispose();
    us.push(u as tf.Tensor2D);
    vs.push(v as tf.Tensor2D);
    if (us.length > o.memory) {
      us.shift()?.dispose();
      vs.shift()?.dispose();
    }
  }

  return {
    next(x, fx) {
      const g = tf.sub(fx, x) as tf.Tensor2D;
      addUpdate(x, g);
      const [next, bad] = tf.tidy(() => {
        let step: tf.Tensor2D = g;
        if (us.length > 0) step = tf.sub(g, lowRank(tf.stack(us, 1) as tf.Tensor3D, tf.stack(vs, 1) as tf.Tensor3D, g));
        const candidate = tf.add(x, step);
        const finite = tf.all(tf.isFinite(candidate), 1, true);
        const out = tf.where(tf.tile(finite, [1, x.shape[1]]), candidate, tf.add(x, g)) as tf.Tensor2D;
        return [out, tf.sum(tf.cast(tf.logicalNot(finite), 'int32'))];
      });
      fallbacks += bad.dataSync()[0];
      bad.dispose();
      prevX?.dispose();
      prevG?.dispose();
      prevX = tf.clone(x);
      prevG = g;
      return next as tf.Tensor2D;
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
