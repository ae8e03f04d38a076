/** Scaling every column to a given 2-norm (normcol; normlin works on the transpose). */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from '../faust-projector.js';
import { flags, requireNormalizable } from './checks.js';
import { modulus } from './parts.js';
import { makeProjector } from './projector.js';
import { argmaxMask } from '../../internal/top-k-mask.js';

/**
 * Projects every column of the matrix (given as parts, after `pos`) onto the sphere of radius
 * `s`: column·s/‖column‖. A zero column has every sphere point at the same distance; it becomes
 * s times the one-hot at the lowest-index maximum of `score` in that column (the pre-`pos` real
 * values under `pos`, which is then the nearest nonnegative sphere point; else the modulus, all
 * zero there, so row 0). The norm is scaled by the column maximum to avoid float32 overflow.
 */
export function scaleColumns(parts: tf.Tensor3D[], score: tf.Tensor3D, s: number): tf.Tensor3D[] {
  return tf.tidy(() => {
    if (s === 0) return parts.map((p) => tf.zerosLike(p));
    const [b, m, n] = parts[0].shape;
    const colMax = tf.max(modulus(parts), 1, true);
    // (x/m)/‖x/m‖ with m the column maximum: no overflow, and no denormal norm (see normalizeSlices)
    const scaled = parts.map((p) => tf.divNoNan(p, colMax));
    const norm = tf.sqrt(tf.addN(scaled.map((p) => tf.sum(tf.square(p), 1, true))));
    const nonzero = tf.greater(colMax, 0);
    // one-hot at the largest score of each column (lowest row first)
    const columns = tf.reshape(tf.transpose(score, [0, 2, 1]), [b * n, m]) as tf.Tensor2D;
    const fallback = tf.mul(tf.transpose(tf.reshape(argmaxMask(columns), [b, n, m]), [0, 2, 1]), s);
    return parts.map((p, i) =>
      tf.where(tf.broadcastTo(nonzero, p.shape), tf.mul(tf.divNoNan(scaled[i], norm), s), i === 0 ? fallback : tf.zerosLike(p)),
    ) as tf.Tensor3D[];
  });
}

/**
 * Parameters of {@link normcol} and {@link normlin}.
 *
 * @example
 * ```ts
 * import { normcol, type NormSliceParams } from '@sparsekit/constraints/faust';
 * const params: NormSliceParams = normcol(2).params; // { s: 2, normalized: false, pos: false }
 * ```
 */
export interface NormSliceParams {
  /** The required 2-norm of every column (normcol) or row (normlin). */
  readonly s: number;
  readonly normalized: boolean;
  readonly pos: boolean;
}

/** normcol (`rows` false) or normlin (`rows` true: the same map on the transpose). */
export function normSliceProjector<N extends string>(
  name: N,
  s: number,
  options: FaustFlags | undefined,
  rows: boolean,
): FaustProjector<N, NormSliceParams> {
  requireNonNegative('s', s);
  const { normalized, pos } = flags(options, false);
  requireNormalizable(s, normalized);
  const t = (p: tf.Tensor3D): tf.Tensor3D => (rows ? tf.transpose(p, [0, 2, 1]) : p);
  return makeProjector({
    name,
    params: { s, normalized, pos },
    pos,
    checkShape: () => undefined,
    core: (parts, original) =>
      tf.tidy(() => {
        const score = t((pos && original.length === 1 ? original[0] : modulus(original)) as tf.Tensor3D);
        return scaleColumns(parts.map(t), score, s).map(t);
      }),
  });
}
