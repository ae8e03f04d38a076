/**
 * A path of the outlier vector γ on the projected problem ½‖(I − H)(y − γ)‖² + λ‖γ‖₁, as sparse
 * knots. Time t = 1/λ for the Lasso path, the inverse-scale-space time for ISS (both in the
 * unnormalised units of this objective), so "earlier entry" always means "more outlying".
 */
import { SparsekitError } from '@sparsekit/tensor';

/** γ at one knot: nonzero sample indices and values. */
export interface SparseGamma {
  readonly idx: readonly number[];
  readonly val: Float64Array;
}

/** Called after each new knot; returning true ends the path there (internal: early stopping for BIC). */
export type KnotStop = (knot: SparseGamma) => boolean;

/** Knots of a γ path with each sample's entry time. */
export interface OutlierPath {
  readonly kind: 'iss' | 'lasso' | 'lbi' | 'grid';
  /** Increasing times. */
  readonly t: readonly number[];
  readonly gamma: readonly SparseGamma[];
  /** First time each sample is nonzero (Infinity when it never enters). */
  readonly entryTime: Float64Array;
  /** 'left': constant between knots (ISS, grids); 'lambda': linear in λ = 1/t (Lasso). */
  readonly interpolation: 'left' | 'lambda';
}

/** Dense γ(t) of length n. */
export function gammaAt(path: OutlierPath, n: number, t: number): Float64Array {
  if (Number.isNaN(t)) throw new SparsekitError({ argument: 't', value: t, expected: 'a number' });
  const ts = path.t;
  let k = 0;
  while (k + 1 < ts.length && ts[k + 1] <= t) k++;
  const out = new Float64Array(n);
  const put = (g: SparseGamma, w: number): void => {
    g.idx.forEach((i, m) => {
      out[i] += w * g.val[m];
    });
  };
  if (t <= ts[0] || k === ts.length - 1 || path.interpolation === 'left') {
    put(path.gamma[t <= ts[0] ? 0 : k], 1);
    return out;
  }
  const l0 = 1 / ts[k],
    l1 = 1 / ts[k + 1],
    l = 1 / t;
  const w = (l0 - l) / (l0 - l1);
  put(path.gamma[k], 1 - w);
  put(path.gamma[k + 1], w);
  return out;
}

/** Sample indices sorted by entry time (earliest first; never-entering last, by index). */
export function rankByEntry(entryTime: ArrayLike<number>): number[] {
  return Array.from({ length: entryTime.length }, (_, i) => i).sort((a, b) => {
    const d = entryTime[a] - entryTime[b];
    return Number.isNaN(d) || d === 0 ? a - b : d;
  });
}
