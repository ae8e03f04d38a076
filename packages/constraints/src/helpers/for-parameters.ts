/** A constraint per model variable, for the stochastic optimizers. */
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint } from '../types.js';

/**
 * A variable named by string or by any object with a `name` (tf.Variable, LayerVariable).
 *
 * @example
 * ```ts
 * import type { ParameterKey } from '@sparsekit/constraints';
 * const keys: ParameterKey[] = ['dense/kernel', { name: 'dense/bias' }];
 * ```
 */
export type ParameterKey = string | { readonly name: string };

/**
 * Constraints per variable, as every stochastic optimizer accepts them: a `Map` (keys: names,
 * `tf.Variable`s or layer weights), a plain record keyed by variable name, any iterable of
 * `[key, constraint]` pairs, or an object with an `entries()` method yielding such pairs, such
 * as {@link forParameters}'s result.
 *
 * @example
 * ```ts
 * import { forParameters, l1Ball, linfBall, type ParameterConstraints } from '@sparsekit/constraints';
 * const a: ParameterConstraints = { w: l1Ball(1) };
 * const b: ParameterConstraints = forParameters({ w: l1Ball(1), b: linfBall(1) });
 * ```
 */
export type ParameterConstraints<C extends Constraint = Constraint> =
  | ReadonlyMap<ParameterKey, C>
  | Iterable<readonly [ParameterKey, C]>
  | { entries(): Iterable<readonly [ParameterKey, C]> }
  | Readonly<Record<string, C>>;

/**
 * What {@link forParameters} returns: the validated constraints by name, a lookup that also
 * accepts tfjs's de-duplicated names (`w_1` for `w`), and `entries()`, so it is a
 * {@link ParameterConstraints} every stochastic optimizer accepts.
 *
 * @example
 * ```ts
 * import { forParameters, l1Ball, type ConstraintsByName } from '@sparsekit/constraints';
 * const cs: ConstraintsByName = forParameters({ w: l1Ball(1) });
 * cs.lookup('w_1')?.name; // => 'L1Ball'
 * ```
 */
export interface ConstraintsByName<C extends Constraint = Constraint> {
  readonly byName: Readonly<Record<string, C>>;
  /** The constraint of a variable (exact name, else the name without tfjs's `_<n>` suffix). */
  lookup(name: string): C | undefined;
  entries(): IterableIterator<[string, C]>;
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
 * cs.lookup('dense/bias')?.name; // => 'LinfBall'
 * ```
 */
export function forParameters<C extends Constraint>(constraints: Readonly<Record<string, C>>): ConstraintsByName<C> {
  if (typeof constraints !== 'object' || constraints === null || Array.isArray(constraints)) {
    throw new SparsekitError({ argument: 'constraints', value: constraints, expected: 'an object mapping variable names to constraints' });
  }
  const byName: Record<string, C> = {};
  for (const [name, c] of Object.entries(constraints)) {
    if (!isConstraint(c))
      throw new SparsekitError({
        argument: `constraints.${name}`,
        value: c,
        expected: 'a constraint (an object with a name and project, prox or lmo)',
      });
    byName[name] = c;
  }
  Object.freeze(byName);
  return {
    byName,
    lookup: (name) => byName[name] ?? byName[name.replace(/_\d+$/, '')],
    entries: () => new Map(Object.entries(byName)).entries(),
  };
}
