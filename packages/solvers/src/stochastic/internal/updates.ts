/**
 * Small pieces shared by the stochastic optimizers: the momentum average, gradient
 * normalizations, step-size schedules and option validation.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { StepContext } from '../constrained-stochastic-optimizer.js';

/** Gradient normalizations of chop's `PGD` and `S3CM`. */
export type GradientNormalization = 'none' | 'l2' | 'linf' | 'sign';

/** A constant step size, or `'sublinear'`: 1/(t+1) at the t-th update (t from 0). */
export type LearningRate = number | 'sublinear';

/**
 * Exponential average m ← m + (1 − μ)(g − m), stored in the slot 'momentum' (zero at start, as
 * in chop). A constant μ = 0 returns g itself without state; a schedule whose μ is 0 only at
 * some steps (`scheduled`, e.g. SFW's 'auto' with μ₀ = 0) must still store m = g there, or the
 * next step would average from zero and forget that gradient.
 */
export function momentumAverage(ctx: StepContext, grad: tf.Tensor, momentum: number, scheduled = false): tf.Tensor {
  if (momentum === 0 && !scheduled) return grad;
  const m = ctx.slot('momentum', () => tf.zerosLike(grad));
  const next = tf.add(m, tf.mul(tf.sub(grad, m), 1 - momentum));
  m.assign(next);
  return next;
}

/** Euclidean norm of a whole tensor as sqrt(Σx²): tf.norm goes through Pow, several times slower on wasm. */
export function l2Norm(x: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(x))) as tf.Scalar);
}

/** Normalized gradient; a zero gradient stays zero (chop divides by zero and returns NaN). */
export function normalizeGradient(grad: tf.Tensor, kind: GradientNormalization): tf.Tensor {
  switch (kind) {
    case 'none':
      return grad;
    case 'sign':
      return tf.sign(grad);
    case 'l2':
      return safeDivide(grad, l2Norm(grad));
    case 'linf':
      return safeDivide(grad, tf.max(tf.abs(grad)));
  }
}

function safeDivide(x: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  const positive = tf.greater(scale, 0);
  return tf.where(positive, tf.div(x, tf.where(positive, scale, tf.onesLike(scale))), tf.zerosLike(x));
}

/** Step size of the t-th update (t from 0). */
export function stepSize(lr: LearningRate, t: number): number {
  return lr === 'sublinear' ? 1 / (t + 1) : lr;
}

/** Validates a learning rate: a positive finite number (at most `max`) or 'sublinear'. */
export function checkLearningRate(lr: unknown, max = Infinity): LearningRate {
  if (lr === 'sublinear') return lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0 || lr > max) {
    throw new SparsekitError({ argument: 'lr', value: lr, expected: `'sublinear' or a number in (0, ${max}]` });
  }
  return lr;
}

/** Validates a momentum in [0, 1]. */
export function checkMomentum(momentum: unknown): number {
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new SparsekitError({ argument: 'momentum', value: momentum, expected: 'a number in [0, 1]' });
  }
  return momentum;
}

/** Validates one of a fixed set of option values. */
export function checkChoice<T extends string>(argument: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new SparsekitError({ argument, value, expected: `one of ${choices.map((c) => `'${c}'`).join(', ')}` });
  }
  return value as T;
}
