/**
 * Run-time check of the capabilities a solver needs. The types already pair solvers with
 * constraints at compile time; this catches JavaScript callers and casts, which would otherwise
 * fail deep inside a run with "lmo.lmo is not a function".
 */
import { SparsekitError } from '@sparsekit/tensor';

/** One capability, or alternatives ('prox' | 'project': either will do). */
export type Capability = 'lmo' | 'project' | 'prox';

/**
 * Throws a SparsekitError naming the argument, the constraint and the missing method unless
 * `constraint` has, for each entry of `needs`, at least one of the listed methods.
 */
export function requireCapabilities(
  solver: string,
  argument: string,
  constraint: unknown,
  needs: readonly (readonly Capability[])[],
): void {
  const c = constraint as Record<string, unknown> | null | undefined;
  for (const alternatives of needs) {
    if (alternatives.some((m) => typeof c?.[m] === 'function')) continue;
    const name = typeof c?.name === 'string' ? c.name : typeof c;
    throw new SparsekitError({
      argument,
      value: name,
      code: 'unsupported',
      expected: `a constraint with ${alternatives.map((m) => `\`${m}\``).join(' or ')} (${solver} needs it; ${name} has none)`,
    });
  }
}
