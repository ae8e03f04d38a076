/**
 * Common start of every full-batch solver: copy x0 (so the caller's tensor is never touched or
 * disposed), evaluate f and ∇f there, and turn a non-finite start into a Left.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { SolveError } from '../types.js';
import { solveError } from '../types.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import { allFinite } from './per-example.js';

/** The starting iterate with f and ∇f, all owned by the caller. */
export interface StartPoint extends Evaluation {
  readonly x: tf.Tensor;
}

/** Evaluates at `x` (a tensor the caller owns) and fails with a Left on non-finite values. */
export function evaluateStart(evaluator: Evaluator, x: tf.Tensor): E.Either<SolveError, StartPoint> {
  let ev: ReturnType<Evaluator['valueAndGrad']>;
  try {
    ev = evaluator.valueAndGrad(x);
  } catch (e) {
    x.dispose();
    throw e;
  }
  if (!allFinite(ev.values)) {
    ev.grad.dispose();
    x.dispose();
    return E.left(solveError('objective', Array.from(ev.values), 'a finite value at the starting point', 'non_finite'));
  }
  return E.right({ x, values: ev.values, grad: ev.grad });
}

/** Copies x0 so iterates can be disposed freely. */
export function copyStart(x0: tf.Tensor): tf.Tensor {
  return tf.clone(x0);
}
