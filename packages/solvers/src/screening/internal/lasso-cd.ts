/**
 * Cyclic coordinate descent for the Lasso restricted to a working set, in float64 plain JS.
 * Why plain JS: each coordinate update touches one column (n numbers) and the residual; as
 * tfjs ops that is several kernel dispatches per coordinate (~10 µs each), while V8 does the
 * 2n flops in about a microsecond for n = 1000. Large matmuls (the full Xᵀr) are what tfjs is
 * good at, and they happen only once per outer iteration.
 */
import { lassoGap } from '../lasso-dual.js';

export interface InnerProblem {
  /** Column-major float64 columns of the working set (n·k). */
  readonly cols: Float64Array;
  readonly colNorm2: Float64Array;
  readonly n: number;
  readonly lambda: number;
  readonly y: Float64Array;
}

/** Runs CD epochs on (w, r) in place until the working-set gap ≤ tolGap; returns epochs used. */
export function lassoCd(p: InnerProblem, w: Float64Array, r: Float64Array, tolGap: number, maxEpochs: number): number {
  const { cols, colNorm2, n, lambda, y } = p;
  const k = w.length;
  const thresh = n * lambda;
  const g = new Float64Array(k);
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    for (let j = 0; j < k; j++) {
      if (colNorm2[j] === 0) continue;
      const off = j * n;
      let rho = 0;
      for (let i = 0; i < n; i++) rho += cols[off + i] * r[i];
      const z = w[j] * colNorm2[j] + rho;
      const next = Math.sign(z) * Math.max(Math.abs(z) - thresh, 0) / colNorm2[j];
      const delta = next - w[j];
      if (delta !== 0) {
        for (let i = 0; i < n; i++) r[i] -= delta * cols[off + i];
        w[j] = next;
      }
    }
    if (epoch % 5 === 0 || epoch === maxEpochs) {
      for (let j = 0; j < k; j++) {
        const off = j * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += cols[off + i] * r[i];
        g[j] = s;
      }
      if (lassoGap(y, r, w, g, lambda).gap <= tolGap) return epoch;
    }
  }
  return maxEpochs;
}
