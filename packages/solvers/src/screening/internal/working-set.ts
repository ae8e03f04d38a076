/**
 * Working-set choice shared by the L1 solvers (celer's priority): the current support plus the
 * unscreened features whose dual constraint is closest to active, (1 − |g_j|/scale)/‖x_j‖.
 */

/** At least max(size, 2·|support|) features, sorted by index. */
export function chooseWorkingSet(w: Float64Array, g: Float64Array, colNorm2: Float64Array, screened: Uint8Array, scale: number, size: number): Int32Array {
  const chosen: number[] = [];
  const candidates: number[] = [];
  const priority = new Float64Array(w.length);
  const s = scale > 0 ? scale : 1;
  for (let j = 0; j < w.length; j++) {
    if (w[j] !== 0) chosen.push(j);
    else if (!screened[j] && colNorm2[j] > 0) {
      priority[j] = (1 - Math.abs(g[j]) / s) / Math.sqrt(colNorm2[j]);
      candidates.push(j);
    }
  }
  candidates.sort((a, b) => priority[a] - priority[b] || a - b);
  const target = Math.max(size, 2 * chosen.length);
  for (const j of candidates) {
    if (chosen.length >= target) break;
    chosen.push(j);
  }
  return Int32Array.from(chosen.sort((a, b) => a - b));
}
