/**
 * GLM losses over a data matrix: f(w) = (1/n) Σ_i ℓ(x_iᵀw, y_i) with a hand-written gradient
 * Xᵀℓ'(Xw, y)/n (two matmuls, no autodiff tape) and a Lipschitz bound of ∇f, ready to be the
 * smooth part of a {@link Problem}.
 */
import * as tf from '@tensorflow/tfjs';
import { largestSingularValue, requireRank, requireSameShape } from '@sparsekit/tensor';
import type { ValueAndGradForm } from '../types.js';
import type { PointwiseLoss } from './pointwise-loss.js';

export type { PointwiseLoss } from './pointwise-loss.js';

/** A GLM loss bound to its data. `lipschitz()` is computed once (Lanczos) and cached. */
export interface GlmLoss extends ValueAndGradForm {
  readonly name: string;
  objective(w: tf.Tensor): tf.Tensor;
  lipschitz(): number;
}

/**
 * The [rows, width] blocks of {@link blockedSum}: width ≈ √n, preferring a width in [⌈√n⌉, 2⌈√n⌉]
 * that divides n (no padding: no copy and two tensor ops fewer), else ⌈√n⌉ with zero padding.
 */
export function sumBlocks(n: number): { rows: number; width: number } {
  const base = Math.max(1, Math.ceil(Math.sqrt(n)));
  for (let width = base; width <= 2 * base; width++) if (n % width === 0) return { rows: n / width, width };
  return { rows: Math.ceil(n / base), width: base };
}

/**
 * Σ v_i in float32 with a two-level (blocked) reduction: rows of about √n terms, then the row
 * sums. A sequential float32 sum of n terms carries rounding noise growing with n, which for
 * n = 10⁴ samples is larger than the per-step decrease of a converging Frank-Wolfe run and makes
 * sufficient-decrease tests fail; the blocked sum divides that noise by about √n. Takes a tensor
 * of any shape (the GLM losses sum an [n, 1] column).
 */
export function blockedSum(v: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const n = v.size;
    const { rows, width } = sumBlocks(n);
    const padded = rows * width === n ? v : tf.concat([v.reshape([n]), tf.zeros([rows * width - n])]);
    return padded.reshape([rows, width]).sum(1).sum() as tf.Scalar;
  });
}

/**
 * curvature·σ_max(X)²/n. Lanczos approaches σ from below and stops once its Ritz value settles
 * to 1e-12 relative; the 1e-6 raise covers that and the float32 rounding of X's products, so the
 * bound stays an upper bound.
 */
function lipschitzOf(X: tf.Tensor2D, curvature: number): number {
  const sigma = largestSingularValue(X).value * (1 + 1e-6);
  return (curvature * sigma * sigma) / X.shape[0];
}

/** Binds a pointwise loss to data X [n, p] and y [n]. */
export function glmLoss(loss: PointwiseLoss, X: tf.Tensor2D, y: tf.Tensor1D): GlmLoss {
  requireRank('X', X, 2);
  requireSameShape('y', y.shape, [X.shape[0]]);
  const n = X.shape[0];
  const margins = (w: tf.Tensor) => tf.matMul(X, w.reshape([-1, 1])).reshape([n]) as tf.Tensor1D;
  let L: number | undefined;
  return {
    name: loss.name,
    objective: (w) => tf.tidy(() => blockedSum(loss.values(margins(w), y)).div(n)),
    valueAndGrad: (w) => tf.tidy(() => (loss.valuesAndDerivatives ? sharedPass(loss, X, y, w) : separatePasses(loss, X, y, w))),
    lipschitz: () => (L ??= lipschitzOf(X, loss.curvature)),
  };
}

/**
 * f and ∇f from one forward pass on [1, n] rows: z = wXᵀ, the pointwise values and derivatives
 * together (y broadcasts against the row, no reshape), ∇f = ℓ'X/n (12 tensor ops for the squared
 * loss, 15 with separate passes; a small problem's time is their dispatch, and X as the product's
 * right operand in both products was as fast or faster on wasm and cpu).
 */
function sharedPass(loss: PointwiseLoss, X: tf.Tensor2D, y: tf.Tensor1D, w: tf.Tensor): { value: tf.Tensor; grad: tf.Tensor } {
  const n = X.shape[0];
  const z = tf.matMul(w.reshape([1, -1]), X, false, true);
  const { values, derivatives } = loss.valuesAndDerivatives!(z, y);
  const grad = tf.matMul(derivatives, X).reshape(w.shape).div(n);
  return { value: blockedSum(values).div(n), grad };
}

/** f and ∇f of a pointwise loss without the shared pass: values and derivatives on [n] vectors. */
function separatePasses(loss: PointwiseLoss, X: tf.Tensor2D, y: tf.Tensor1D, w: tf.Tensor): { value: tf.Tensor; grad: tf.Tensor } {
  const n = X.shape[0];
  const z = tf.matMul(X, w.reshape([-1, 1])).reshape([n]) as tf.Tensor1D;
  const grad = tf
    .matMul(X, loss.derivatives(z, y).reshape([n, 1]), true, false)
    .reshape(w.shape)
    .div(n);
  return { value: blockedSum(loss.values(z, y)).div(n), grad };
}
