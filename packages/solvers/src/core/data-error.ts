/**
 * The error rule in one place: failures that depend on the data (a shape that does not match the
 * data, non-finite values) are `Left` values; programming errors (bad options) still throw.
 * Validators shared with constructors throw `SparsekitError`s with a code; entry points that take
 * data run their body through {@link catchDataErrors} so those codes come back as `Left`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { isSparsekitError, type SparsekitError } from '@sparsekit/tensor';

/** True for a SparsekitError that reports a data-dependent failure. */
export function isDataError(e: unknown): e is SparsekitError {
  return isSparsekitError(e) && (e.code === 'shape_mismatch' || e.code === 'non_finite');
}

/** Runs `body`, returning data-dependent SparsekitErrors it throws as `Left` and rethrowing the rest. */
export function catchDataErrors<T>(body: () => E.Either<SparsekitError, T>): E.Either<SparsekitError, T> {
  try {
    return body();
  } catch (e) {
    if (isDataError(e)) return E.left(e);
    throw e;
  }
}
