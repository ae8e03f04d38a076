/** Euclidean projection onto {‖v‖₁ ≤ τ} in float64 (sort-based threshold, O(k log k)). */

/** Projects `v` onto the L1 ball of radius τ into `out` (may alias v). */
export function projectL1Ball64(v: Float64Array, radius: number, out: Float64Array = new Float64Array(v.length)): Float64Array {
  let l1 = 0;
  for (let j = 0; j < v.length; j++) l1 += Math.abs(v[j]);
  if (l1 <= radius) {
    out.set(v);
    return out;
  }
  const u = Float64Array.from(v, Math.abs).sort().reverse();
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < u.length; j++) {
    cum += u[j];
    const t = (cum - radius) / (j + 1);
    // the threshold is the last t with u_j > t (Duchi et al. 2008)
    if (u[j] > t) theta = t;
  }
  for (let j = 0; j < v.length; j++) out[j] = Math.sign(v[j]) * Math.max(Math.abs(v[j]) - theta, 0);
  return out;
}
