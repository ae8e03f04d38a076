/**
 * Cyclic coordinate descent for the Lasso restricted to a working set, in float64 plain JS: the
 * inner solver of {@link lasso} (on the squared loss it needs no Newton wrapper or line search).
 * Why plain JS: each coordinate update touches one column (n numbers) and the residual; as
 * tfjs ops that is several kernel dispatches per coordinate (~10 µs each), while V8 does the
 * 2n flops in about a microsecond for n = 1000. Large matmuls (the full Xᵀr) are what tfjs is
 * good at, and they happen only once per outer iteration.
 */
import type { Datafit } from './datafit.js';
import { l1Gap } from './l1-duality.js';
import type { InnerSolver } from './sparse-glm-kernel.js';

/**
 * CD epochs on F(z) + λ‖w‖₁ with F the squared data fit of targets y (its `fit`), until the
 * working-set duality gap ≤ tolGap (checked every 5 epochs) or `maxEpochs`.
 */
export function lassoCd(fit: Datafit, y: Float64Array, lambda: number, maxEpochs: number): InnerSolver {
  const n = y.length;
  const mode = { kind: 'penalty', lambda } as const;
  return ({ cols, colNorm2 }, w, z, tolGap) => {
    const k = w.length;
    const thresh = n * lambda;
    const r = Float64Array.from(y, (yi, i) => yi - z[i]);
    const g = new Float64Array(k);
    const gradF = new Float64Array(n);
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      for (let j = 0; j < k; j++) {
        if (colNorm2[j] === 0) continue;
        const off = j * n;
        let rho = 0;
        for (let i = 0; i < n; i++) rho += cols[off + i] * r[i];
        const u = w[j] * colNorm2[j] + rho;
        const next = (Math.sign(u) * Math.max(Math.abs(u) - thresh, 0)) / colNorm2[j];
        const delta = next - w[j];
        if (delta !== 0) {
          for (let i = 0; i < n; i++) r[i] -= delta * cols[off + i];
          w[j] = next;
        }
      }
      if (epoch % 5 !== 0 && epoch !== maxEpochs) continue;
      for (let i = 0; i < n; i++) z[i] = y[i] - r[i];
      fit.gradient(z, gradF);
      for (let j = 0; j < k; j++) {
        const off = j * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += cols[off + i] * gradF[i];
        g[j] = s;
      }
      if (l1Gap(fit, mode, z, w, g).gap <= tolGap) return;
    }
  };
}
