import { describe, expect, it, type TestContext } from 'vitest';
import { createRng, hostKernels, setHostKernels, useBackendOrThrow } from '@sparsekit/tensor';
import { skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { spectralNorm64, standardize, type Dense64 } from './design.js';
import { designPasses, jsPasses } from './design-passes.js';

/** A float32-exact design with column offsets and scales, like user data before standardisation. */
function rawDesign(seed: number, rows: number, cols: number, offset: number): Float32Array {
  const values = createRng(seed).normalArray(rows * cols);
  return Float32Array.from(values, (v, k) => (1 + (k % cols)) * v + offset * ((k % cols) - cols / 2));
}

/** X_sᵀu and X_s·v one entry at a time from the float64 standardised copy. */
function naive(x: Dense64, u: Float64Array, v: Float64Array): { xtu: Float64Array; xv: Float64Array } {
  const { rows, cols, data } = x;
  const xtu = new Float64Array(cols);
  const xv = new Float64Array(rows);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      xtu[j] += data[i * cols + j] * u[i];
      xv[i] += data[i * cols + j] * v[j];
    }
  return { xtu, xv };
}

function expectClose(actual: Float64Array, expected: Float64Array, rtol: number, label: string): void {
  const scale = expected.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
  actual.forEach((a, k) => expect(Math.abs(a - expected[k]), `${label}[${k}]`).toBeLessThanOrEqual(rtol * scale));
}

/** Every shape, offset and preprocessing: the passes equal the float64 sums to rounding, σ_max too. */
function passesMatch(): void {
  for (const [rows, cols] of [
    [7, 5],
    [13, 40],
    [40, 13],
  ]) {
    for (const offset of [0, 3]) {
      for (const [intercept, normalize] of [
        [true, true],
        [false, true],
        [true, false],
        [false, false],
      ]) {
        const raw = rawDesign(rows + cols, rows, cols, offset);
        const std = standardize({ data: Float64Array.from(raw), rows, cols }, intercept, normalize);
        const rng = createRng(rows);
        const u = Float64Array.from(rng.normalArray(rows));
        const v = Float64Array.from(rng.normalArray(cols));
        const passes = designPasses(std, raw);
        const want = naive(std.x, u, v);
        const label = `${rows}×${cols} offset ${offset} intercept ${intercept} normalize ${normalize}`;
        expectClose(passes.transposeTimes(u), want.xtu, 1e-12, `Xᵀu ${label}`);
        // out is overwritten, not accumulated into
        expectClose(passes.transposeTimes(u, new Float64Array(cols).fill(7)), want.xtu, 1e-12, `Xᵀu reused ${label}`);
        expectClose(passes.times(v), want.xv, 1e-12, `Xv ${label}`);
        expectClose(passes.times(v, new Float64Array(rows).fill(7)), want.xv, 1e-12, `Xv reused ${label}`);
        const sigma = spectralNorm64(std.x, passes);
        expect(Math.abs(sigma / spectralNorm64(std.x, jsPasses(std.x)) - 1), `σ ${label}`).toBeLessThan(1e-12);
      }
    }
  }
}

describe('designPasses', () => {
  it('without host kernels: the V8 loops over the float64 copy', () => {
    const before = hostKernels();
    setHostKernels(undefined);
    try {
      passesMatch();
    } finally {
      setHostKernels(before);
    }
  });

  it('through the native host kernels on the raw float32 X (centring and scaling applied around the pass)', async (ctx: Pick<
    TestContext,
    'skip'
  >) => {
    const before = hostKernels();
    await useBackendOrThrow('cpu');
    try {
      skipUnlessInstalled(ctx, hostKernels() ? undefined : 'the native addon is not built (no host kernels after useBackend)');
      passesMatch();
      // a column far from the origin relative to its spread falls back to the float64 copy
      const rng = createRng(5);
      const noise = rng.normalArray(100);
      const raw = Float32Array.from(noise, (e, k) => (k % 2 === 0 ? 1e7 : 0) + Math.round(100 * e));
      const std = standardize({ data: Float64Array.from(raw), rows: 50, cols: 2 }, true, true);
      const u = Float64Array.from(rng.normalArray(50));
      expectClose(designPasses(std, raw).transposeTimes(u), naive(std.x, u, new Float64Array(2)).xtu, 1e-12, 'offset 1e7');
    } finally {
      setHostKernels(before);
    }
  });
});
