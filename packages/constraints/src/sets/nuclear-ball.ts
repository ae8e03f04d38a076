/** The nuclear-norm ball {X : Σσ_i(X) ≤ r} of real or complex matrices. */
import * as tf from '@tensorflow/tfjs';
import { topSingularPairs, type ComplexTensor, requirePositiveFloat32 } from '@sparsekit/tensor';
import type { ConstraintSet, HasComplexLmo, HasComplexProject } from '../types.js';
import { makeSet, type Pair, type SetSpec } from '../internal/set-spec.js';
import { fromRealForm, mapSingularValues, projectSortedNonnegL1, realForm, singularValues, topPairExact } from '../internal/svd.js';

/** Slices with at most this many (real) entries get an exact float64 SVD for the LMO. */
const EXACT_LMO_MAX_ENTRIES = 4096;
/** Power iteration above that size: residual ‖Aᴴu − σv‖ ≤ tol·σ, well inside float32 reach. */
const POWER = { k: 1, tol: 1e-6, maxIter: 1000, seed: 0 };

/** −r·u vᴴ of the top singular pair, from the real/imaginary parts of u [B, m, 1] and v [B, n, 1]. */
function outer(u: Pair, v: Pair): Pair {
  const [ur, ui] = u;
  const [vr, vi] = v;
  const mm = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, false, true);
  return [tf.add(mm(ur, vr), mm(ui, vi)), tf.sub(mm(ui, vr), mm(ur, vi))];
}

/** Top singular pair of each slice of a real (im = null) or complex gradient, max modulus 1. */
function topPair(re: tf.Tensor3D, im: tf.Tensor3D | null): { u: Pair; v: Pair } {
  const [, m, n] = re.shape;
  const entries = im ? 4 * m * n : m * n;
  if (entries <= EXACT_LMO_MAX_ENTRIES) {
    if (!im) {
      const { u, v } = topPairExact(re);
      return { u: [u, tf.zerosLike(u)], v: [v, tf.zerosLike(v)] };
    }
    // a top pair (p, q) of the real form gives u = p[:m] + i·p[m:], v = q[:n] + i·q[n:]
    const { u, v } = topPairExact(realForm(re, im));
    return { u: tf.split(u, 2, 1) as Pair, v: tf.split(v, 2, 1) as Pair };
  }
  if (!im) {
    const { u, v, s } = topSingularPairs(re, POWER);
    s.dispose();
    return { u: [u, tf.zerosLike(u)], v: [v, tf.zerosLike(v)] };
  }
  const { u, v, s } = topSingularPairs({ re, im } as ComplexTensor, POWER);
  s.dispose();
  return { u: [u.re, u.im], v: [v.re, v.im] };
}

/** LMO −r·u₁v₁ᴴ; a zero gradient gives the vertex −r·e₀e₀ᵀ (never NaN). */
function nuclearLmo(re: tf.Tensor, im: tf.Tensor | null, r: tf.Tensor1D): Pair {
  return tf.tidy(() => {
    const [batch, m, n] = re.shape;
    // scale each slice to max |g| = 1: the LMO is scale-invariant and huge entries stay finite
    const mag = im ? tf.maximum(tf.abs(re), tf.abs(im)) : tf.abs(re);
    const scale = tf.max(mag.reshape([batch, -1]), 1);
    const zero = tf.equal(scale, 0).reshape([batch, 1, 1]);
    const unit = tf.where(zero, tf.onesLike(scale).reshape([batch, 1, 1]), scale.reshape([batch, 1, 1]));
    const { u, v } = topPair(tf.div(re, unit) as tf.Tensor3D, im && (tf.div(im, unit) as tf.Tensor3D));
    const [sr, si] = outer(u, v);
    const corner = tf
      .oneHot(tf.zeros([batch], 'int32'), m * n)
      .toFloat()
      .reshape([batch, m, n]);
    const coef = tf.neg(r).reshape([batch, 1, 1]);
    return [tf.mul(tf.where(zero, corner, sr), coef), tf.mul(tf.where(zero, tf.zerosLike(si), si), coef)];
  });
}

export function nuclearBallSpec(radius: number): SetSpec {
  return {
    name: 'NuclearBall',
    params: { radius },
    radius,
    sliceRank: 2,
    project: (x, r) => {
      const radii = r.dataSync();
      return mapSingularValues(x, (b, sigma) => projectSortedNonnegL1(sigma, radii[b]));
    },
    lmo: (g, r) => tf.tidy(() => nuclearLmo(g, null, r)[0]),
    violation: (x, r) => {
      const norms = singularValues(x).map((s) => s.reduce((a, v) => a + v, 0));
      return { amount: tf.relu(tf.sub(tf.tensor1d(norms), r)) as tf.Tensor1D, scale: r };
    },
    projectComplex: (re, im, r) =>
      tf.tidy(() => {
        // the real form has each singular value twice: project onto radius 2r there
        const radii = r.dataSync();
        const e = mapSingularValues(realForm(re, im), (b, sigma) => projectSortedNonnegL1(sigma, 2 * radii[b]));
        const [, m, n] = re.shape;
        return fromRealForm(e, m, n);
      }),
    lmoComplex: (re, im, r) => nuclearLmo(re, im, r),
  };
}

/**
 * The nuclear-norm ball: every set capability, real and complex.
 *
 * @example
 * ```ts
 * import { nuclearBall, type NuclearBall } from '@sparsekit/constraints';
 * const c: NuclearBall = nuclearBall(1);
 * ```
 */
export type NuclearBall = ConstraintSet & HasComplexProject & HasComplexLmo;

/**
 * The nuclear-norm (trace-norm) ball of radius r, for real or complex matrices ([m, n]; batches
 * of matrices through `eachSlice`). LMO: −r·u₁v₁ᴴ from the top singular pair of the gradient
 * (exact float64 SVD for small matrices, power iteration of @sparsekit/tensor above 4096
 * entries). Projection: float64 SVD, L1-ball projection of the singular values, rebuild.
 * Complex inputs (`projectComplex`, `lmoComplex` minimizing Re⟨G, S⟩) go through the real form
 * [[A, −B], [B, A]] of A + iB (exact SVD) or the complex power iteration.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { nuclearBall } from '@sparsekit/constraints';
 * nuclearBall(1).project(tf.tensor2d([[3, 0], [0, 1]])).arraySync(); // => [[1, 0], [0, 0]]
 * nuclearBall(2).lmo(tf.tensor2d([[0, 0], [0, 5]])).arraySync();     // => [[0, 0], [0, -2]]
 * nuclearBall(1).projectComplex({ re: tf.tensor2d([[0, 0], [0, 0]]), im: tf.tensor2d([[3, 0], [0, 1]]) }).im.arraySync(); // => [[1, 0], [0, 0]]
 * ```
 */
export function nuclearBall(radius: number): NuclearBall {
  requirePositiveFloat32('radius', radius);
  return makeSet(nuclearBallSpec(radius)) as unknown as NuclearBall;
}
