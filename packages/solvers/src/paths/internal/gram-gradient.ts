/**
 * Xᵀ(Xβ + a − y) without a pass over X while β is sparse: with b = Xᵀy and s = Xᵀ1 computed
 * once and the Gram column G_j = XᵀX_j computed when j first enters the support,
 * ∇ = Σ_{j∈S} G_j·β_j + a·s − b costs p·|S| instead of a residual (n·|S|) plus a pass over X
 * (n·p). The sum is recomputed from the cached columns every time (no running update, so no
 * drift). Above `maxSupport` nonzeros it declines and the caller takes the pass over X.
 */
import type { Dense64 } from './design.js';
import { jsPasses, type DesignPasses } from './design-passes.js';

/** Cached columns at most: |S| below n/2 (where the pass over X gets cheaper) and ≤ 2^25 floats. */
function supportLimit(n: number, p: number): number {
  return Math.max(0, Math.min(Math.floor(n / 2), Math.floor(2 ** 25 / p)));
}

export interface GramGradient {
  /**
   * Writes Xᵀ(Xβ + a·1 − y) into g and returns Σ_i (Xβ + a − y)_i, or undefined (g untouched)
   * when β has more nonzeros than the cache allows.
   */
  gradient(beta: Float64Array, a: number, g: Float64Array): number | undefined;
}

/** `passes` computes Xᵀy, Xᵀ1 and the Gram columns (the native passes when the caller has them). */
export function gramGradient(x: Dense64, y: Float64Array, passes: DesignPasses = jsPasses(x)): GramGradient {
  const { rows: n, cols: p, data } = x;
  const b = passes.transposeTimes(y);
  const s = passes.transposeTimes(new Float64Array(n).fill(1));
  let sumY = 0;
  for (let i = 0; i < n; i++) sumY += y[i];
  const limit = supportLimit(n, p);
  const columns = new Map<number, Float64Array>();
  const column = new Float64Array(n);
  const gramColumn = (j: number): Float64Array => {
    let c = columns.get(j);
    if (c === undefined) {
      for (let i = 0; i < n; i++) column[i] = data[i * p + j];
      c = passes.transposeTimes(column);
      columns.set(j, c);
    }
    return c;
  };
  const support: number[] = [];
  return {
    gradient(beta, a, g) {
      support.length = 0;
      for (let j = 0; j < p; j++) if (beta[j] !== 0) support.push(j);
      if (support.length > limit) return undefined;
      let sumR = n * a - sumY;
      if (a === 0) for (let j = 0; j < p; j++) g[j] = -b[j];
      else for (let j = 0; j < p; j++) g[j] = a * s[j] - b[j];
      // two columns per sweep: half the loads and stores of g
      let m = 0;
      for (; m + 1 < support.length; m += 2) {
        const [i, j] = [support[m], support[m + 1]];
        const [ci, cj] = [gramColumn(i), gramColumn(j)];
        const [bi, bj] = [beta[i], beta[j]];
        for (let k = 0; k < p; k++) g[k] += ci[k] * bi + cj[k] * bj;
        sumR += s[i] * bi + s[j] * bj;
      }
      if (m < support.length) {
        const j = support[m];
        const c = gramColumn(j);
        const bj = beta[j];
        for (let k = 0; k < p; k++) g[k] += c[k] * bj;
        sumR += s[j] * bj;
      }
      return sumR;
    },
  };
}
