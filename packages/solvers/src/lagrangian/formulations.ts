/**
 * Primal terms and dual ascent directions of the three formulations (cooper
 * `formulations.py`; augmented Lagrangian for inequalities per Nocedal & Wright 17.64–17.65).
 */
import * as tf from '@tensorflow/tfjs';
import type { Formulation } from './types.js';

/**
 * The formulation's contribution to the primal objective, with λ held constant:
 * Lagrangian λᵀg; quadratic penalty (c/2)‖relu(g)‖² (ineq) or (c/2)‖g‖² (eq); augmented
 * Lagrangian Σ ψ(g, λ; c) with ψ = λg + (c/2)g² when g ≥ −λ/c (or for equalities), else −λ²/(2c).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { primalTerm } from '@sparsekit/solvers/lagrangian';
 * primalTerm('lagrangian', 'ineq', tf.tensor1d([0.5]), tf.tensor1d([2]), 1).arraySync(); // => 1
 * ```
 */
export function primalTerm(f: Formulation, kind: 'ineq' | 'eq', g: tf.Tensor, lambda: tf.Tensor, c: number): tf.Scalar {
  return tf.tidy(() => {
    if (f === 'lagrangian') return tf.sum(tf.mul(lambda, g));
    if (f === 'quadratic-penalty') return tf.mul(c / 2, tf.sum(tf.square(kind === 'ineq' ? tf.relu(g) : g)));
    const quad = tf.add(tf.mul(lambda, g), tf.mul(c / 2, tf.square(g)));
    if (kind === 'eq') return tf.sum(quad);
    const flat = tf.div(tf.neg(tf.square(lambda)), 2 * c);
    // The branch mask is built from a detached copy of g: tfjs has no gradient for comparisons,
    // and the branch choice is piecewise constant anyway.
    const detached = tf.tensor(g.dataSync(), g.shape);
    const active = tf.greaterEqual(detached, tf.div(tf.neg(lambda), c));
    return tf.sum(tf.where(active, quad, flat));
  }) as tf.Scalar;
}

/**
 * Dual ascent direction ∂/∂λ of the formulation: g for the Lagrangian (and equalities of the
 * augmented Lagrangian), max(g, −λ/c) for augmented-Lagrangian inequalities, so that a step
 * of size c gives the classical update λ ← max(0, λ + c·g). Quadratic penalties have no dual.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { dualDirection } from '@sparsekit/solvers/lagrangian';
 * dualDirection('augmented-lagrangian', 'ineq', tf.tensor1d([-3]), tf.tensor1d([1]), 1)?.print(); // -1 (null for quadratic penalties)
 * ```
 */
export function dualDirection(f: Formulation, kind: 'ineq' | 'eq', g: tf.Tensor, lambda: tf.Tensor, c: number): tf.Tensor | null {
  if (f === 'quadratic-penalty') return null;
  return tf.tidy(() => (f === 'augmented-lagrangian' && kind === 'ineq' ? tf.maximum(g, tf.div(tf.neg(lambda), c)) : tf.clone(g)));
}
