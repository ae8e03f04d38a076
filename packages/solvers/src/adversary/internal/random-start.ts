/** Seeded random starting perturbations for PGD-Madry, made feasible by the exact projection. */
import * as tf from '@tensorflow/tfjs';
import type { PerturbationGeometry } from './perturbation-set.js';

/** L∞: uniform in the cube; L2: uniform in the ball (direction × ε·U^(1/n)); then ∩ box. */
export function randomStart(set: PerturbationGeometry, shape: [number, number], seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const eps = tf.reshape(set.eps, [-1, 1]);
    if (set.norm === 'inf') return set.project(tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed), eps) as tf.Tensor2D);
    const direction = tf.randomNormal(shape, 0, 1, 'float32', seed);
    const unit = tf.div(direction, tf.norm(direction, 2, 1, true));
    const radius = tf.pow(tf.randomUniform([shape[0], 1], 0, 1, 'float32', seed + 1), 1 / shape[1]);
    return set.project(tf.mul(tf.mul(unit, radius), eps) as tf.Tensor2D);
  });
}
