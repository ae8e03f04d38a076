/**
 * Soft and hard IPOD on a decreasing λ grid (She & Owen), recorded as an {@link OutlierPath} with
 * t = 1/λ. Soft warm-starts from the previous λ (the fits form the convex Huber family); hard
 * restarts every λ from the robust initial fit, because a nonconvex fit carried along the grid
 * can inherit a masked solution.
 */
import type { Projector } from '../../internal/projector.js';
import type { KnotStop, OutlierPath, SparseGamma } from '../outlier-path.js';
import { ipod, type Threshold } from './ipod.js';

/** λ grid: geometric from max|r0| down to the |r0| of rank maxActive (at most `size` values). */
export function lambdaGrid(r0: Float64Array, maxActive: number, size: number): number[] {
  const a = Array.from(r0, Math.abs).sort((u, v) => v - u);
  const hi = a[0];
  const lo = Math.max(a[Math.min(maxActive, a.length - 1)], hi * 1e-6);
  if (!(hi > 0)) return [];
  return Array.from({ length: size }, (_, k) => hi * (lo / hi) ** (k / Math.max(size - 1, 1)));
}

/** IPOD fits over the grid; `start` is the residual y − Xβ0 of the initial fit (hard rule). */
export function gridPath(
  proj: Projector,
  y: Float64Array,
  rule: Threshold,
  lambdas: readonly number[],
  start: Float64Array,
  stop?: KnotStop,
): OutlierPath {
  const n = proj.n;
  const entry = new Float64Array(n).fill(Infinity);
  const knots: SparseGamma[] = [];
  let gamma: Float64Array = new Float64Array(n);
  const ts: number[] = [];
  for (const lambda of lambdas) {
    const g0 = rule === 'soft' ? gamma : start.map((r) => (Math.abs(r) > lambda ? r : 0));
    gamma = ipod(proj, y, lambda, rule, g0).gamma;
    const idx: number[] = [];
    gamma.forEach((v, i) => {
      if (v !== 0) {
        idx.push(i);
        if (entry[i] === Infinity) entry[i] = 1 / lambda;
      }
    });
    const knot = { idx, val: Float64Array.from(idx, (i) => gamma[i]) };
    knots.push(knot);
    ts.push(1 / lambda);
    if (stop?.(knot)) break;
  }
  return { kind: 'grid', t: ts, gamma: knots, entryTime: entry, interpolation: 'left' };
}
