/** Moreau helpers: prox of the conjugate, the conjugate as a prox-only penalty, the envelope. */
import * as tf from '@tensorflow/tfjs';
import type { Constraint, HasProx, HasValue } from '../types.js';
import { assertStep, assertTensor } from '../internal/checks.js';

/**
 * prox of step·g* (g* the convex conjugate) by the Moreau identity
 * prox_{γg*}(x) = x − γ·prox_{g/γ}(x/γ). For sets (g the indicator) this is the prox of the
 * support function. Used by primal–dual solvers.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1, proxConjugate } from '@sparsekit/constraints';
 * // the conjugate of ‖·‖₁ is the indicator of the unit L∞ ball: a clip
 * proxConjugate(l1(1), tf.tensor([2, -0.5]), 1).arraySync(); // => [1, -0.5]
 * ```
 */
export function proxConjugate(g: Constraint & HasProx, x: tf.Tensor, step: number): tf.Tensor {
  assertStep(step);
  assertTensor('x', x);
  return tf.tidy(() => tf.sub(x, tf.mul(step, g.prox(tf.div(x, step), 1 / step))));
}

/**
 * The convex conjugate g* as a prox-only penalty (through {@link proxConjugate}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { conjugate, l1 } from '@sparsekit/constraints';
 * conjugate(l1(2)).prox(tf.tensor([3, -1]), 0.5).arraySync(); // => [2, -1]
 * ```
 */
export function conjugate(g: Constraint & HasProx): Constraint & HasProx {
  return { name: `Conjugate(${g.name})`, params: { of: g.params }, prox: (x, step) => proxConjugate(g, x, step) };
}

/**
 * Moreau envelope M(x) = min_z g(z) + ‖z − x‖²/(2·step) = g(p) + ‖p − x‖²/(2·step), p = prox(x, step):
 * a smooth (1/step-smooth) approximation of g, with gradient (x − p)/step.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1, moreauEnvelope } from '@sparsekit/constraints';
 * moreauEnvelope(l1(1), tf.tensor([3]), 1).arraySync(); // 2.5 (Huber)
 * ```
 */
export function moreauEnvelope(g: Constraint & HasProx & HasValue, x: tf.Tensor, step: number): tf.Scalar {
  assertStep(step);
  assertTensor('x', x);
  return tf.tidy(() => {
    const p = g.prox(x, step);
    return tf.add(g.value(p), tf.div(tf.sum(tf.square(tf.sub(p, x))), 2 * step)) as tf.Scalar;
  });
}
