import type * as tf from '@tensorflow/tfjs';

/** One method's update rule: the next iterate from x and f(x) (both borrowed). */
export interface Stepper {
  next(x: tf.Tensor2D, fx: tf.Tensor2D): tf.Tensor2D;
  fallbacks(): number;
  dispose(): void;
}
