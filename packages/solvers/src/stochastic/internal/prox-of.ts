/** The proximal map of a constraint or penalty, from whichever capability it has. */
import type * as tf from '@tensorflow/tfjs';
import type { Constraint, HasProject, HasProx } from '../../types.js';

/** A constraint with a prox (penalties, sets) or a projection (sets). */
export type Proximable = Constraint & (HasProx | HasProject);

/** prox of step·g; for a set (project only) the projection, whatever the step. */
export function proxOf(c: Proximable, x: tf.Tensor, step: number): tf.Tensor {
  const any = c as Partial<HasProx & HasProject>;
  if (typeof any.prox === 'function') return any.prox(x, step);
  return (any.project as HasProject['project'])(x);
}
