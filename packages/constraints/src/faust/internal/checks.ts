/** Parameter checks shared by the FAμST projectors (all throw SparsekitError). */
import { SparsekitError, requireInteger } from '@sparsekit/tensor';

/** Resolves the `normalized`/`pos` flags, rejecting non-booleans. */
export function flags(
  options: { normalized?: unknown; pos?: unknown } | undefined,
  normalizedDefault: boolean,
  known: readonly string[] = ['normalized', 'pos'],
): { normalized: boolean; pos: boolean } {
  // A misspelt flag (e.g. `normalize`) would otherwise be ignored and the default used silently.
  for (const key of Object.keys(options ?? {})) {
    if (!known.includes(key)) {
      const value = (options as Record<string, unknown>)[key];
      throw new SparsekitError({ argument: `options.${key}`, value, expected: `no such option (known: ${known.join(', ')})` });
    }
  }
  const normalized = options?.normalized ?? normalizedDefault;
  const pos = options?.pos ?? false;
  if (typeof normalized !== 'boolean')
    throw new SparsekitError({ argument: 'options.normalized', value: normalized, expected: 'a boolean' });
  if (typeof pos !== 'boolean') throw new SparsekitError({ argument: 'options.pos', value: pos, expected: 'a boolean' });
  return { normalized, pos };
}

/** `k` is an integer ≥ 1 (the upper bound depends on the input shape, see {@link requireKAtMost}). */
export function requireK(k: unknown): number {
  return requireInteger('k', k, 1);
}

/** At projection time: `k` may not exceed the number of entries it selects from. */
export function requireKAtMost(k: number, limit: number, what: string): void {
  if (k > limit) {
    throw new SparsekitError({
      argument: 'k',
      value: k,
      code: 'shape_mismatch',
      expected: `an integer in [1, ${limit}] (${what})`,
    });
  }
}

/** `normalized` needs a set with nonzero members: s = 0 leaves only the zero matrix. */
export function requireNormalizable(s: number, normalized: boolean): void {
  if (normalized && s === 0) {
    throw new SparsekitError({ argument: 's', value: s, expected: 'a number > 0 when normalized (s = 0 allows only the zero matrix)' });
  }
}
