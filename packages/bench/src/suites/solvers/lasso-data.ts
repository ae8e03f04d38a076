/**
 * The Lasso benchmark data (`leastSquaresData` of @sparsekit/solvers):
 * Gaussian design n×p (or its Toeplitz-correlated version), k-sparse truth with alternating signs, noise 0.1, λ = ratio·λmax (λmax = ‖Xᵀy‖∞/n), objective
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

/**
 * Rows of a Gaussian design turned into a Toeplitz-correlated one, corr(x_j, x_k) = ρ^|j−k|
 * (the AR(1) recursion x_j = ρ·x_{j−1} + √(1 − ρ²)·z_j along each row), in place.
 */
function correlate(X: Float32Array, n: number, p: number, rho: number): void {
  const c = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    let prev = X[i * p];
    for (let j = 1; j < p; j++) {
      prev = rho * prev + c * X[i * p + j];
      X[i * p + j] = prev;
    }
  }
}

/**
 * Generates the data and writes the binary copies; `disposeLassoData` removes them. `rho` > 0
 * gives a Toeplitz-correlated design (the same truth and noise on the correlated columns).
 */
export function lassoData(seed: number, n: number, p: number, k: number, rho = 0): LassoData {
  // The solver package's seeded sparse regression problem; its X is already float32-rounded.
  const problem = leastSquaresData(seed, n, p, k);
  const X = Float32Array.from(problem.X.data);
  const y = Float64Array.from(problem.y);
  if (rho > 0) {
    correlate(X, n, p, rho);
    for (let i = 0; i < n; i++) {
      let before = 0;
      let after = 0;
      for (let j = 0; j < p; j++) {
        const wj = problem.wTrue[j];
        if (wj === 0) continue;
        before += problem.X.data[i * p + j] * wj;
        after += X[i * p + j] * wj;
      }
      y[i] = Math.fround(y[i] - before + after);
    }
  }
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
export function lassoObjective64(
  d: { readonly n: number; readonly p: number; readonly X: ArrayLike<number>; readonly y: ArrayLike<number> },
  w: ArrayLike<number>,
  lambda: number,
): number {
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
