/**
 * Anderson acceleration (type II, as torchdeq's `anderson`): with the last k iterates X_i and
 * their images F_i, residuals G_i = F_i − X_i, choose α minimizing ‖Σα_i G_i‖² + λ‖α‖² subject
 * to Σα_i = 1, then x ← β Σα_i F_i + (1 − β) Σα_i X_i. The (k × k) systems are solved per example
 * in float64; a singular or non-finite one falls back to the Picard step (α = last vertex).
 */
import * as tf from '@tensorflow/tfjs';
import { LuDecomposition, Matrix } from 'ml-matrix';
import type { ResolvedFixedPointOptions } from '../solver-options.js';
import type { Stepper } from './stepper.js';

/** α = (H + λI)⁻¹1 / 1ᵀ(H + λI)⁻¹1 for one example's Gram matrix, or null when unusable. */
export function andersonWeights(gram: Float32Array | Float64Array, offset: number, k: number, lambda: number): Float64Array | null {
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, gram[offset + i * k + i]);
  if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) return null;
  const h = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) h.set(i, j, gram[offset + i * k + j] + (i === j ? lambda * maxDiag : 0));
  }
  const lu = new LuDecomposition(h);
  if (lu.isSingular()) return null;
  const a = lu.solve(Matrix.ones(k, 1)).getColumn(0);
  const total = a.reduce((s, v) => s + v, 0);
  if (!Number.isFinite(total) || Math.abs(total) < 1e-300) return null;
  const alpha = Float64Array.from(a, (v) => v / total);
  return alpha.every((v) => Number.isFinite(v)) ? alpha : null;
}

export function andersonStepper(o: ResolvedFixedPointOptions): Stepper {
  const xs: tf.Tensor2D[] = [];
  const fs: tf.Tensor2D[] = [];
  let fallbacks = 0;
  const beta = o.damping;
  return {
    next(x, fx) {
      xs.push(tf.clone(x));
      fs.push(tf.clone(fx));
      if (xs.length > o.memory) {
        xs.shift()?.dispose();
        fs.shift()?.dispose();
      }
      const k = xs.length;
      const b = x.shape[0];
      const [xStack, fStack, gram] = tf.tidy(() => {
        const X = tf.stack(xs, 1) as tf.Tensor3D;
        const F = tf.stack(fs, 1) as tf.Tensor3D;
        const G = tf.sub(F, X) as tf.Tensor3D;
        return [X, F, tf.matMul(G, G, false, true)];
      });
      const g = gram.dataSync() as Float32Array;
      gram.dispose();
      const alpha = new Float32Array(b * k);
      for (let e = 0; e < b; e++) {
        const w = k === 1 ? null : andersonWeights(g, e * k * k, k, o.lambda);
        if (w === null) {
          if (k > 1) fallbacks++;
          alpha[e * k + k - 1] = 1;
        } else alpha.set(w, e * k);
      }
      const next = tf.tidy(() => {
        const a = tf.tensor3d(alpha, [b, 1, k]);
        const mixF = tf.matMul(a, fStack).reshape([b, -1]);
        if (beta === 1) return mixF as tf.Tensor2D;
        const mixX = tf.matMul(a, xStack).reshape([b, -1]);
        return tf.add(tf.mul(beta, mixF), tf.mul(1 - beta, mixX)) as tf.Tensor2D;
      });
      xStack.dispose();
      fStack.dispose();
      return next;
    },
    fallbacks: () => fallbacks,
    dispose() {
      for (const t of [...xs, ...fs]) t.dispose();
      xs.length = 0;
      fs.length = 0;
    },
  };
}
