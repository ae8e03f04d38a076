import * as tf from '@tensorflow/tfjs';
import type { ResolvedFixedPointOptions } from '../solver-options.js';
import type { Stepper } from './stepper.js';

/** x ← (1 − τ)x + τ f(x); τ = 1 is the plain iteration (exactly f(x), no rounding). */
export function picardStepper(o: ResolvedFixedPointOptions): Stepper {
  const tau = o.damping;
  return {
    next: (x, fx) => (tau === 1 ? tf.clone(fx) : tf.tidy(() => tf.add(tf.mul(1 - tau, x), tf.mul(tau, fx)))),
    fallbacks: () => 0,
    dispose: () => undefined,
  };
}
