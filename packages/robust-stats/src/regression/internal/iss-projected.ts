/**
 * Exact inverse scale space path of the projected outlier problem (the recursion of Libra's
 * `iss()` applied to the design I − H), with the Gram solves of {@link ActiveGram}. Each piece is
 * the least-squares γ on the active set with signs fixed by ρ (Lawson–Hanson on that sign pattern).
 */
import { ActiveGram } from '../../internal/active-gram.js';
import type { Projector } from '../../internal/projector.js';
import type { KnotStop, OutlierPath, SparseGamma } from '../outlier-path.js';

/** ISS on ½‖(I − H)(y − γ)‖²: ρ̇ = (I − H)(y − γ) on the inactive set. */
export function issProjected(proj: Projector, y: Float64Array, maxActive: number, stop?: KnotStop): OutlierPath {
  const n = proj.n;
  const py = proj.resid(y);
  const rho = new Float64Array(n);
  const gram = new ActiveGram(proj.q);
  let gamma = new Map<number, number>();
  const res = Float64Array.from(py);
  const delta = new Float64Array(n);
  let t = 0;
  const ts = [0];
  const knots: SparseGamma[] = [{ idx: [], val: new Float64Array(0) }];
  const entry = new Float64Array(n).fill(Infinity);
  const active = new Uint8Array(n);
  let dt = hitTimes(res, rho, active, delta);
  for (let step = 0; step < 4 * maxActive + 10 && gram.members.length < maxActive; step++) {
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
    // On the inactive set res = y' − (I − H)γ = y' + Q(Q_Sᵀγ): one fused pass gives it and the next hitting times.
    dt = inactiveResidual(proj, py, next.qtg ?? qtSparse(proj, idx, val), active, rho, res, delta);
    ts.push(t);
    knots.push({ idx, val });
    if (stop?.({ idx, val })) break;
  }
  return { kind: 'iss', t: ts, gamma: knots, entryTime: entry, interpolation: 'left' };
}

/** Time for each inactive ρ_j to reach ±1 at rate res_j (Infinity when res_j = 0); returns the smallest. */
function hitTimes(res: Float64Array, rho: Float64Array, active: Uint8Array, delta: Float64Array): number {
  let dt = Infinity;
  for (let j = 0; j < res.length; j++) {
    delta[j] = active[j] || res[j] === 0 ? Infinity : Math.max((1 - rho[j]) / res[j], (-1 - rho[j]) / res[j]);
    if (delta[j] < dt) dt = delta[j];
  }
  return dt;
}

/** Q_Sᵀu for u supported on idx. */
function qtSparse(proj: Projector, idx: readonly number[], val: Float64Array): Float64Array {
  const { cols: p, data } = proj.q;
  const out = new Float64Array(p);
  idx.forEach((i, k) => {
    for (let j = 0; j < p; j++) out[j] += data[i * p + j] * val[k];
  });
  return out;
}

/**
 * res_j = y'_j + Q_j·v on the inactive rows (0 on the active ones, where it is not used) and their
 * hitting times, four rows per pass over v: the O(np) pass of a knot, with no allocation.
 */
function inactiveResidual(
  proj: Projector,
  py: Float64Array,
  v: Float64Array,
  active: Uint8Array,
  rho: Float64Array,
  res: Float64Array,
  delta: Float64Array,
): number {
  const { rows: n, cols: p, data } = proj.q;
  let r = 0;
  for (; r + 3 < n; r += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const o0 = r * p;
    for (let j = 0; j < p; j++) {
      const vj = v[j];
      s0 += data[o0 + j] * vj;
      s1 += data[o0 + p + j] * vj;
      s2 += data[o0 + 2 * p + j] * vj;
      s3 += data[o0 + 3 * p + j] * vj;
    }
    res[r] = active[r] ? 0 : py[r] + s0;
    res[r + 1] = active[r + 1] ? 0 : py[r + 1] + s1;
    res[r + 2] = active[r + 2] ? 0 : py[r + 2] + s2;
    res[r + 3] = active[r + 3] ? 0 : py[r + 3] + s3;
  }
  for (; r < n; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += data[r * p + j] * v[j];
    res[r] = active[r] ? 0 : py[r] + s;
  }
  return hitTimes(res, rho, active, delta);
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
