/**
 * The smooth coupling of multilayer factorization, H(S₁, …, S_J) = ½‖λ·S₁⋯S_J − A‖²_F, for real
 * or complex factors, as a @sparsekit/solvers `palm` problem: value, block gradients
 * λ·Lᴴ(λ·L S_j R − A)Rᴴ (the Wirtinger gradient for complex factors; L, R the products left and
 * right of S_j) and block Lipschitz constants λ²‖L‖₂²‖R‖₂² (empty products count as 1).
 */
import * as tf from '@tensorflow/tfjs';
import { complexMatMul, complexScale, complexSub, conjTranspose, SparsekitError } from '@sparsekit/tensor';
import type { PalmProblem } from '@sparsekit/solvers/palm';
import { cloneValue, disposeValue, isComplex, spectralNormOf, type BlockValue } from './internal/blocks.js';

/** Options of {@link productFit}. */
export interface ProductFitOptions {
  /** Scale λ, read at every use so a caller can update it between sweeps. Default 1. */
  readonly lambda?: () => number;
}

/** The parts of a PALM problem that {@link productFit} supplies. */
export type ProductFitParts = Pick<PalmProblem, 'objective' | 'gradient' | 'lipschitz'>;

/** ∏ factors (null when empty); complex when `complex` even if every factor is real. Always fresh. */
export function productOf(factors: readonly BlockValue[], complex: boolean): BlockValue | null {
  if (factors.length === 0) return null;
  const f0 = factors[0];
  if (factors.length === 1) return complex && !isComplex(f0) ? tf.tidy(() => ({ re: tf.clone(f0), im: tf.zerosLike(f0) })) : cloneValue(f0);
  return tf.tidy(() => {
    if (!complex) return factors.slice(1).reduce((acc: tf.Tensor, f) => tf.matMul(acc as tf.Tensor2D, f as tf.Tensor2D), f0 as tf.Tensor);
    return factors.slice(1).reduce((acc: BlockValue, f) => complexMatMul(acc, f), f0);
  });
}

function mul(a: BlockValue | null, b: BlockValue | null, complex: boolean): BlockValue {
  if (a === null) return b!;
  if (b === null) return a;
  return complex ? complexMatMul(a, b) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
}

const adjoint = (a: BlockValue, complex: boolean): BlockValue => (complex ? conjTranspose(a) : tf.transpose(a as tf.Tensor));

/** ½‖r‖² as a plain sum of squares (differentiable by tfjs autodiff for real blocks). */
function halfSquaredNorm(r: BlockValue): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, isComplex(r) ? tf.add(tf.sum(tf.square(r.re)), tf.sum(tf.square(r.im))) : tf.sum(tf.square(r))));
}

/**
 * Objective, gradient and Lipschitz parts of a PALM problem for ½‖λ·∏S_j − A‖²_F (the coupling
 * of PALM4MSA; pass it with the blocks to `palm` from `@sparsekit/solvers/palm`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { palm } from '@sparsekit/solvers/palm';
 * import { productFit } from '@sparsekit/factorization';
 * const A = tf.tensor2d([[1, 2], [3, 4]]);
 * const res = palm({ blocks: [{ x0: tf.eye(2) }, { x0: tf.eye(2) }], ...productFit(A) }, { maxIter: 20 });
 * ```
 */
export function productFit(target: BlockValue, options: ProductFitOptions = {}): ProductFitParts {
  const complex = isComplex(target);
  const t = complex ? target.re : target;
  if (!(t instanceof tf.Tensor) || t.rank !== 2) throw new SparsekitError({ argument: 'target', value: t, expected: 'a matrix (rank 2)' });
  const lambda = options.lambda ?? (() => 1);
  const residual = (blocks: readonly BlockValue[]): BlockValue =>
    tf.tidy(() => {
      const p = productOf(blocks, complex)!;
      return complex ? complexSub(complexScale(p, lambda()), target) : tf.sub(tf.mul(p as tf.Tensor, lambda()), target as tf.Tensor);
    });
  return {
    objective: (blocks) => tf.tidy(() => halfSquaredNorm(residual(blocks))),
    gradient: (blocks, j) =>
      tf.tidy(() => {
        const l = productOf(blocks.slice(0, j), complex);
        const r = productOf(blocks.slice(j + 1), complex);
        const res = residual(blocks);
        const left = l === null ? res : mul(adjoint(l, complex), res, complex);
        const g = r === null ? left : mul(left, adjoint(r, complex), complex);
        return isComplex(g) ? complexScale(g, lambda()) : tf.mul(g, lambda());
      }),
    lipschitz: (blocks, j) => {
      const l = productOf(blocks.slice(0, j), complex);
      const r = productOf(blocks.slice(j + 1), complex);
      const nl = l === null ? 1 : spectralNormOf(l);
      const nr = r === null ? 1 : spectralNormOf(r);
      disposeValue(l);
      disposeValue(r);
      return lambda() ** 2 * nl ** 2 * nr ** 2;
    },
  };
}
