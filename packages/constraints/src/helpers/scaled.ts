/** Radius scaling: factor·C for any set. */
import * as tf from '@tensorflow/tfjs';
import { requirePositive } from '@sparsekit/tensor';
import type { Constraint, FeasibilityOptions, HasIsFeasible, HasLmo, HasProject, HasProx, HasValue } from '../types.js';
import { makeSet, setSpecOf } from '../internal/set-spec.js';

type AnySet = Constraint & Partial<HasLmo & HasProject & HasProx & HasValue & HasIsFeasible>;

/**
 * The set factor·C = {factor·x : x ∈ C}, with the same capabilities. Sets of this package with
 * a radius are rebuilt with radius·factor (still batched); others are wrapped:
 * P'(x) = f·P(x/f), lmo'(g) = f·lmo(g), x ∈ C' ⇔ x/f ∈ C.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l1Ball, scaled } from '@sparsekit/constraints';
 * scaled(l1Ball(1), 3).project(tf.tensor([5, 0])).arraySync(); // => [3, 0]
 * ```
 */
export function scaled<C extends Constraint>(c: C, factor: number): C {
  requirePositive('factor', factor);
  const spec = setSpecOf(c);
  if (spec?.radius !== undefined) {
    const radius = spec.radius * factor;
    return makeSet({ ...spec, radius, params: { ...spec.params, radius } }) as unknown as C;
  }
  const s = c as AnySet;
  const down = (x: tf.Tensor) => tf.div(x, factor);
  const out: Record<string, unknown> = { name: `Scaled(${c.name})`, params: { of: c.params, factor } };
  if (s.project) out.project = (x: tf.Tensor) => tf.tidy(() => tf.mul(s.project!(down(x)), factor));
  if (s.prox) out.prox = (x: tf.Tensor, step: number) => tf.tidy(() => tf.mul(s.prox!(down(x), step), factor));
  if (s.lmo) out.lmo = (g: tf.Tensor) => tf.tidy(() => tf.mul(s.lmo!(g), factor));
  if (s.value) out.value = (x: tf.Tensor) => tf.tidy(() => s.value!(down(x)));
  if (s.isFeasible) out.isFeasible = (x: tf.Tensor, o?: FeasibilityOptions) => tf.tidy(() => s.isFeasible!(down(x), o));
  return out as unknown as C;
}
