/**
 * Θ-IPOD (She & Owen): γ ← Θ(y − Xβ; λ) with β = LS(y − γ), i.e. γ ← Θ(Hγ + (I − H)y; λ). Soft Θ
 * is block coordinate descent on ½‖y − Xβ − γ‖² + λ‖γ‖₁ (the Huber M-estimator with cutoff λ);
 * hard Θ gives a redescending (skipped-mean) estimator and needs a robust start. O(np) per sweep.
 */
import { gemv } from '../../internal/kernels.js';
import type { Projector } from '../../internal/projector.js';

/** Outcome of one IPOD run at a fixed λ. */
export interface IpodFit {
  readonly gamma: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Thresholding rule Θ. */
export type Threshold = 'soft' | 'hard';

/** Runs IPOD from γ0 until max|Δγ| ≤ tol·(1 + max|γ|). */
export function ipod(
  proj: Projector,
  y: Float64Array,
  lambda: number,
  rule: Threshold,
  gamma0: Float64Array,
  tol = 1e-10,
  maxIter = 5000,
): IpodFit {
  const n = proj.n;
  const py = proj.resid(y);
  let gamma = Float64Array.from(gamma0);
  const q = proj.q.data;
  const p = proj.p;
  const qtg = new Float64Array(p);
  for (let it = 1; it <= maxIter; it++) {
    // Hγ = Q(Qᵀγ) with Qᵀγ summed over the nonzero γ only: γ is sparse, so this half costs O(|S|p).
    qtg.fill(0);
    for (let i = 0; i < n; i++) {
      const g = gamma[i];
      if (g === 0) continue;
      const o = i * p;
      for (let j = 0; j < p; j++) qtg[j] += q[o + j] * g;
    }
    const hg = gemv(q, n, p, qtg, 1, new Float64Array(n));
    let change = 0,
      size = 0;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = hg[i] + py[i];
      const a = Math.abs(v);
      next[i] = a > lambda ? (rule === 'soft' ? Math.sign(v) * (a - lambda) : v) : 0;
      change = Math.max(change, Math.abs(next[i] - gamma[i]));
      size = Math.max(size, Math.abs(next[i]));
    }
    gamma = next;
    if (change <= tol * (1 + size)) return { gamma, iterations: it, converged: true };
  }
  return { gamma, iterations: maxIter, converged: false };
}
