/** Is a two-factor sparse factorization A = X·Y unique up to scaling? (Zheng, Riccietti & Gribonval.) */
import * as tf from '@tensorflow/tfjs';
import { isComplexTensor, SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { firstOverlap, rankOneSupports } from './internal/rank-one-supports.js';

/** Verdict of {@link checkIdentifiability}. */
export interface Identifiability {
  /** true: unique up to scaling; false: not unique; 'undetermined': the criterion does not apply. */
  readonly identifiable: boolean | 'undetermined';
  readonly reason: string;
}

function mask(x: tf.Tensor | ComplexTensor, argument: string): number[][] {
  const parts = x instanceof tf.Tensor ? [x] : isComplexTensor(x) ? [x.re, x.im] : null;
  if (parts === null || parts[0].rank !== 2)
    throw new SparsekitError({ argument, value: x, expected: 'a matrix (tensor or complex pair)' });
  const [rows, cols] = parts[0].shape as [number, number];
  const data = parts.map((p) => p.dataSync());
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (data.some((d) => d[i * cols + j] !== 0) ? 1 : 0)));
}

/**
 * Identifiability of A = X·Y among factorizations with the same supports (supp X, supp Y), up to
 * rescaling X[:, k] by d_k and Y[k, :] by 1/d_k. Decided when the rank-one supports
 * S_k = supp(X[:, k]) × supp(Y[k, :]) are pairwise disjoint: then A restricted to S_k equals
 * X[:, k]·Y[k, :] and pins it down, so the factorization is unique, unless a component is zero
 * on one side with two or more free entries on the other. Two components with the same
 * nonempty rank-one support make it non-unique: any invertible 2×2 mixing of them keeps the
 * supports and the product. Other overlaps are reported as 'undetermined'.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { checkIdentifiability } from '@sparsekit/factorization';
 * checkIdentifiability(tf.ones([2, 2]), tf.ones([2, 2])).identifiable; // false (identical rank-one supports)
 * ```
 */
export function checkIdentifiability(X: tf.Tensor | ComplexTensor, Y: tf.Tensor | ComplexTensor): Identifiability {
  const { m, n, supports } = rankOneSupports(mask(X, 'X'), mask(Y, 'Y'));
  const key = (k: number) => `${supports[k].rows.join(',')}|${supports[k].cols.join(',')}`;
  const seen = new Map<string, number>();
  for (let k = 0; k < supports.length; k++) {
    if (supports[k].rows.length === 0 || supports[k].cols.length === 0) {
      const free = supports[k].rows.length + supports[k].cols.length;
      if (free >= 2) return { identifiable: false, reason: `component ${k} is zero on one side and has ${free} free entries on the other` };
      continue;
    }
    const prev = seen.get(key(k));
    if (prev !== undefined)
      return {
        identifiable: false,
        reason: `components ${prev} and ${k} have the same rank-one support: mixing them changes the factors, not the product`,
      };
    seen.set(key(k), k);
  }
  const overlap = firstOverlap(supports, m, n);
  if (overlap !== null)
    return {
      identifiable: 'undetermined',
      reason: `rank-one supports ${overlap[0]} and ${overlap[1]} overlap partially; the disjoint-support criterion does not apply`,
    };
  return { identifiable: true, reason: 'pairwise disjoint rank-one supports, every component nonzero: unique up to scaling' };
}
