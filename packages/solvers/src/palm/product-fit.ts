/**
 * The smooth coupling of matrix factorization, H(X₁, …, X_J) = ½‖λ·X₁⋯X_J − A‖²_F, for real
 * or complex factors: value, block gradients λ·Lᴴ(λ·L X_j R − A)Rᴴ (L, R the products left and
 * right of X_j) and block Lipschitz constants λ²‖L‖₂²‖R‖₂² (power iteration), as in PALM4MSA.
 */
import * as tf from '@tensorflow/tfjs';
import { complexMatMul, complexScale, complexSub, conjTranspose, SparsekitError } from '@sparsekit/tensor';
import { cloneBlock, disposeBlock, isComplex, spectralNormBlock, type BlockValue } from './internal/block-value.js';
import type { PalmProblem } from './types.js';

/** Options of {@link productFit}. */
export interface ProductFitOptions {
  /** Scale λ, read at every use so a caller can update it between sweeps. Default 1. */
  readonly lambda?: () => number;
}

/** What {@link productFit} returns: the smooth part of a PALM problem, to spread into it with the blocks. */
export type ProductFitParts = Pick<PalmProblem, 'objective' | 'gradient' | 'lipschitz'>;

/**
 * Product of a list of factors (null for an empty list), complex when `complex` even if every
 * factor is real (tensor's complexMatMul takes real operands as they are).
 */
function product(factors: readonly BlockValue[], complex: boolean): BlockValue | null {
  if (factors.length === 0) return null;
  // Always a fresh tensor: a single factor is cloned so callers may dispose the product.
  const f0 = factors[0];
  if (factors.length === 1) return complex && !isComplex(f0) ? tf.tidy(() => ({ re: tf.clone(f0), im: tf.zerosLike(f0) })) : cloneBlock(f0);
  return tf.tidy(() => {
    if (!complex) return factors.slice(1).reduce((acc: tf.Tensor, f) => tf.matMul(acc as tf.Tensor2D, f as tf.Tensor2D), factors[0] as tf.Tensor);
    return factors.slice(1).reduce((acc: BlockValue, f) => complexMatMul(acc, f), f0);
  });
}

function mul(a: BlockValue | null, b: BlockValue | null, complex: boolean): BlockValue {
  if (a === null) return b!;
  if (b === null) return a;
  return complex ? complexMatMul(a, b) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
}

function adjoint(a: BlockValue, complex: boolean): BlockValue {
  return complex ? conjTranspose(a) : tf.transpose(a as tf.Tensor);
}

/** ½‖r‖² as a plain sum of squares: differentiable by tfjs autodiff (real blocks rely on it). */
function halfSquaredNorm(r: BlockValue): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, isComplex(r) ? tf.add(tf.sum(tf.square(r.re)), tf.sum(tf.square(r.im))) : tf.sum(tf.square(r))));
}

/**
 * Builds the objective, gradient and Lipschitz parts of a PALM problem for ½‖λ·∏X_j − A‖².
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { palm, productFit } from '@sparsekit/solvers/palm';
 * const A = tf.tensor2d([[1, 2], [3, 4]]);
 * const res = palm({ blocks: [{ x0: tf.eye(2) }, { x0: tf.eye(2) }], ...productFit(A) }, { maxIter: 20 });
 * ```
 */
export function productFit(target: BlockValue, options: ProductFitOptions = {}): ProductFitParts {
  const complex = isComplex(target);
  if ((complex ? target.re : target).rank !== 2) throw new SparsekitError({ argument: 'target', value: complex ? target.re : target, expected: 'a matrix (rank 2)' });
  const lambda = options.lambda ?? (() => 1);
  const residual = (blocks: readonly BlockValue[]): BlockValue => tf.tidy(() => {
    const p = product(blocks, complex)!;
    return complex ? complexSub(complexScale(p, lambda()), target) : tf.sub(tf.mul(p as tf.Tensor, lambda()), target as tf.Tensor);
  });
  return {
    objective(blocks) {
      return tf.tidy(() => halfSquaredNorm(residual(blocks)));
    },
    gradient(blocks, j) {
      return tf.tidy(() => {
        const l = product(blocks.slice(0, j), complex);
        const rt = product(blocks.slice(j + 1), complex);
        const res = residual(blocks);
        const left = l === null ? res : mul(adjoint(l, complex), res, complex);
        const g = rt === null ? left : mul(left, adjoint(rt, complex), complex);
        return isComplex(g) ? complexScale(g, lambda()) : tf.mul(g, lambda());
      });
    },
    lipschitz(blocks, j) {
      const l = product(blocks.slice(0, j), complex);
      const rt = product(blocks.slice(j + 1), complex);
      const nl = l === null ? 1 : spectralNormBlock(l);
      const nr = rt === null ? 1 : spectralNormBlock(rt);
      disposeBlock(l ?? undefined);
      disposeBlock(rt ?? undefined);
      return lambda() ** 2 * nl ** 2 * nr ** 2;
    },
  };
}
