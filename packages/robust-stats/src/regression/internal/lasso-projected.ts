/**
 * Exact Lasso (homotopy / LARS-lasso) path of ½‖(I − H)(y − γ)‖² + λ‖γ‖₁ in λ, with the active
 * Gram solved through {@link ActiveGram}. Knots are the λ where a sample joins or leaves; γ is
 * linear in λ between them. Profiling β out makes this the γ path of the joint problem
 * ½‖y − Xβ − γ‖² + λ‖γ‖₁, i.e. the soft-threshold IPOD / Huber family indexed by its cutoff λ.
 */
import { ActiveGram, minusQTimes, projectSparse } from '../../internal/active-gram.js';
import type { Projector } from '../../internal/projector.js';
import type { KnotStop, OutlierPath, SparseGamma } from '../outlier-path.js';

/** Path from λ_max = ‖(I − H)y‖∞ down to λ_max·lambdaRatio or until maxActive samples are active. */
export function lassoProjected(proj: Projector, y: Float64Array, maxActive: number, stop?: KnotStop, lambdaRatio = 1e-4): OutlierPath {
  const n = proj.n;
  const py = proj.resid(y);
  const gram = new ActiveGram(proj.q);
  const sign = new Map<number, number>();
  const gamma = new Map<number, number>();
  const entry = new Float64Array(n).fill(Infinity);
  let c = py;
  const direction = new Float64Array(n);
  let lambda = c.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const lambdaMin = lambda * lambdaRatio;
  const ts = [1 / lambda];
  const knots: SparseGamma[] = [{ idx: [], val: new Float64Array(0) }];
  if (!(lambda > 0)) return { kind: 'lasso', t: [Infinity], gamma: knots, entryTime: entry, interpolation: 'lambda' };
  join(c.findIndex((v) => Math.abs(v) === lambda));
  for (let step = 0; step < 4 * maxActive + 10 && lambda > lambdaMin; step++) {
    const d = gram.solve(gram.members.map((i) => sign.get(i) ?? 0));
    if (d === null) break;
    // a = (I − H)_{:,S} d = d on S − Q(Q_Sᵀd), with Q_Sᵀd left by the solve.
    // One n-vector reused at every knot: a path makes thousands of knots.
    const a = minusQTimes(proj.q, gram.lastQtX, direction);
    gram.members.forEach((i, k) => {
      a[i] += d[k];
    });
    const { delta, join: joiner, drop } = nextEvent(c, a, d, gram.members, gamma, lambda, lambda - lambdaMin);
    gram.members.forEach((i, k) => gamma.set(i, (gamma.get(i) ?? 0) + delta * d[k]));
    lambda -= delta;
    if (drop >= 0) {
      gram.remove(drop);
      gamma.delete(drop);
      sign.delete(drop);
    }
    const idx = [...gram.members];
    const val = Float64Array.from(idx, (i) => gamma.get(i) ?? 0);
    // c = (I − H)(y − γ) moves by −δ·a along the piece; recomputed exactly every 64 knots against drift.
    if (step % 64 === 63) {
      c = py.slice();
      const pg = projectSparse(proj.q, idx, val);
      for (let i = 0; i < n; i++) c[i] -= pg[i];
    } else for (let i = 0; i < n; i++) c[i] -= delta * a[i];
    if (joiner >= 0 && drop < 0) join(joiner);
    ts.push(1 / lambda);
    knots.push({ idx, val });
    if (gram.members.length > maxActive || stop?.({ idx, val })) break;
  }
  return { kind: 'lasso', t: ts, gamma: knots, entryTime: entry, interpolation: 'lambda' };

  function join(j: number): void {
    gram.add(j);
    sign.set(j, Math.sign(c[j]));
    gamma.set(j, 0);
    if (entry[j] === Infinity) entry[j] = 1 / lambda;
  }
}

/** Smallest step δ in λ at which an inactive correlation reaches λ − δ or an active γ_j hits 0. */
function nextEvent(
  c: Float64Array,
  a: Float64Array,
  d: Float64Array,
  members: readonly number[],
  gamma: Map<number, number>,
  lambda: number,
  cap: number,
): { delta: number; join: number; drop: number } {
  let delta = cap,
    join = -1,
    drop = -1;
  for (let j = 0; j < c.length; j++) {
    if (gamma.has(j)) continue;
    for (let s = 1; s >= -1; s -= 2) {
      const den = 1 - s * a[j];
      if (den <= 1e-12) continue;
      const dj = (lambda - s * c[j]) / den;
      if (dj > 1e-14 * lambda && dj < delta) {
        delta = dj;
        join = j;
        drop = -1;
      }
    }
  }
  members.forEach((i, k) => {
    const g = gamma.get(i) ?? 0;
    if (d[k] === 0 || g === 0) return;
    const di = -g / d[k];
    if (di > 0 && di < delta) {
      delta = di;
      drop = i;
      join = -1;
    }
  });
  return { delta, join, drop };
}
