/**
 * Working-set choice shared by the L1 solvers (celer's priority): the current support plus the
 * unscreened features whose dual constraint is closest to active, (1 − |g_j|/scale)/‖x_j‖.
 */

/**
 * At least max(size, 2·|support|) features, sorted by index; among candidates the lowest
 * priority wins and the lowest index breaks ties. The cut-off priority comes from a native
 * numeric sort of a Float64Array (about 0.2 ms for 5,000 features, where sorting indices with a
 * comparator took 1.2 ms, as much as a CD epoch on a 64-feature working set).
 */
export function chooseWorkingSet(
  w: Float64Array,
  g: Float64Array,
  colNorm2: Float64Array,
  screened: Uint8Array,
  scale: number,
  size: number,
): Int32Array {
  const p = w.length;
  const s = scale > 0 ? scale : 1;
  const priority = new Float64Array(p).fill(Infinity);
  const isCandidate = new Uint8Array(p);
  let support = 0;
  let candidates = 0;
  for (let j = 0; j < p; j++) {
    if (w[j] !== 0) support++;
    else if (!screened[j] && colNorm2[j] > 0) {
      priority[j] = (1 - Math.abs(g[j]) / s) / Math.sqrt(colNorm2[j]);
      isCandidate[j] = 1;
      candidates++;
    }
  }
  const extra = Math.min(candidates, Math.max(0, Math.max(size, 2 * support) - support));
  const cut = extra > 0 ? priorityCut(priority, isCandidate, candidates, extra) : -Infinity;
  // Candidates strictly below the cut all fit; those at the cut fill what is left, lowest index first.
  let atCut = extra;
  for (let j = 0; j < p; j++) if (isCandidate[j] && priority[j] < cut) atCut--;
  const chosen = new Int32Array(support + extra);
  let k = 0;
  for (let j = 0; j < p; j++) {
    if (w[j] !== 0) chosen[k++] = j;
    else if (isCandidate[j] && (priority[j] < cut || (priority[j] === cut && atCut-- > 0))) chosen[k++] = j;
  }
  // NaN priorities (non-finite data) are never chosen, so the set may come out short.
  return k === chosen.length ? chosen : chosen.slice(0, k);
}

/** The `extra`-th smallest candidate priority. */
function priorityCut(priority: Float64Array, isCandidate: Uint8Array, candidates: number, extra: number): number {
  const values = new Float64Array(candidates);
  let k = 0;
  for (let j = 0; j < priority.length; j++) if (isCandidate[j]) values[k++] = priority[j];
  values.sort();
  return values[extra - 1];
}
