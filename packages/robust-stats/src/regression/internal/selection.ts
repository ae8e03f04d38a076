/**
 * Choosing the stopping point of an outlier path. BIC in the form of She & Owen's modified BIC,
 * n·log σ̂² + k·(log n + 1), with k = nnz(γ) + p (the mean shifts plus the regression coefficients)
 * and RSS the residual sum of squares after refitting least squares on the selected outliers (so
 * soft, shrunken fits are scored by their support). Our modification: σ̂² = RSS / ((n − s)·c) with
 * c = E[Z² | |Z| ≤ q], q = Φ⁻¹(1 − s/2n), the normal consistency factor of a sample trimmed of its s
 * largest residuals (as for the LTS scale). Without it, removing the Gaussian tails always lowers
 * RSS faster than the penalty grows and BIC flags up to the cap on clean data.
 */
import { ActiveGram } from '../../internal/active-gram.js';
import type { Projector } from '../../internal/projector.js';
import type { OutlierPath } from '../outlier-path.js';
import { normalPdf, normalQuantile } from '../../internal/normal.js';

/**
 * BIC at every knot of the path. The refit RSS(S) = ‖(I − H)y‖² − c_Sᵀ G_SS⁻¹ c_S (c = (I − H)y) is
 * computed with one {@link ActiveGram} that follows the supports from knot to knot, so a knot costs
 * O(|S|p + p³) rather than a fresh O(|S|p²) factorisation.
 */
export function bicCurve(proj: Projector, y: Float64Array, path: OutlierPath): number[] {
  const { n, p } = proj;
  const q = proj.q.data;
  const py = proj.resid(y);
  const total = py.reduce((s, v) => s + v * v, 0);
  const gram = new ActiveGram(proj.q);
  const inGram = new Uint8Array(n);
  // c_Sᵀ G_SS⁻¹ c_S = ‖c_S‖² + uᵀ(I − M)⁻¹u with u = Q_Sᵀ c_S, both kept up to date as S changes.
  const u = new Float64Array(p);
  let cc = 0;
  const move = (i: number, sign: number): void => {
    for (let j = 0; j < p; j++) u[j] += sign * q[i * p + j] * py[i];
    cc += sign * py[i] * py[i];
  };
  return path.gamma.map((g) => {
    const k = g.idx.length;
    const support = new Uint8Array(n);
    for (const i of g.idx) support[i] = 1;
    for (const i of [...gram.members])
      if (!support[i]) {
        gram.remove(i);
        inGram[i] = 0;
        move(i, -1);
      }
    for (const i of g.idx)
      if (!inGram[i]) {
        gram.add(i);
        inGram[i] = 1;
        move(i, 1);
      }
    if (n - k <= p) return Infinity;
    const w = k === 0 ? new Float64Array(p) : gram.solveCore(u);
    if (w === null) return Infinity;
    let explained = k === 0 ? 0 : cc;
    if (k > 0) for (let j = 0; j < p; j++) explained += u[j] * w[j];
    const rss = total - explained;
    const keep = (n - k) / n;
    const qn = normalQuantile((1 + keep) / 2);
    const cf = keep < 1 ? (keep - 2 * qn * normalPdf(qn)) / keep : 1;
    return n * Math.log(Math.max(rss, Number.MIN_VALUE) / ((n - k) * cf)) + (k + p) * (Math.log(n) + 1);
  });
}

/** Index of the smallest value (first on ties). */
export function argmin(v: readonly number[]): number {
  let best = 0;
  v.forEach((x, k) => {
    if (x < v[best]) best = k;
  });
  return best;
}
