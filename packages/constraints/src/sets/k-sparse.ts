/** The k-sparse set {x : ‖x‖₀ ≤ k}, optionally intersected with an L∞ or L2 ball. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireInteger, requirePositiveFloat32, requireKnownKeys } from '@sparsekit/tensor';
import type { ConstraintSet, HasComplexProject, ProjectableSet } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { modulus, rows } from '../internal/flat.js';
import { col, lmoL2Rows, projectL2Rows, projectLinfRows, rowNorm2 } from '../internal/rows.js';
import { topkMask } from '../internal/top-k-mask.js';

/**
 * Options of {@link kSparse}: the ball that bounds the set (needed for an LMO).
 *
 * @example
 * ```ts
 * import { kSparse, type KSparseOptions } from '@sparsekit/constraints';
 * const o: KSparseOptions = { ball: 'l2', radius: 1 };
 * kSparse(3, o);
 * ```
 */
export interface KSparseOptions {
  readonly ball: 'linf' | 'l2';
  readonly radius: number;
}

/**
 * The unbounded k-sparse set: projection only (no LMO).
 *
 * @example
 * ```ts
 * import { kSparse, type KSparse } from '@sparsekit/constraints';
 * const c: KSparse = kSparse(2);
 * ```
 */
export type KSparse = ProjectableSet & HasComplexProject;
/**
 * The k-sparse set within a ball: every set capability.
 *
 * @example
 * ```ts
 * import { kSparse, type BoundedKSparse } from '@sparsekit/constraints';
 * const c: BoundedKSparse = kSparse(2, { ball: 'linf', radius: 1 });
 * ```
 */
export type BoundedKSparse = ConstraintSet & HasComplexProject;

function kSparseSpec(k: number, ball: KSparseOptions | undefined): SetSpec {
  const hardThreshold = (x: tf.Tensor2D) => tf.mul(x, topkMask(x, k));
  const intoBall = (x: tf.Tensor2D, r: tf.Tensor1D) => (ball?.ball === 'l2' ? projectL2Rows(x, r) : ball ? projectLinfRows(x, r) : x);
  return {
    name: 'KSparse',
    params: { k, ...ball },
    radius: ball?.radius,
    checkSlice: (shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      if (k > n) throw new SparsekitError({ argument: 'k', value: k, expected: `an integer in [1, ${n}] (the size of the input)` });
    },
    // H_k then the ball is the exact projection onto the intersection: the ball is symmetric and
    // separable (L∞) or radial (L2), so the best support is still the k largest magnitudes.
    project: (x, r) => tf.tidy(() => intoBall(hardThreshold(rows(x)) as tf.Tensor2D, r).reshape(x.shape)),
    lmo:
      ball &&
      ((g, r) =>
        tf.tidy(() => {
          const gr = rows(g);
          const mask = topkMask(gr as tf.Tensor2D, k);
          if (ball.ball === 'l2') return lmoL2Rows(tf.mul(gr, mask) as tf.Tensor2D, r).reshape(g.shape);
          return tf.mul(mask, tf.where(tf.greaterEqual(gr, 0), tf.neg(col(r)), col(r))).reshape(g.shape);
        })),
    violation: (x, r) =>
      tf.tidy(() => {
        const xr = rows(x);
        const excess = tf.relu(tf.sub(tf.sum(tf.notEqual(xr, 0).toFloat(), 1), k));
        const outside = !ball
          ? tf.zerosLike(excess)
          : ball.ball === 'l2'
            ? tf.relu(tf.sub(rowNorm2(xr), r))
            : tf.relu(tf.sub(tf.max(tf.abs(xr), 1), r));
        return { amount: tf.maximum(excess, outside) as tf.Tensor1D, scale: ball ? r : (tf.zerosLike(excess) as tf.Tensor1D) };
      }),
    projectComplex: (re, im, r) =>
      tf.tidy(() => {
        const [a, b] = [rows(re), rows(im)];
        const m = modulus(a, b);
        const mask = topkMask(m, k);
        let [pa, pb] = [tf.mul(a, mask), tf.mul(b, mask)];
        if (ball?.ball === 'l2') {
          const both = projectL2Rows(tf.concat([pa, pb], 1) as tf.Tensor2D, r);
          [pa, pb] = tf.split(both, 2, 1);
        } else if (ball) {
          const f = tf.minimum(tf.div(col(r), tf.where(tf.greater(m, 0), m, tf.onesLike(m))), 1);
          [pa, pb] = [tf.mul(pa, f), tf.mul(pb, f)];
        }
        return [pa.reshape(re.shape), pb.reshape(im.shape)];
      }),
  };
}

/**
 * Vectors with at most k nonzeros (nonconvex). Projection: hard thresholding H_k (keep the k
 * largest magnitudes, lowest index on ties; complex inputs by modulus). With `{ ball, radius }`
 * the set is intersected with that ball, which bounds it and gives an LMO: in the L∞ ball the
 * k largest |g_i| get −r·sign(g_i) (the K-sparse polytope vertex), in the L2 ball
 * −r·H_k(g)/‖H_k(g)‖.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { kSparse } from '@sparsekit/constraints';
 * kSparse(2).project(tf.tensor([3, -1, 2, 2])).arraySync(); // => [3, 0, 2, 0]
 * kSparse(2, { ball: 'linf', radius: 1 }).lmo(tf.tensor([3, -1, -2])).arraySync(); // => [-1, 0, 1]
 * ```
 */
export function kSparse(k: number): KSparse;
export function kSparse(k: number, options: KSparseOptions): BoundedKSparse;
export function kSparse(k: number, options?: KSparseOptions): KSparse | BoundedKSparse {
  requireInteger('k', k, 1);
  requireKnownKeys(options, ['ball', 'radius']);
  if (options) {
    if (options.ball !== 'linf' && options.ball !== 'l2')
      throw new SparsekitError({ argument: 'options.ball', value: options.ball, expected: "'linf' or 'l2'" });
    requirePositiveFloat32('options.radius', options.radius);
  }
  return makeSet(kSparseSpec(k, options)) as unknown as KSparse;
}
