/**
 * Duality gaps and gap-safe screening for min F(Xw) + λ‖w‖₁ ('penalty') and
 * min F(Xw) s.t. ‖w‖₁ ≤ τ ('ball'), given g = Xᵀ∇F(Xw) (Fercoq, Gramfort, Salmon 2015;
 * Ndiaye et al. 2017). The dual point is u = −c·∇F(Xw):
 * - penalty: c = min(1, λ/‖g‖∞) makes u feasible (‖Xᵀu‖∞ ≤ λ), D = −F*(−u);
 * - ball: c = 1 and D = −F*(−u) − τ‖Xᵀu‖∞ (τ‖·‖∞ is the support function of the ball), so the
 *   gap is ⟨g, w⟩ + τ‖g‖∞, the Frank-Wolfe gap.
 * The dual is α-strongly concave, so u* lies in the sphere of radius ρ = √(2·gap/α) around u,
 * and a feature whose |x_jᵀu*| is provably below the active level is zero at every solution.
 */
import type { Datafit } from './datafit.js';

/** What a sparse GLM is penalized or constrained by. */
export type L1Mode = { readonly kind: 'penalty'; readonly lambda: number } | { readonly kind: 'ball'; readonly radius: number };

/** Primal, dual, gap and the scale used to normalize |g_j| (λ-level of the dual constraint). */
export interface GapState {
  readonly primal: number;
  readonly dual: number;
  readonly gap: number;
  /** |g_j|/scale ≤ 1 for every j at the dual point; features near 1 are near-active. */
  readonly scale: number;
}

function l1Norm(w: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += Math.abs(w[j]);
  return s;
}

function maxAbs(g: Float64Array): number {
  let m = 0;
  for (let j = 0; j < g.length; j++) m = Math.max(m, Math.abs(g[j]));
  return m;
}

/** Gap at (w, z = Xw) with g = Xᵀ∇F(z) (over the features w lives on). */
export function l1Gap(fit: Datafit, mode: L1Mode, z: Float64Array, w: Float64Array, g: Float64Array): GapState {
  const gInf = maxAbs(g);
  const f = fit.value(z);
  if (mode.kind === 'penalty') {
    const scale = Math.max(mode.lambda, gInf);
    const primal = f + mode.lambda * l1Norm(w);
    const dual = fit.dual(z, scale > 0 ? mode.lambda / scale : 1);
    return { primal, dual, gap: Math.max(primal - dual, 0), scale };
  }
  let gw = 0;
  for (let j = 0; j < w.length; j++) gw += g[j] * w[j];
  // ⟨g, w⟩ + τ‖g‖∞ directly: P − D would cancel two numbers of the size of f.
  const gap = Math.max(gw + mode.radius * gInf, 0);
  return { primal: f, dual: f - gap, gap, scale: gInf };
}

/** Marks features that are zero at every solution; returns how many were newly screened. */
export function l1Screen(
  fit: Datafit,
  mode: L1Mode,
  state: GapState,
  g: Float64Array,
  colNorm2: Float64Array,
  screened: Uint8Array,
): number {
  const rho = Math.sqrt((2 * state.gap) / fit.alpha);
  let level: number;
  let c = 1;
  if (mode.kind === 'penalty') {
    level = mode.lambda;
    c = state.scale > 0 ? mode.lambda / state.scale : 1;
  } else {
    // ‖Xᵀu*‖∞ ≥ |x_kᵀu| − ρ‖x_k‖ for every k.
    level = 0;
    for (let j = 0; j < g.length; j++) level = Math.max(level, Math.abs(g[j]) - rho * Math.sqrt(colNorm2[j]));
    if (level <= 0) return 0;
  }
  let count = 0;
  for (let j = 0; j < g.length; j++) {
    if (screened[j]) continue;
    if (c * Math.abs(g[j]) + rho * Math.sqrt(colNorm2[j]) < level) {
      screened[j] = 1;
      count++;
    }
  }
  return count;
}
