/**
 * Linearized Bregman iteration on the projected outlier problem with Libra's `lb()` update
 * (z ← z + (α/n)(I − H)(y − γ), γ = κ·shrink(z, 1), α = n/κ since ‖I − H‖₂ = 1, jump start at
 * t0 = 1/‖(I − H)y‖∞). y is divided by a robust scale first so the number of iterations does not
 * depend on the units of y; times are reported back in the units of {@link issProjected}.
 */
import { madScale } from '../../internal/dense.js';
import type { Projector } from '../../internal/projector.js';
import type { OutlierPath, SparseGamma } from '../outlier-path.js';

/** LBI knots at every iteration until tMax = t0·trate or maxActive samples are nonzero. */
export function lbiProjected(
  proj: Projector,
  y: Float64Array,
  maxActive: number,
  kappa: number,
  trate: number,
  groups?: Int32Array,
): OutlierPath {
  const n = proj.n;
  const py0 = proj.resid(y);
  const s = madScale(py0) || Math.max(...py0.map(Math.abs)) || 1;
  const py = py0.map((v) => v / s);
  const t0 = 1 / py.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const step = 1 / kappa;
  const z = py.map((v) => t0 * v);
  let gamma: Float64Array = new Float64Array(n);
  const entry = new Float64Array(n).fill(Infinity);
  const ts: number[] = [];
  const knots: SparseGamma[] = [];
  const iterations = Math.ceil((t0 * trate - t0) / step);
  for (let k = 0; k <= iterations; k++) {
    const t = t0 + k * step;
    const idx: number[] = [];
    shrink(z, kappa, gamma, groups);
    for (let i = 0; i < n; i++)
      if (gamma[i] !== 0) {
        idx.push(i);
        if (entry[i] === Infinity) entry[i] = t / s;
      }
    ts.push(t / s);
    knots.push({ idx, val: Float64Array.from(idx, (i) => gamma[i] * s) });
    if (idx.length >= maxActive) break;
    const r = proj.resid(py.map((v, i) => v - gamma[i]));
    for (let i = 0; i < n; i++) z[i] += step * r[i];
    gamma = new Float64Array(n);
  }
  return { kind: 'lbi', t: ts, gamma: knots, entryTime: entry, interpolation: 'left' };
}

/** γ = κ·shrink(z, 1), entrywise or by groups (κ·max(0, 1 − 1/‖z_g‖)·z_g; label −1 = its own group). */
function shrink(z: Float64Array, kappa: number, out: Float64Array, groups?: Int32Array): void {
  if (!groups) {
    for (let i = 0; i < z.length; i++) {
      const a = Math.abs(z[i]);
      out[i] = a > 1 ? kappa * Math.sign(z[i]) * (a - 1) : 0;
    }
    return;
  }
  const norm = new Map<number, number>();
  for (let i = 0; i < z.length; i++) if (groups[i] >= 0) norm.set(groups[i], (norm.get(groups[i]) ?? 0) + z[i] * z[i]);
  for (let i = 0; i < z.length; i++) {
    const g = groups[i] >= 0 ? Math.sqrt(norm.get(groups[i]) ?? 0) : Math.abs(z[i]);
    out[i] = g > 1 ? kappa * (1 - 1 / g) * z[i] : 0;
  }
}
