/** A small helper for bad-parameter tests of plugins. */
import * as tf from '@tensorflow/tfjs';
import { isSparsekitError } from '@sparsekit/tensor';

/**
 * Runs `fn` in a tensor scope and returns the `argument` named by the `SparsekitError` it
 * throws, `undefined` when it does not throw, and a `not a SparsekitError: …` description for
 * any other error, so one `expect(...).toBe('radius')` checks both the error type and its name.
 *
 * @example
 * ```ts
 * import { thrownArgument } from '@sparsekit/constraints/testing';
 * import { l1Ball } from '@sparsekit/constraints';
 * thrownArgument(() => l1Ball(-1)); // => 'radius'
 * ```
 */
export function thrownArgument(fn: () => unknown): string | undefined {
  try {
    tf.tidy(() => {
      fn();
    });
  } catch (e) {
    return isSparsekitError(e) ? e.argument : `not a SparsekitError: ${String(e)}`;
  }
  return undefined;
}
