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

/**
 * Tensors derived from ∇f at the same point: `read` are per-example values (scalars unbatched,
 * [B] batched) read in the same device sync as f; `keep` stays with the caller.
 */
export interface Attached<T> {
  readonly read: readonly tf.Tensor[];
  readonly keep: T;
}

/** An evaluation with extra per-example numbers read together with f. */
export interface AttachedEvaluation<T> extends Evaluation {
  readonly reads: readonly Float64Array[];
  readonly keep: T;
}

/** Counting, leak-free access to f. */
export interface Evaluator {
  valueAndGrad(x: tf.Tensor): Evaluation;
  /**
   * f and ∇f plus what `attach` derives from ∇f, read in one device sync (one read per iteration
   * instead of one for f and one per certificate). `attach` owns the tensors it returns in
   * `keep`; the `read` tensors are disposed here.
   */
  valueAndGradWith<T>(x: tf.Tensor, attach: (grad: tf.Tensor) => Attached<T>): AttachedEvaluation<T>;
  /**
   * f and the whole of ∇f read in one device sync (unbatched problems), for kernels that do their
   * bookkeeping on the host; no tensor is left to the caller.
   */
  valueAndGradData(x: tf.Tensor): { readonly value: number; readonly grad: Float32Array };
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
  const evaluate = (x: tf.Tensor): { value: tf.Tensor; grad: tf.Tensor } => {
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
    } catch (e) {
      tf.dispose([out.value, out.grad]);
      throw e;
    }
    return out;
  };
  return {
    counts,
    valueAndGrad(x) {
      const out = evaluate(x);
      try {
        return { values: read(out.value), grad: out.grad };
      } finally {
        out.value.dispose();
      }
    },
    valueAndGradWith(x, attach) {
      const out = evaluate(x);
      let attached: ReturnType<typeof attach>;
      try {
        attached = attach(out.grad);
      } catch (e) {
        tf.dispose([out.value, out.grad]);
        throw e;
      }
      const stacked = tf.tidy(() => tf.stack([out.value, ...attached.read]));
      tf.dispose([out.value, ...attached.read]);
      const data = stacked.dataSync();
      stacked.dispose();
      const b = layout.size;
      const slice = (i: number) => Float64Array.from(data.subarray(i * b, (i + 1) * b));
      return { values: slice(0), grad: out.grad, reads: attached.read.map((_, i) => slice(i + 1)), keep: attached.keep };
    },
    valueAndGradData(x) {
      const out = evaluate(x);
      // one concat and one read: [f, ∇f…] (a rank-1 gradient needs no reshape)
      const joined = tf.tidy(() => tf.concat([tf.reshape(out.value, [1]), out.grad.rank === 1 ? out.grad : tf.reshape(out.grad, [-1])]));
      tf.dispose([out.value, out.grad]);
      const data = joined.dataSync() as Float32Array;
      joined.dispose();
      return { value: data[0], grad: data.subarray(1) };
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
