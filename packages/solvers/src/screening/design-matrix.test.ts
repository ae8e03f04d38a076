import { describe, expect, it, type TestContext } from 'vitest';
import { createRng, hostKernels, setHostKernels, useBackendOrThrow, type HostKernels } from '@sparsekit/tensor';
import { skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { columnSquaredNorms, regatherColumns, transposeTimes, type DenseMatrix } from './design-matrix.js';
import { firstPass } from './internal/gradient-engine.js';

/** Row counts around the 4- and 8-row blocks, so the remainder loops run too. */
const SHAPES = [
  [1, 3],
  [7, 5],
  [8, 4],
  [13, 6],
  [33, 9],
] as const;

function matrix(seed: number, rows: number, cols: number, f32: boolean): DenseMatrix {
  const values = createRng(seed).normalArray(rows * cols);
  return { rows, cols, data: f32 ? Float32Array.from(values) : Float64Array.from(values) };
}

/** Textbook float64 references, one entry at a time. */
const at = (X: DenseMatrix, i: number, j: number) => X.data[i * X.cols + j];
const naiveXtv = (X: DenseMatrix, v: Float64Array) =>
  Float64Array.from({ length: X.cols }, (_, j) => {
    let s = 0;
    for (let i = 0; i < X.rows; i++) s += at(X, i, j) * v[i];
    return s;
  });
// squares in float64 (X.data.map would round them back to float32)
const naiveNorms = (X: DenseMatrix) => naiveXtv({ ...X, data: Float64Array.from(X.data, (v) => v * v) }, new Float64Array(X.rows).fill(1));

function expectVectorClose(actual: Float64Array, expected: Float64Array, label: string): void {
  expect(actual.length).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  actual.forEach((v, j) => expect(Math.abs(v - expected[j]), `${label} [${j}]`).toBeLessThan(1e-12 * scale));
}

function passesMatch(): void {
  for (const [rows, cols] of SHAPES) {
    for (const f32 of [true, false]) {
      const X = matrix(rows * 31 + cols, rows, cols, f32);
      const v = Float64Array.from(createRng(rows).normalArray(rows));
      const label = `${rows}×${cols} ${f32 ? 'f32' : 'f64'}`;
      expectVectorClose(transposeTimes(X, v), naiveXtv(X, v), `Xᵀv ${label}`);
      // out is overwritten, not accumulated into
      expectVectorClose(transposeTimes(X, v, new Float64Array(cols).fill(7)), naiveXtv(X, v), `Xᵀv reused ${label}`);
      expectVectorClose(columnSquaredNorms(X), naiveNorms(X), `norms ${label}`);
      const { g, colNorm2 } = firstPass(X, v);
      expectVectorClose(g, naiveXtv(X, v), `first pass g ${label}`);
      expectVectorClose(colNorm2, naiveNorms(X), `first pass norms ${label}`);
    }
  }
}

function gathersMatch(): void {
  // 13 rows: below the native 16-row block; 40: two blocks and a remainder
  for (const rows of [13, 40]) {
    const X = matrix(3, rows, 10, true);
    const expected = (columns: number[]) => Float64Array.from(columns.flatMap((j) => Array.from({ length: rows }, (_, i) => at(X, i, j))));
    const first = Int32Array.from([1, 4, 5, 9]);
    const a = regatherColumns(X, first);
    expect(Array.from(a)).toEqual(Array.from(expected([1, 4, 5, 9])));
    for (const next of [[0, 4, 6, 9], [1, 4, 5, 9], [2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], []]) {
      const b = regatherColumns(X, Int32Array.from(next), { columns: first, data: a });
      expect(Array.from(b), `${rows} rows, next ${next}`).toEqual(Array.from(expected(next)));
    }
  }
}

/** Runs `check` with the native addon's host kernels (after useBackend('cpu')), then restores the plain JS state. */
async function withNative(ctx: Pick<TestContext, 'skip'>, check: () => void): Promise<void> {
  const before = hostKernels();
  await useBackendOrThrow('cpu');
  const native: HostKernels | undefined = hostKernels();
  try {
    skipUnlessInstalled(ctx, native ? undefined : 'the native addon is not built (no host kernels after useBackend)');
    check();
  } finally {
    setHostKernels(before);
  }
}

describe('blocked passes over a row-major design', () => {
  it('Xᵀv, column norms and the fused first pass match one-entry-at-a-time float64 sums (plain JS)', () => {
    setHostKernels(undefined);
    passesMatch();
  });

  it('the same through the native host kernels', async (ctx) => withNative(ctx, passesMatch));

  it('regatherColumns gives the exact column-major columns, with or without a previous gather to copy from (plain JS)', () => {
    setHostKernels(undefined);
    gathersMatch();
  });

  it('the same gathers through the native host kernels', async (ctx) => withNative(ctx, gathersMatch));
});
