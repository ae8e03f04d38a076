/**
 * Which constraint applies to which trainable variable. tfjs optimizers receive gradients keyed
 * by variable name (`optimizer.minimize` and `LayersModel.fit` both go through
 * `applyGradients(NamedTensorMap | NamedTensor[])`), so the map is resolved to names once, at
 * construction, and every variable keeps its own constraint: no late binding (chop bound every
 * parameter to the last prox of a loop).
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint, ParameterConstraints, ParameterKey } from '@sparsekit/constraints';

/**
 * Resolves a {@link ParameterConstraints} value to a map from variable name to constraint.
 * Throws a `SparsekitError` for an empty key or a name given twice.
 *
 * @example
 * ```ts
 * import { l1Ball } from '@sparsekit/constraints';
 * import { resolveParameterConstraints } from '@sparsekit/solvers/stochastic';
 * const byName = resolveParameterConstraints({ 'dense_Dense1/kernel': l1Ball(10) });
 * byName.get('dense_Dense1/kernel')?.name; // => 'L1Ball'
 * ```
 */
export function resolveParameterConstraints<C extends Constraint>(input: ParameterConstraints<C>, argument = 'parameters'): Map<string, C> {
  const out = new Map<string, C>();
  for (const [key, constraint] of pairsOf(input, argument)) {
    const name = typeof key === 'string' ? key : key?.name;
    if (typeof name !== 'string' || name.length === 0) {
      throw new SparsekitError({ argument, value: key, expected: 'variable names (strings) or objects with a non-empty `name`' });
    }
    if (out.has(name)) throw new SparsekitError({ argument, value: name, expected: 'each variable named once' });
    if (constraint === null || typeof constraint !== 'object' || typeof constraint.name !== 'string') {
      throw new SparsekitError({
        argument: `${argument}[${JSON.stringify(name)}]`,
        value: constraint,
        expected: 'a constraint object with a `name`',
      });
    }
    out.set(name, constraint);
  }
  return out;
}

function pairsOf<C extends Constraint>(input: ParameterConstraints<C>, argument: string): Iterable<readonly [ParameterKey, C]> {
  if (input === null || typeof input !== 'object') {
    throw new SparsekitError({ argument, value: input, expected: 'a Map, a record or pairs of variable → constraint' });
  }
  if (input instanceof Map) return input.entries();
  if (Symbol.iterator in input) return input as Iterable<readonly [ParameterKey, C]>;
  if (typeof (input as { entries?: unknown }).entries === 'function') {
    return (input as { entries(): Iterable<readonly [ParameterKey, C]> }).entries();
  }
  return Object.entries(input as Readonly<Record<string, C>>);
}
