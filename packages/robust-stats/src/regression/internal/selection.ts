/**
 * Choosing the stopping point of an outlier path. BIC in the form of She & Owen's modified BIC,
 * n·log σ̂² + k·(log n + 1), with k = nnz(γ) + p (the mean shifts plus the regression coefficients)
 * and RSS the residual sum of squares after refitting least squares on the selected outliers (so
 * soft, shrunken fits are scored by their support). Our modification: σ̂² = RSS / ((n − s)·c) with
 * c = E[Z² | |Z| ≤ q], q = Φ⁻¹(1 − s/2n), the normal consistency factor of a sample trimmed of its s
 * largest residuals (as for the LTS scale). Without it, removing the Gaussian tails always lowers
 * RSS faster than the penalty grows and BIC flags up to the cap on clean data.
 */
import { ActiveGram, projectSparse } from '../../internal/active-gram.js';
import type { Projector } from '../../internal/projector.js';
import type { OutlierPath } from '../outlier-path.js';
import { normalPdf, normalQuantile } from '../../internal/normal.js';

/** BIC at every knot of the path. */
export function bicCurve(proj: Projector, y: Float64Array, path: OutlierPath): number[] {
  const { n, p } = proj;
  const py = proj.resid(y);
  return path.gamma.map((g) => {
    const k = g.idx.length;
    if (n - k <= p) return Infinity;
    const rss = refitRss(proj, py, g.idx);
    if (rss === null) return Infinity;
    const keep = (n - k) / n;
    const q = normalQuantile((1 + keep) / 2);
    const c = keep < 1 ? (keep - 2 * q * normalPdf(q)) / keep : 1;
    return n * Math.log(Math.max(rss, Number.MIN_VALUE) / ((n - k) * c)) + (k + p) * (Math.log(n) + 1);
  });
}

/** ‖(I − H)(y − γ_S)‖² with γ_S the least-squares shifts on S. */
export function refitRss(proj: Projector, py: Float64Array, idx: readonly number[]): number | null {
  if (idx.length === 0) return py.reduce((s, v) => s + v * v, 0);
  const gram = new ActiveGram(proj.q);
  idx.forEach((i) => gram.add(i));
  const g = gram.solve(idx.map((i) => py[i]));
  if (g === null) return null;
  const pg = projectSparse(proj.q, idx, g);
  let rss = 0;
  for (let i = 0; i < py.length; i++) rss += (py[i] - pg[i]) ** 2;
  return rss;
}

/** Index of the smallest value (first on ties). */
export function argmin(v: readonly number[]): number {
  let best = 0;
  v.forEach((x, k) => { if (x < v[best]) best = k; });
  return best;
}
