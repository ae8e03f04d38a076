/**
 * Fallback of `eachSlice` for third-party constraints, whose internals we cannot batch: apply
 * the constraint to each slice in turn. Correct but not vectorized.
 */
import * as tf from '@tensorflow/tfjs';
import type { Constraint, FeasibilityOptions, HasIsFeasible, HasLmo, HasProject, HasProx, HasValue } from '../types.js';
import { assertTensor } from './checks.js';

type Any = Constraint & Partial<HasLmo & HasProject & HasProx & HasValue & HasIsFeasible>;

function perSlice(x: tf.Tensor, f: (s: tf.Tensor) => tf.Tensor): tf.Tensor {
  assertTensor('x', x);
  return tf.tidy(() => tf.stack(tf.unstack(x).map(f)));
}

export function loopedSlices(c: Any) {
  const out: Record<string, unknown> = { name: `EachSlice(${c.name})`, params: { of: c.params } };
  if (c.project) out.project = (x: tf.Tensor) => perSlice(x, (s) => c.project!(s));
  if (c.lmo) out.lmo = (g: tf.Tensor) => perSlice(g, (s) => c.lmo!(s));
  if (c.prox) out.prox = (x: tf.Tensor, step: number) => perSlice(x, (s) => c.prox!(s, step));
  if (c.value) out.value = (x: tf.Tensor) => tf.tidy(() => tf.addN(tf.unstack(x).map((s) => c.value!(s))) as tf.Scalar);
  if (c.isFeasible) {
    const each = (x: tf.Tensor, o?: FeasibilityOptions) => tf.tidy(() => tf.unstack(x).map((s) => c.isFeasible!(s, o)));
    out.isFeasibleEach = each;
    out.isFeasible = (x: tf.Tensor, o?: FeasibilityOptions) => each(x, o).every(Boolean);
  }
  return out;
}
