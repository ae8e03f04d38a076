/** Moving points or model variables into their sets. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint, HasProject } from '../types.js';
import type { ConstraintsByName } from './for-parameters.js';

/**
 * Projects `x` onto the set. A `tf.Variable` is updated in place (and returned), which is how
 * a model is made feasible before constrained training; a plain tensor gives a new tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l2Ball, makeFeasible } from '@sparsekit/constraints';
 * const w = tf.variable(tf.tensor([3, 4]));
 * makeFeasible(l2Ball(1), w);
 * w.arraySync(); // => [0.6, 0.8]
 * ```
 */
export function makeFeasible<T extends tf.Tensor>(c: Constraint & HasProject, x: T): T {
  if (x instanceof tf.Variable) {
    const p = c.project(x);
    x.assign(p);
    p.dispose();
    return x;
  }
  return c.project(x) as T;
}

/**
 * Makes every variable that has a constraint feasible, in place. Variables without a
 * constraint are left alone; a constraint without projection is an error.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { forParameters, l1Ball, makeVariablesFeasible } from '@sparsekit/constraints';
 * const w = tf.variable(tf.tensor([3, 4]), true, 'w');
 * makeVariablesFeasible(forParameters({ w: l1Ball(1) }), [w]);
 * ```
 */
export function makeVariablesFeasible(constraints: ConstraintsByName, variables: readonly tf.Variable[]): void {
  for (const v of variables) {
    const c = constraints.lookup(v.name) as (Constraint & Partial<HasProject>) | undefined;
    if (!c) continue;
    if (typeof c.project !== 'function')
      throw new SparsekitError({ argument: `constraints.${v.name}`, value: c.name, expected: 'a set with a projection' });
    makeFeasible(c as Constraint & HasProject, v);
  }
}
