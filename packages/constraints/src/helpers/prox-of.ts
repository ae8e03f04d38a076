/** The proximal map of a constraint or penalty, from whichever capability it has. */
import type * as tf from '@tensorflow/tfjs';
import type { HasProject, HasProx, Proximable } from '../types.js';

/**
 * `prox_{step·g}(x)` for any {@link Proximable}: the constraint's own `prox` when it has one,
 * else its projection (the prox of a set's indicator does not depend on the step). `x` is not
 * disposed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1, proxOf } from '@sparsekit/constraints';
 * const nonNegative = { project: (x: tf.Tensor) => tf.relu(x) };
 * proxOf(nonNegative, tf.tensor([-1, 2]), 0.5).arraySync(); // => [0, 2]
 * proxOf(l1(1), tf.tensor([-1, 2]), 0.5).arraySync(); // => [-0.5, 1.5]
 * ```
 */
export function proxOf(c: Proximable, x: tf.Tensor, step: number): tf.Tensor {
  const maps = c as Partial<HasProx & HasProject>;
  if (typeof maps.prox === 'function') return maps.prox(x, step);
  return (maps.project as HasProject['project'])(x);
}
