/**
 * Float64 plain-JS references of the L1-ball and simplex projections, used as test oracles
 * (a full sort, independent of the tensor code's topk and Newton paths).
 */

/** Threshold τ with Σ (v − τ)⁺ = r from a descending sort (Held et al.), any signs. */
function sortedThreshold(values: readonly number[], r: number): number {
  const sorted = [...values].sort((p, q) => q - p);
  let cumulative = 0;
  let theta = -Infinity;
  sorted.forEach((v, k) => {
    cumulative += v;
    theta = Math.max(theta, (cumulative - r) / (k + 1));
  });
  return theta;
}

/** Euclidean projection of x onto {‖u‖₁ ≤ r}. */
export function projectL1F64(x: readonly number[], r: number): number[] {
  const a = x.map(Math.abs);
  if (a.reduce((s, v) => s + v, 0) <= r) return [...x];
  const theta = sortedThreshold(a, r);
  return x.map((v) => Math.sign(v) * Math.max(Math.abs(v) - theta, 0));
}

/** Euclidean projection of x onto the simplex {u ≥ 0, Σu = r}. */
export function projectSimplexF64(x: readonly number[], r: number): number[] {
  const theta = sortedThreshold(x, r);
  return x.map((v) => Math.max(v - theta, 0));
}
