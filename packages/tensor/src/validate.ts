/**
 * Argument checks that throw {@link SparsekitError}. Packages use these at construction time so
 * that every message has the same shape: argument, value, expectation.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { SparsekitError } from './errors.js';

/**
 * Asserts `value` is a finite number strictly greater than zero.
 *
 * @example
 * ```ts
 * import { requirePositive } from '@sparsekit/tensor';
 * requirePositive('radius', 2); // ok
 * ```
 */
export function requirePositive(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SparsekitError({ argument, value, expected: 'a finite number > 0' });
  }
  return value;
}

/** Largest finite float32, 2^128 − 2^104. */
const FLOAT32_MAX = 3.4028234663852886e38;
/** Smallest positive normal float32, 2^−126: below it float32 loses precision, then rounds to 0. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Asserts `value` is a number > 0 that float32 represents as a normal number: radii and scales
 * become float32 tensors, where 1e308 is Infinity (an LMO then returns NaN and Infinity) and
 * 1e-50 is 0.
 *
 * @example
 * ```ts
 * import { requirePositiveFloat32 } from '@sparsekit/tensor';
 * requirePositiveFloat32('radius', 2); // ok
 * ```
 */
export function requirePositiveFloat32(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= FLOAT32_MIN_NORMAL && value <= FLOAT32_MAX)) {
    throw new SparsekitError({ argument, value, expected: `a number > 0 that fits float32 (in [${FLOAT32_MIN_NORMAL}, ${FLOAT32_MAX}])` });
  }
  return value;
}

/**
 * Asserts `value` is a finite number ≥ 0.
 *
 * @example
 * ```ts
 * import { requireNonNegative } from '@sparsekit/tensor';
 * requireNonNegative('lambda', 0); // ok
 * ```
 */
export function requireNonNegative(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SparsekitError({ argument, value, expected: 'a finite number >= 0' });
  }
  return value;
}

/**
 * Asserts `value` is an integer in [min, max].
 *
 * @example
 * ```ts
 * import { requireInteger } from '@sparsekit/tensor';
 * requireInteger('k', 3, 1, 10); // ok
 * ```
 */
export function requireInteger(argument: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new SparsekitError({ argument, value, expected: `an integer ${range}` });
  }
  return value;
}

/**
 * Asserts a tensor has the given rank (or one of several ranks).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { requireRank } from '@sparsekit/tensor';
 * requireRank('A', tf.zeros([2, 2]), 2); // ok
 * ```
 */
export function requireRank(argument: string, x: Tensor, ...ranks: number[]): void {
  if (!ranks.includes(x.rank)) {
    throw new SparsekitError({
      argument,
      value: x,
      code: 'shape_mismatch',
      expected: `a tensor of rank ${ranks.join(' or ')}`,
    });
  }
}

/**
 * Asserts a tensor holds no NaN or ±Infinity (reads the data; use outside hot loops).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { requireFinite } from '@sparsekit/tensor';
 * requireFinite('x', tf.tensor([1, 2])); // ok
 * ```
 */
export function requireFinite(argument: string, x: Tensor): void {
  const data = x.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new SparsekitError({
        argument,
        value: x,
        code: 'non_finite',
        expected: `finite entries (entry ${i} is ${data[i]})`,
      });
    }
  }
}

/**
 * Asserts two shapes are equal.
 *
 * @example
 * ```ts
 * import { requireSameShape } from '@sparsekit/tensor';
 * requireSameShape('y', [3], [3]); // ok
 * ```
 */
export function requireSameShape(argument: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new SparsekitError({
      argument,
      value: `shape [${actual.join(', ')}]`,
      code: 'shape_mismatch',
      expected: `shape [${expected.join(', ')}]`,
    });
  }
}

/**
 * Asserts every key of `options` is one of `known`: a typo in an option name is a programming
 * error, never silently ignored. The error names `argument.key`, e.g. `frankWolfe options.steps`.
 * `undefined` passes (no options given).
 *
 * @example
 * ```ts
 * import { isSparsekitError, requireKnownKeys } from '@sparsekit/tensor';
 * requireKnownKeys({ tol: 1e-6 }, ['tol', 'maxIter']); // ok
 * try { requireKnownKeys({ maxiter: 5 }, ['tol', 'maxIter']); } catch (e) {
 *   if (isSparsekitError(e)) e.argument; // => 'options.maxiter'
 * }
 * ```
 */
export function requireKnownKeys(options: object | undefined, known: readonly string[], argument = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null)
    throw new SparsekitError({ argument, value: options, expected: 'an options object' });
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new SparsekitError({ argument: `${argument}.${key}`, value: key, expected: `a known option, one of ${known.join(', ')}` });
    }
  }
}
