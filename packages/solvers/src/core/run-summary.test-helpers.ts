import type * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { SolveError } from '../types.js';

/** Everything a run reports except its trace, as plain data; reads and disposes the returned x. */
export function runSummary(r: E.Either<SolveError, { readonly x: tf.Tensor; readonly trace?: unknown }>): Record<string, unknown> {
  if (E.isLeft(r)) return { left: r.left.code };
  const { x, trace: _trace, ...rest } = r.right;
  const out = { ...rest, x: Array.from(x.dataSync()) };
  x.dispose();
  return out;
}

/** Runs `solve` on a fresh start point and disposes it: the run must leave no tensor behind. */
export function withStart<T>(x0: () => tf.Tensor, solve: (x0: tf.Tensor) => T): T {
  const start = x0();
  try {
    return solve(start);
  } finally {
    start.dispose();
  }
}
