/** The L∞ input–output Lipschitz certificate of an implicit layer. */
import type * as tf from '@tensorflow/tfjs';
import { hostRows, wellPosedness } from './well-posedness.js';

/**
 * Bounds on sup ‖y(u₁) − y(u₂)‖∞ / ‖u₁ − u₂‖∞ for y = Cx + Du, x = φ(Ax + Bu), φ 1-Lipschitz and
 * monotone.
 *
 * @example
 * ```ts
 * import type { LipschitzCertificate } from '@sparsekit/models-implicit';
 * const tight = (c: LipschitzCertificate) => Math.min(c.normInf, c.nemon);
 * ```
 */
export interface LipschitzCertificate {
  /** El Ghaoui et al.: ‖C‖∞‖B‖∞/(1 − ‖A‖∞) + ‖D‖∞ (Infinity unless ‖A‖∞ < 1). */
  readonly normInf: number;
  /** ‖C‖∞‖B‖∞/(1 − max(μ∞(A), 0)) + ‖D‖∞, never larger than `normInf` (Infinity unless μ∞(A) < 1). */
  readonly nemon: number;
}

function normInf(m: tf.Tensor): number {
  return Math.max(0, ...hostRows(m).map((r) => r.reduce((s, v) => s + Math.abs(v), 0)));
}

/**
 * The certificate of a layer's current weights; adversarial L∞ perturbations of size ε change any
 * output by at most ε times it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { implicitLayer, lipschitzCertificate } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 2, hiddenUnits: 4, inputShape: [3] });
 * tf.sequential({ layers: [layer] });
 * lipschitzCertificate(layer).normInf > 0; // true
 * ```
 */
export function lipschitzCertificate(layer: {
  A: { read(): tf.Tensor };
  B: { read(): tf.Tensor };
  C: { read(): tf.Tensor };
  D: { read(): tf.Tensor };
}): LipschitzCertificate {
  const w = wellPosedness(layer.A.read());
  const cb = normInf(layer.C.read()) * normInf(layer.B.read());
  const d = normInf(layer.D.read());
  const bound = (rate: number) => (rate < 1 ? cb / (1 - rate) + d : Number.POSITIVE_INFINITY);
  return { normInf: bound(w.normInf), nemon: bound(Math.max(w.mu, 0)) };
}
