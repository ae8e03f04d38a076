/**
 * Turns a problem's smooth part (an autodiff objective or a hand-written valueAndGrad) into one
 * leak-free evaluator that returns per-example values as plain numbers and counts evaluations.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { SmoothObjective } from '../types.js';
import type { Layout } from './per-example.js';

/** f and ∇f at one point: values per example, gradient owned by the caller. */
export interface Evaluation {
  readonly values: Float64Array;
  readonly grad: tf.Tensor;
}

/** Counting, leak-free access to f. */
export interface Evaluator {
  valueAndGrad(x: tf.Tensor): Evaluation;
  value(x: tf.Tensor): Float64Array;
  readonly counts: { nfev: number; ngev: number };
}

/** Builds the evaluator for `problem` on iterates laid out as `layout`. */
export function makeEvaluator(problem: SmoothObjective, layout: Layout): Evaluator {
  const counts = { nfev: 0, ngev: 0 };
  const expected = layout.batched ? [layout.size] : [];
  const check = (value: tf.Tensor): void => {
    const ok = value.rank === expected.length && value.shape.every((d, i) => d === expected[i]);
    if (!ok) {
      throw new SparsekitError({
        argument: 'objective',
        value,
        code: 'shape_mismatch',
        expected: layout.batched ? `per-example losses of shape [${layout.size}]` : 'a scalar',
      });
    }
  };
  const read = (value: tf.Tensor): Float64Array => Float64Array.from(value.dataSync());
  const autodiff = problem.valueAndGrad === undefined ? tf.valueAndGrad((x: tf.Tensor) => problem.objective(x)) : undefined;
  return {
    counts,
    valueAndGrad(x) {
      counts.nfev++;
      counts.ngev++;
      const out = tf.tidy(() => {
        if (problem.valueAndGrad !== undefined) {
          const r = problem.valueAndGrad(x);
          return { value: r.value, grad: r.grad };
        }
        const dy = layout.batched ? tf.ones([layout.size]) : undefined;
        return autodiff!(x, dy);
      });
      try {
        check(out.value);
        checkGradient(out.grad, x);
        return { values: read(out.value), grad: out.grad };
      } catch (e) {
        out.grad.dispose();
        throw e;
      } finally {
        out.value.dispose();
      }
    },
    value(x) {
      counts.nfev++;
      const v = tf.tidy(() => (problem.objective !== undefined ? problem.objective(x) : problem.valueAndGrad!(x).value));
      try {
        check(v);
        return read(v);
      } finally {
        v.dispose();
      }
    },
  };
}

/** A gradient must have x's shape: tfjs would otherwise broadcast it into an iterate of a new shape. */
function checkGradient(grad: tf.Tensor, x: tf.Tensor): void {
  if (grad.rank !== x.rank || grad.shape.some((d, i) => d !== x.shape[i])) {
    const expected = `the shape of x, [${x.shape.join(', ')}]`;
    throw new SparsekitError({ argument: 'gradient', value: grad, code: 'shape_mismatch', expected });
  }
}
