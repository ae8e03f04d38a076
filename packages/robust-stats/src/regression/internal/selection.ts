/**
 * Choosing the stopping point of an outlier path. BIC in the form of She & Owen's modified BIC,
 * n·log σ̂² + k·(log n + 1), with k = nnz(γ) + p (the mean shifts plus the regression coefficients)
 * and RSS the residual sum of squares after refitting least squares on the selected outliers (so
 * soft, shrunken fits are scored by their support). Our modification is the scale: σ̂² = RSS/(n − k)
 * corrected for the Gaussian tails the path trimmed (see {@link trimmedScale}). With RSS/n, removing
 * Gaussian tails lowers RSS faster than the penalty grows and BIC flags up to the cap on clean data;
 * correcting for all k flagged samples as if they were tails (an earlier version) charges real
 * outliers n·log(1/c) and made BIC prefer the empty model on masked leverage outliers.
 */
import { ActiveGram } from '../../internal/active-gram.js';
import type { Projector } from '../../internal/projector.js';
import type { OutlierPath, SparseGamma } from '../outlier-path.js';
import { normalPdf, normalQuantile } from '../../internal/normal.js';

/**
 * BIC of the knots of a path, fed one knot at a time. The refit RSS(S) = ‖(I − H)y‖² − c_Sᵀ G_SS⁻¹ c_S
 * (c = (I − H)y) is computed with one {@link ActiveGram} that follows the supports from knot to knot,
 * so a knot costs O(Δ|S|·p + |S|p + p³) rather than a fresh O(|S|p²) factorisation.
 */
export class BicTracker {
  readonly values: number[] = [];
  private readonly q: Float64Array;
  private readonly py: Float64Array;
  private readonly total: number;
  private readonly gram: ActiveGram;
  private readonly stamp: Int32Array;
  // c_Sᵀ G_SS⁻¹ c_S = ‖c_S‖² + uᵀ(I − M)⁻¹u with u = Q_Sᵀ c_S, both kept up to date as S changes.
  private readonly u: Float64Array;
  private cc = 0;
  /** Robust noise scale of the least-squares residuals (MAD), the yardstick of "a Gaussian tail". */
  private readonly tailScale: number;
  private best = Infinity;
  private bestK = 0;

  constructor(
    private readonly proj: Projector,
    y: Float64Array,
  ) {
    this.q = proj.q.data;
    this.py = proj.resid(y);
    this.total = this.py.reduce((s, v) => s + v * v, 0);
    this.gram = new ActiveGram(proj.q);
    this.stamp = new Int32Array(proj.n).fill(-1);
    this.u = new Float64Array(proj.p);
    const abs = Float64Array.from(this.py, Math.abs).sort();
    this.tailScale = 1.4826 * abs[Math.floor(abs.length / 2)];
  }

  /** Scores the next knot and returns its BIC. */
  push(g: SparseGamma): number {
    const value = this.score(g);
    this.values.push(value);
    if (value < this.best) {
      this.best = value;
      this.bestK = g.idx.length;
    }
    return value;
  }

  /**
   * True once the path is well past its BIC minimum: at least max(20, k₀/4) more flags than the
   * minimiser k₀ and 20 flags' worth of penalty, 20·(log n + 1), above the minimum. Past the
   * outliers every further flag is a trimmed Gaussian tail that raises BIC by about log n + 1, so the
   * rest of the path (up to half the residual degrees of freedom) cannot win; walking it is what made
   * the exact paths O(n²p). Before the outliers are exhausted BIC rises far slower than that (each
   * outlier's fit gain nearly pays its penalty), so a temporary rise does not stop the path.
   */
  pastMinimum(k: number): boolean {
    const { n } = this.proj;
    const last = this.values[this.values.length - 1];
    return k >= this.bestK + Math.max(20, Math.ceil(this.bestK / 4)) && last > this.best + 20 * (Math.log(n) + 1);
  }

  private score(g: SparseGamma): number {
    const { n, p } = this.proj;
    const { gram, stamp, py, q } = this;
    const k = g.idx.length;
    const tag = this.values.length;
    for (const i of g.idx) stamp[i] = tag;
    for (let m = gram.members.length - 1; m >= 0; m--) {
      const i = gram.members[m];
      if (stamp[i] !== tag) {
        gram.remove(i);
        this.move(i, -1);
      }
    }
    for (const i of g.idx)
      if (stamp[i] === tag && !gram.has(i)) {
        gram.add(i);
        this.move(i, 1);
      }
    if (n - k <= p) return Infinity;
    const w = k === 0 ? new Float64Array(p) : gram.solveCore(this.u);
    if (w === null) return Infinity;
    let explained = k === 0 ? 0 : this.cc;
    if (k > 0) for (let j = 0; j < p; j++) explained += this.u[j] * w[j];
    const rss = Math.max(this.total - explained, Number.MIN_VALUE);
    // Refit mean shifts γ̂_S = G_SS⁻¹c_S = c_S + Q_S w: each flagged sample's leave-set-out residual.
    const refit = g.idx.map((i) => {
      let v = py[i];
      for (let j = 0; j < p; j++) v += q[i * p + j] * w[j];
      return Math.abs(v);
    });
    return n * Math.log(trimmedScale(rss, n, k, refit, this.tailScale)) + (k + p) * (Math.log(n) + 1);
  }

  private move(i: number, sign: number): void {
    const { p } = this.proj;
    const v = this.py[i];
    for (let j = 0; j < p; j++) this.u[j] += sign * this.q[i * p + j] * v;
    this.cc += sign * v * v;
  }
}

/** BIC at every knot of the path. */
export function bicCurve(proj: Projector, y: Float64Array, path: OutlierPath): number[] {
  const tracker = new BicTracker(proj, y);
  for (const g of path.gamma) tracker.push(g);
  return tracker.values;
}

/**
 * σ̂² = RSS / ((n − k)·c), c = E[Z² | |Z| ≤ q] the consistency factor of a Gaussian sample trimmed of
 * its j largest residuals, where j counts only the flagged samples whose refit residual a Gaussian
 * sample of this size could produce (|γ̂_i| ≤ σ_r·Φ⁻¹(1 − 0.025/n), the Bonferroni 5% bound, σ_r the
 * MAD scale of the least-squares residuals); the others are mean shifts, not trimmed tails, and must
 * not inflate σ̂. σ_r is fixed along the path: the RSS scale of an early knot still holds the
 * unflagged outliers and would call every outlier a tail.
 */
function trimmedScale(rss: number, n: number, k: number, refit: readonly number[], tailScale: number): number {
  const cut = normalQuantile(1 - 0.025 / n) * tailScale;
  const j = refit.reduce((c, r) => c + (r <= cut ? 1 : 0), 0);
  return rss / ((n - k) * trimFactor((n - k) / (n - k + j)));
}

/** E[Z² | |Z| ≤ q] with P(|Z| ≤ q) = keep. */
function trimFactor(keep: number): number {
  if (keep >= 1) return 1;
  const qn = normalQuantile((1 + keep) / 2);
  return (keep - 2 * qn * normalPdf(qn)) / keep;
}

/** Index of the smallest value (first on ties). */
export function argmin(v: readonly number[]): number {
  let best = 0;
  v.forEach((x, k) => {
    if (x < v[best]) best = k;
  });
  return best;
}
