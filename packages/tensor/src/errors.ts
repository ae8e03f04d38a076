/**
 * Errors shared by every sparsekit package.
 *
 * Programming errors (bad radius, wrong rank, unknown option) throw a `SparsekitError` at
 * construction time. Data-dependent failures are returned as fp-ts `Left` values carrying the
 * same error type, so callers can handle both uniformly.
 */

/** What kind of mistake a {@link SparsekitError} reports. */
export type SparsekitErrorCode = 'invalid_argument' | 'shape_mismatch' | 'non_finite' | 'backend_unavailable' | 'unsupported';

/**
 * A tagged error that names the argument, the value received and what was expected.
 *
 * @example
 * ```ts
 * import { SparsekitError } from '@sparsekit/tensor';
 * const err = new SparsekitError({ argument: 'radius', value: -1, expected: 'a finite number > 0' });
 * err.message; // => "radius: expected a finite number > 0, got -1"
 * ```
 */
export class SparsekitError extends Error {
  readonly _tag = 'SparsekitError' as const;
  readonly code: SparsekitErrorCode;
  readonly argument: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(init: { argument: string; value: unknown; expected: string; code?: SparsekitErrorCode; hint?: string }) {
    const got = describeValue(init.value);
    super(`${init.argument}: expected ${init.expected}, got ${got}${init.hint ? `. ${init.hint}` : ''}`);
    this.name = 'SparsekitError';
    this.code = init.code ?? 'invalid_argument';
    this.argument = init.argument;
    this.value = init.value;
    this.expected = init.expected;
  }
}

/**
 * Type guard for {@link SparsekitError}, robust across duplicated module copies.
 *
 * @example
 * ```ts
 * import { isSparsekitError } from '@sparsekit/tensor';
 * isSparsekitError(new Error('x')); // => false
 * ```
 */
export function isSparsekitError(e: unknown): e is SparsekitError {
  return typeof e === 'object' && e !== null && (e as { _tag?: unknown })._tag === 'SparsekitError';
}

/** Short, printable description of a value for error messages (never dumps big arrays). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return value.length <= 8 ? `[${value.map(describeValue).join(', ')}]` : `an array of length ${value.length}`;
  if (value !== null && typeof value === 'object' && 'shape' in value && 'dtype' in value) {
    const t = value as { shape: number[]; dtype: string };
    return `a ${t.dtype} tensor of shape [${t.shape.join(', ')}]`;
  }
  if (value === null) return 'null';
  return typeof value;
}
