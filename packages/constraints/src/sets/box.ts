/** The box {x : lower ≤ x ≤ upper}, bounds scalar or per entry. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { ConstraintSet } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { rows } from '../internal/flat.js';

/**
 * A box bound: a number, or per-entry values (nested arrays or a tensor) matching the input shape.
 *
 * @example
 * ```ts
 * import { box, type Bound } from '@sparsekit/constraints';
 * const lower: Bound = [0, -1];
 * box(lower, 1);
 * ```
 */
export type Bound = number | tf.Tensor | readonly number[] | readonly (readonly number[])[];

function toBound(argument: string, b: Bound): tf.Tensor {
  if (typeof b === 'number') {
    if (!Number.isFinite(b))
      throw new SparsekitError({ argument, value: b, expected: 'a finite number (an LMO over an unbounded box has no solution)' });
    return tf.keep(tf.scalar(b));
  }
  const t = tf.keep(b instanceof tf.Tensor ? b.toFloat() : tf.tensor(b as number[], undefined, 'float32'));
  const data = t.dataSync();
  if (data.some((v) => !Number.isFinite(v))) {
    t.dispose();
    throw new SparsekitError({ argument, value: b, expected: 'finite bounds' });
  }
  return t;
}

export function boxSpec(lower: tf.Tensor, upper: tf.Tensor, params: Record<string, unknown>): SetSpec {
  const scale = Math.max(1, ...lower.dataSync(), ...Array.from(upper.dataSync(), Math.abs), ...Array.from(lower.dataSync(), Math.abs));
  return {
    name: 'Box',
    params,
    checkSlice: (shape) => {
      for (const [name, b] of [
        ['lower', lower],
        ['upper', upper],
      ] as const) {
        if (b.rank > 0 && b.shape.join() !== shape.join()) {
          throw new SparsekitError({
            argument: 'x',
            value: `shape [${shape.join(', ')}]`,
            code: 'shape_mismatch',
            expected: `shape [${b.shape.join(', ')}] of the box bound ${name}`,
          });
        }
      }
    },
    project: (x) => tf.tidy(() => tf.minimum(tf.maximum(x, lower), upper)),
    // s_i = lower_i where g_i > 0, else upper_i (a vertex also for g = 0)
    lmo: (g) => tf.tidy(() => tf.where(tf.greater(g, 0), tf.mul(tf.onesLike(g), lower), tf.mul(tf.onesLike(g), upper))),
    violation: (x) =>
      tf.tidy(() => {
        const amount = tf.max(rows(tf.maximum(tf.sub(lower, x), tf.sub(x, upper))), 1);
        return { amount: tf.relu(amount) as tf.Tensor1D, scale: tf.fill([x.shape[0]], scale) as tf.Tensor1D };
      }),
  };
}

/**
 * The box lower ≤ x ≤ upper (finite bounds, scalars or one per entry; lower ≤ upper).
 * Projection: clip; LMO: lower_i where g_i > 0, else upper_i.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { box } from '@sparsekit/constraints';
 * box(0, 1).project(tf.tensor([-1, 0.5, 2])).arraySync(); // => [0, 0.5, 1]
 * box([0, -1], [1, 1]).lmo(tf.tensor([1, -1])).arraySync(); // => [0, 1]
 * ```
 */
export function box(lower: Bound, upper: Bound): ConstraintSet & { dispose(): void } {
  const lo = toBound('lower', lower);
  let hi: tf.Tensor;
  try {
    hi = toBound('upper', upper);
  } catch (e) {
    lo.dispose();
    throw e;
  }
  const ok = tf.tidy(() => tf.all(tf.lessEqual(lo, hi)).dataSync()[0] === 1);
  if (!ok) {
    tf.dispose([lo, hi]);
    throw new SparsekitError({ argument: 'upper', value: upper, expected: 'bounds with lower <= upper everywhere' });
  }
  const params = { lower: typeof lower === 'number' ? lower : lo.shape, upper: typeof upper === 'number' ? upper : hi.shape };
  const set = makeSet(boxSpec(lo, hi, params)) as unknown as ConstraintSet;
  // The bounds live on the device for the life of the set; dispose() frees them.
  return Object.assign(set, { dispose: () => tf.dispose([lo, hi]) });
}
