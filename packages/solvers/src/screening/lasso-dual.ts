/**
 * Duality gap and gap-safe screening (Fercoq, Gramfort, Salmon 2015; Ndiaye et al. 2017) for
 * the Lasso P(w) = ‖y − Xw‖²/(2n) + λ‖w‖₁. With λ' = nλ, the dual point is the rescaled
 * residual θ = r / max(λ', ‖Xᵀr‖∞) and D(θ) = (‖y‖² − ‖y − λ'θ‖²)/(2n). Any feature with
 * |x_jᵀθ| + ρ‖x_j‖ < 1, ρ = √(2n·gap)/λ', is zero at every solution.
 */

/** Primal, dual and gap at (w, r) given g = Xᵀr. */
export function lassoGap(y: Float64Array, r: Float64Array, w: Float64Array, g: Float64Array, lambda: number) {
  const n = y.length;
  const lam = n * lambda;
  let gInf = 0;
  for (let j = 0; j < g.length; j++) gInf = Math.max(gInf, Math.abs(g[j]));
  const scale = Math.max(lam, gInf);
  let r2 = 0;
  let dual = 0;
  for (let i = 0; i < n; i++) {
    r2 += r[i] * r[i];
    const t = y[i] - (lam * r[i]) / scale;
    dual += y[i] * y[i] - t * t;
  }
  let l1 = 0;
  for (let j = 0; j < w.length; j++) l1 += Math.abs(w[j]);
  const primal = r2 / (2 * n) + lambda * l1;
  dual /= 2 * n;
  return { primal, dual, gap: Math.max(primal - dual, 0), scale };
}

/** Marks newly screened features (returns how many); `scale` is from {@link lassoGap}. */
export function gapSafeScreen(g: Float64Array, colNorm2: Float64Array, gap: number, scale: number, lambda: number, n: number, screened: Uint8Array): number {
  const radius = Math.sqrt(2 * n * gap) / (n * lambda);
  let count = 0;
  for (let j = 0; j < g.length; j++) {
    if (screened[j]) continue;
    if (Math.abs(g[j]) / scale + radius * Math.sqrt(colNorm2[j]) < 1) { screened[j] = 1; count++; }
  }
  return count;
}
