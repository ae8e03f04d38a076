/**
 * Row-group LBI on the projected multi-output problem (I − H)Y = (I − H)Γ + E: Z ← Z + (1/κ)(I − H)(Y − Γ),
 * Γ_i = κ·max(0, 1 − 1/‖Z_i‖)·Z_i. Rows (samples) enter when ‖Z_i‖ reaches 1; the entry time ranks
 * how badly a sample's label disagrees with the linear fit of the others.
 */
import type { Projector } from '../../internal/projector.js';

/** Entry time of every row (Infinity if it never enters before tMax or the cap). */
export function groupLbiEntry(proj: Projector, Y: Float64Array[], kappa: number, trate: number, maxActive: number): Float64Array {
  const n = proj.n;
  const cols = Y.map((y) => proj.resid(y));
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.hypot(...cols.map((c) => c[i])));
  const entry = new Float64Array(n).fill(Infinity);
  // A piece the features fit exactly (too few samples for its PCA dimension) carries no evidence.
  if (!(top > 1e-9)) return entry;
  const t0 = 1 / top;
  const step = 1 / kappa;
  const Z = cols.map((c) => c.map((v) => t0 * v));
  const G = cols.map(() => new Float64Array(n));
  const iterations = Math.min(Math.ceil((t0 * trate - t0) / step), 100_000);
  for (let k = 0, active = 0; k <= iterations && active < maxActive; k++) {
    active = 0;
    for (let i = 0; i < n; i++) {
      const norm = Math.hypot(...Z.map((z) => z[i]));
      const scale = norm > 1 ? kappa * (1 - 1 / norm) : 0;
      Z.forEach((z, c) => {
        G[c][i] = scale * z[i];
      });
      if (scale > 0) {
        active++;
        if (entry[i] === Infinity) entry[i] = t0 + k * step;
      }
    }
    cols.forEach((py, c) => {
      const r = proj.resid(py.map((v, i) => v - G[c][i]));
      for (let i = 0; i < n; i++) Z[c][i] += step * r[i];
    });
  }
  return entry;
}
