/**
 * Per-variable state and shrinkage of the DessiLbi optimizer, kept apart from the optimizer
 * class so the update rule can be read (and tested) on its own.
 */
import * as tf from '@tensorflow/tfjs';

/** How the augmented variable Γ of a weight is shrunk. */
export type DessiSparsity = 'l1' | 'group' | 'none';

/** Mutable optimizer state of one variable. */
export interface DessiVarState {
  readonly name: string;
  readonly mode: DessiSparsity;
  readonly decay: boolean;
  momentum?: tf.Variable;
  z?: tf.Variable;
  gamma?: tf.Variable;
  /** First epoch each entry was in supp(Γ) (2000 = never, as upstream). */
  epochRecord?: tf.Tensor;
  pruneOrder?: tf.Tensor;
}

/**
 * Group shrinkage per output unit / filter: tfjs kernels keep outputs on the last axis
 * ([in, out] dense, [h, w, in, out] conv), so each slice along the last axis is one group.
 */
export function shrinkLastAxisGroups(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const out = z.shape[z.rank - 1];
    const flat = tf.reshape(z, [-1, out]);
    const norms = tf.sqrt(tf.sum(tf.square(flat), 0));
    const factor = tf.relu(tf.sub(1, tf.div(1, norms)));
    return tf.reshape(tf.mul(flat, factor), z.shape);
  });
}

/** Γ = κ·shrink(Z): entrywise soft threshold at 1, or group shrinkage per output slice. */
export function gammaFromZ(z: tf.Tensor, mode: DessiSparsity, kappa: number): tf.Tensor {
  return tf.tidy(() => {
    const s = mode === 'group' ? shrinkLastAxisGroups(z) : tf.mul(tf.sign(z), tf.relu(tf.sub(tf.abs(z), 1)));
    return tf.mul(s, kappa);
  });
}

/** Euclidean norm of each output slice of w (last axis) → [out]. */
export function outputSliceNorms(w: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(tf.reshape(w, [-1, w.shape[w.rank - 1]])), 0)) as tf.Tensor1D);
}

/** numpy.percentile with linear interpolation (the default method). */
export function percentile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}
