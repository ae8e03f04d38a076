/**
 * Exact inverse scale space path of the projected outlier problem (the recursion of Libra's
 * `iss()` applied to the design I − H), with the Gram solves of {@link ActiveGram}. Each piece is
 * the least-squares γ on the active set with signs fixed by ρ (Lawson–Hanson on that sign pattern).
 */
import { ActiveGram, minusQTimes, projectSparse } from '../../internal/active-gram.js';
import type { Projector } from '../../internal/projector.js';
import type { KnotStop, OutlierPath, SparseGamma } from '../outlier-path.js';

/** ISS on ½‖(I − H)(y − γ)‖²: ρ̇ = (I − H)(y − γ) on the inactive set. */
export function issProjected(proj: Projector, y: Float64Array, maxActive: number, stop?: KnotStop): OutlierPath {
  const n = proj.n;
  const py = proj.resid(y);
  const rho = new Float64Array(n);
  const gram = new ActiveGram(proj.q);
  let gamma = new Map<number, number>();
  let res = py;
  let t = 0;
  const ts = [0];
  const knots: SparseGamma[] = [{ idx: [], val: new Float64Array(0) }];
  const entry = new Float64Array(n).fill(Infinity);
  const active = new Uint8Array(n);
  for (let step = 0; step < 4 * maxActive + 10 && gram.members.length < maxActive; step++) {
    let dt = Infinity;
    const delta = new Float64Array(n).fill(Infinity);
    for (let j = 0; j < n; j++) {
      if (active[j] || res[j] === 0) continue;
      delta[j] = Math.max((1 - rho[j]) / res[j], (-1 - rho[j]) / res[j]);
      if (delta[j] < dt) dt = delta[j];
    }
    if (!Number.isFinite(dt)) break;
    t += dt;
    const entering: number[] = [];
    for (let j = 0; j < n; j++) {
      if (active[j]) continue;
      rho[j] += dt * res[j];
      if (delta[j] <= dt) {
        rho[j] = Math.sign(rho[j]);
        entering.push(j);
      }
    }
    const next = signConstrainedLs(gram, py, rho, gamma, entering);
    if (next === null) break;
    gamma = next.gamma;
    active.fill(0);
    for (const j of gamma.keys()) active[j] = 1;
    for (const j of gamma.keys()) if (entry[j] === Infinity) entry[j] = t;
    const idx = [...gamma.keys()];
    const val = Float64Array.from(idx, (j) => gamma.get(j) ?? 0);
    // res = y' − (I − H)γ = y' − γ + Q(Q_Sᵀγ), with Q_Sᵀγ from the last solve when it produced γ.
    const pg = next.qtg === null ? projectSparse(proj.q, idx, val) : minusQTimes(proj.q, next.qtg);
    if (next.qtg !== null)
      idx.forEach((j, k) => {
        pg[j] += val[k];
      });
    res = new Float64Array(n);
    for (let i = 0; i < n; i++) res[i] = py[i] - pg[i];
    ts.push(t);
    knots.push({ idx, val });
    if (stop?.({ idx, val })) break;
  }
  return { kind: 'iss', t: ts, gamma: knots, entryTime: entry, interpolation: 'left' };
}

/**
 * min ½‖(I − H)(y − γ)‖² with sign(γ_j) ∈ {ρ_j, 0} on the support plus the entering samples,
 * from the feasible current γ (Lawson–Hanson). Null when the Gram is singular.
 */
function signConstrainedLs(
  gram: ActiveGram,
  py: Float64Array,
  rho: Float64Array,
  current: Map<number, number>,
  entering: number[],
): { gamma: Map<number, number>; qtg: Float64Array | null } | null {
  const x = new Map(current);
  for (const j of entering) {
    x.set(j, 0);
    gram.add(j);
  }
  for (let it = 0; it < 3 * gram.members.length + 3; it++) {
    const z = gram.solve(gram.members.map((i) => py[i]));
    if (z === null) return null;
    let alpha = Infinity;
    gram.members.forEach((i, k) => {
      if (rho[i] * z[k] <= 0) {
        const xi = x.get(i) ?? 0;
        const a = xi === z[k] ? 0 : xi / (xi - z[k]);
        if (a < alpha) alpha = a;
      }
    });
    if (alpha === Infinity) {
      const out = new Map<number, number>();
      gram.members.forEach((i, k) => out.set(i, z[k]));
      return { gamma: out, qtg: gram.lastQtX };
    }
    const members = [...gram.members];
    members.forEach((i, k) => {
      const xi = x.get(i) ?? 0;
      const v = xi + alpha * (z[k] - xi);
      if (rho[i] * v <= 1e-14 * Math.abs(z[k])) {
        x.delete(i);
        gram.remove(i);
      } else x.set(i, v);
    });
  }
  return { gamma: x, qtg: null };
}
