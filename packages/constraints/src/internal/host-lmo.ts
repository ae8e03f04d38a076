/**
 * LMOs of the whole-tensor norm balls on host arrays (float64), with the conventions of the
 * tensor LMOs in rows.ts: the first largest |g_i| (lowest index on ties), sign(0) = +1, and a
 * zero gradient gives −r·e_0 for the L1 and L2 balls.
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { HostMatrix } from '../types.js';

/** An LMO of a whole vector with radius r; g is finite (non-finite inputs never reach it). */
export type VectorLmo = (g: Float64Array, r: number) => Float64Array;

/** −r·sign(g_i*)·e_i* at the first largest |g_i|. */
export const lmoL1Host: VectorLmo = (g, r) => {
  let at = 0;
  let best = -1;
  for (let i = 0; i < g.length; i++) {
    const a = Math.abs(g[i]);
    if (a > best) [best, at] = [a, i];
  }
  const s = new Float64Array(g.length);
  s[at] = g[at] < 0 ? r : -r;
  return s;
};

/** −r·sign(g) entrywise, sign(0) = +1. */
export const lmoLinfHost: VectorLmo = (g, r) => g.map((v) => (v < 0 ? r : -r));

/** −r·g/‖g‖, normalised by max|g| first (no overflow or underflow); a zero g gives −r·e_0. */
export const lmoL2Host: VectorLmo = (g, r) => {
  let m = 0;
  for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]));
  const s = new Float64Array(g.length);
  if (m === 0) {
    s[0] = -r;
    return s;
  }
  let sq = 0;
  for (let i = 0; i < g.length; i++) sq += (g[i] / m) ** 2;
  const factor = -r / (m * Math.sqrt(sq));
  for (let i = 0; i < g.length; i++) s[i] = g[i] * factor;
  return s;
};

/** `lmoHost` of a whole-tensor set: checks the matrix, NaN in gives all NaN out. */
export function hostLmoMethod(name: string, lmo: VectorLmo, radius: number): (grad: HostMatrix) => HostMatrix {
  return (grad) => {
    const size = grad?.rows * grad?.cols;
    if (!grad || !(grad.re instanceof Float64Array) || grad.re.length !== size || size === 0 || grad.im !== null) {
      throw new SparsekitError({
        argument: 'grad',
        value: grad,
        code: 'shape_mismatch',
        expected: `a non-empty real host matrix (re: Float64Array of rows·cols entries, im: null) for ${name}`,
      });
    }
    let finite = true;
    for (let i = 0; i < size && finite; i++) finite = Number.isFinite(grad.re[i]);
    const re = finite ? lmo(grad.re, radius) : new Float64Array(size).fill(NaN);
    return { rows: grad.rows, cols: grad.cols, re, im: null };
  };
}
