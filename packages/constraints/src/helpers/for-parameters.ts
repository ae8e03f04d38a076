/** A constraint per model variable, for the stochastic optimizers. */
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint } from '../types.js';

/**
 * Constraints keyed by variable name (see {@link forParameters}).
 *
 * @example
 * ```ts
 * import { forParameters, l1Ball, type ParameterConstraints } from '@sparsekit/constraints';
 * const cs: ParameterConstraints = forParameters({ w: l1Ball(1) });
 * ```
 */
export interface ParameterConstraints<C extends Constraint = Constraint> {
  readonly byName: Readonly<Record<string, C>>;
  /** The constraint of a variable (exact name, else the name without tfjs's `_<n>` suffix). */
  lookup(name: string): C | undefined;
}

function isConstraint(c: unknown): c is Constraint {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return typeof o.name === 'string' && ['project', 'prox', 'lmo'].some((k) => typeof o[k] === 'function');
}

/**
 * One constraint per parameter, e.g. `{ 'dense/kernel': l1Ball(10), 'dense/bias': linfBall(1) }`.
 * Each entry is bound once, here, so every variable gets its own constraint (chop's optimizers
 * built per-parameter lambdas in a loop and all of them captured the last one).
 *
 * @example
 * ```ts
 * import { forParameters, l1Ball, linfBall } from '@sparsekit/constraints';
 * const cs = forParameters({ 'dense/kernel': l1Ball(10), 'dense/bias': linfBall(1) });
 * cs.lookup('dense/bias')?.name; // 'LinfBall'
 * ```
 */
export function forParameters<C extends Constraint>(constraints: Readonly<Record<string, C>>): ParameterConstraints<C> {
  if (typeof constraints !== 'object' || constraints === null || Array.isArray(constraints)) {
    throw new SparsekitError({ argument: 'constraints', value: constraints, expected: 'an object mapping variable names to constraints' });
  }
  const byName: Record<string, C> = {};
  for (const [name, c] of Object.entries(constraints)) {
    if (!isConstraint(c)) throw new SparsekitError({ argument: `constraints.${name}`, value: c, expected: 'a constraint (an object with a name and project, prox or lmo)' });
    byName[name] = c;
  }
  Object.freeze(byName);
  return {
    byName,
    lookup: (name) => byName[name] ?? byName[name.replace(/_\d+$/, '')],
  };
}
