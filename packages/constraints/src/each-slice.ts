/**
 * `eachSlice(c)`: the constraint c applied independently to every slice along axis 0.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requirePositiveFloat32 } from '@sparsekit/tensor';
import type { Constraint, HasIsFeasibleEach } from './types.js';
import { batchedMethods, compact, describedBy, setSpecOf } from './internal/set-spec.js';
import { batchedPenalty, penaltySpecOf } from './internal/penalty-spec.js';
import { loopedSlices } from './internal/looped-slices.js';
import { faustEachSlice } from './faust/internal/projector.js';

/**
 * Per-slice radii: one number for all slices, an array or a [B] tensor with one per slice.
 *
 * @example
 * ```ts
 * import type { SliceRadius } from '@sparsekit/constraints';
 * const r: SliceRadius = [1, 2, 3];
 * ```
 */
export type SliceRadius = number | readonly number[] | tf.Tensor1D;

/**
 * Options of {@link eachSlice}.
 *
 * @example
 * ```ts
 * import { eachSlice, l2Ball, type EachSliceOptions } from '@sparsekit/constraints';
 * const o: EachSliceOptions = { radius: [1, 2] };
 * eachSlice(l2Ball(1), o);
 * ```
 */
export interface EachSliceOptions {
  /** Radius (sets) or weight (penalties) per slice; default: the constraint's own. */
  readonly radius?: SliceRadius;
}

/**
 * The batched version of C: same capabilities, plus per-slice feasibility.
 *
 * @example
 * ```ts
 * import { eachSlice, l2Ball, type EachSlice, type L2Ball } from '@sparsekit/constraints';
 * const c: EachSlice<L2Ball> = eachSlice(l2Ball(1));
 * ```
 */
export type EachSlice<C> = C & HasIsFeasibleEach;

function radiusFn(radius: SliceRadius | undefined, fallback: number): (batch: number) => tf.Tensor1D {
  if (radius === undefined) return (b) => tf.fill([b], fallback) as tf.Tensor1D;
  if (typeof radius === 'number') {
    requirePositiveFloat32('radius', radius);
    return (b) => tf.fill([b], radius) as tf.Tensor1D;
  }
  const values = radius instanceof tf.Tensor ? Array.from(radius.dataSync()) : Array.from(radius);
  if (radius instanceof tf.Tensor && radius.rank !== 1)
    throw new SparsekitError({ argument: 'radius', value: radius, code: 'shape_mismatch', expected: 'a [B] tensor of per-slice radii' });
  values.forEach((v) => requirePositiveFloat32('radius', v));
  return (b) => {
    if (b !== values.length)
      throw new SparsekitError({
        argument: 'x',
        value: `a batch of ${b} slices`,
        code: 'shape_mismatch',
        expected: `${values.length} slices, one per radius`,
      });
    return tf.tensor1d(values, 'float32');
  };
}

/**
 * Applies `c` independently to each slice along axis 0 of its input, e.g. one ball per example
 * (batched problems) or per row (‖A‖∞ ≤ κ is `eachSlice(l1Ball(κ))`). For the sets, penalties
 * and FAμST projectors of this package it is vectorized: a few whole-tensor ops, no JS loop over
 * slices; per-slice radii (or penalty weights) are allowed for sets and penalties. Third-party constraints fall back to a loop
 * over slices (correct, not fast; radii cannot be changed then).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { eachSlice, l1Ball } from '@sparsekit/constraints';
 * const rowsIn = eachSlice(l1Ball(1), { radius: [1, 2] });
 * rowsIn.project(tf.tensor2d([[3, 0], [3, 0]])).arraySync(); // => [[1, 0], [2, 0]]
 * ```
 */
export function eachSlice<C extends Constraint>(c: C, options: EachSliceOptions = {}): EachSlice<C> {
  const setSpec = setSpecOf(c);
  if (setSpec) {
    if (options.radius !== undefined && setSpec.radius === undefined) {
      throw new SparsekitError({ argument: 'radius', value: options.radius, expected: `nothing: ${setSpec.name} has no radius` });
    }
    const m = batchedMethods(setSpec, radiusFn(options.radius, setSpec.radius ?? 1), true);
    const radius = options.radius ?? setSpec.radius;
    const radii = radius instanceof tf.Tensor ? Array.from(radius.dataSync()) : (radius ?? 1);
    return compact({
      name: `EachSlice(${c.name})`,
      params: { of: c.params, radius },
      ...m,
      ...describedBy(setSpec, () => radii, true),
    }) as unknown as EachSlice<C>;
  }
  const penaltySpec = penaltySpecOf(c);
  if (penaltySpec) return batchedPenalty(penaltySpec, radiusFn(options.radius, penaltySpec.weight)) as unknown as EachSlice<C>;
  const faust = faustEachSlice(c);
  if (faust) {
    if (options.radius !== undefined)
      throw new SparsekitError({ argument: 'radius', value: options.radius, expected: `nothing: ${c.name} has no radius` });
    return faust as EachSlice<C>;
  }
  if (options.radius !== undefined) {
    throw new SparsekitError({
      argument: 'radius',
      value: options.radius,
      expected: `nothing: per-slice radii need a sparsekit set, ${c.name} is a third-party constraint`,
    });
  }
  return loopedSlices(c) as unknown as EachSlice<C>;
}
