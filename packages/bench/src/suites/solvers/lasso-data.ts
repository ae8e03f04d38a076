/**
 * The Lasso benchmark data (`leastSquaresData` of @sparsekit/solvers):
 * Gaussian design n×p, k-sparse truth with alternating signs, noise 0.1, λ = ratio·λmax (λmax = ‖Xᵀy‖∞/n), objective
 * ‖y − Xw‖²/(2n) + λ‖w‖₁ evaluated in float64 on the float32 data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Deep subpath: the testing entry point also loads vitest, which the CLI must not need.
import { leastSquaresData } from '@sparsekit/solvers/testing';

export interface LassoData {
  readonly n: number;
  readonly p: number;
  /** Row-major float32 design (what every solver receives). */
  readonly X: Float32Array;
  readonly y: Float64Array;
  readonly lambdaMax: number;
  /** Binary copies for the Python baselines: X float32, y float64, row-major. */
  readonly files: { readonly dir: string; readonly X: string; readonly y: string };
}

/** Generates the data and writes the binary copies; `disposeLassoData` removes them. */
export function lassoData(seed: number, n: number, p: number, k: number): LassoData {
  // The solver package's seeded sparse regression problem; its X is already float32-rounded.
  const problem = leastSquaresData(seed, n, p, k);
  const X = Float32Array.from(problem.X.data);
  const y = Float64Array.from(problem.y);
  const g = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) g[j] += X[i * p + j] * y[i];
  const lambdaMax = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0) / n;
  const dir = mkdtempSync(join(tmpdir(), 'sparsekit-bench-lasso-'));
  const files = { dir, X: join(dir, 'X.f32'), y: join(dir, 'y.f64') };
  writeFileSync(files.X, new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
  writeFileSync(files.y, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return { n, p, X, y, lambdaMax, files };
}

export function disposeLassoData(d: LassoData): void {
  rmSync(d.files.dir, { recursive: true, force: true });
}

/** ‖y − Xw‖²/(2n) + λ‖w‖₁ in float64, touching only the nonzero coefficients. */
export function lassoObjective64(d: LassoData, w: ArrayLike<number>, lambda: number): number {
  const { n, p, X, y } = d;
  const r = Float64Array.from(y);
  let l1 = 0;
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    l1 += Math.abs(wj);
    for (let i = 0; i < n; i++) r[i] -= X[i * p + j] * wj;
  }
  let rss = 0;
  for (let i = 0; i < n; i++) rss += r[i] * r[i];
  return rss / (2 * n) + lambda * l1;
}
