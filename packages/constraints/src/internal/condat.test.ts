// Condat's host threshold search against the float64 full-sort reference, on adversarial rows:
// ties, zeros, one dominant entry, huge and tiny magnitudes, rows inside the ball, non-finite.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { condatThreshold, projectL1RowsHost } from './condat.js';
import { projectL1F64 } from './reference-f64.js';

/** τ of the float64 sort rule (Duchi et al.), 0 inside the ball. */
function sortThreshold(row: number[], r: number): number {
  const a = row.map(Math.abs).sort((p, q) => q - p);
  if (a.reduce((s, v) => s + v, 0) <= r) return 0;
  let sum = 0;
  let tau = 0;
  for (let k = 0; k < a.length; k++) {
    sum += a[k];
    const t = (sum - r) / (k + 1);
    if (a[k] > t) tau = t;
  }
  return tau;
}

it('matches the sort rule on random rows of every support size (float64, 1e-12 relative)', () => {
  const rng = createRng(3);
  for (let t = 0; t < 300; t++) {
    const [u, s] = rng.uniformArray(2);
    const n = 1 + Math.floor(u * 400);
    const row = Array.from(rng.normalArray(n), (v, i) => (i % 7 === 0 ? 0 : v * (1 + 10 * s)));
    const norm = row.reduce((s, v) => s + Math.abs(v), 0);
    const r = norm * [0.001, 0.1, 0.5, 0.99, 1.5][t % 5] + 1e-9;
    const expected = sortThreshold(row, r);
    expect(condatThreshold(row, 0, n, r)).toBeCloseTo(expected, 12 - Math.max(0, Math.ceil(Math.log10(Math.abs(expected) + 1))));
  }
});

it('ties, a dominant entry, restarts and property-based rows agree with the reference projection', () => {
  const cases: [number[], number][] = [
    [[1, 1, 1, 1], 2],
    [[3, -3, 3, -3, 0], 1],
    [[0.1, 0.2, 100, 0.3, 0.1], 1],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5],
    [[0, 0, 0], 1],
    [[0.25, -0.25], 1],
  ];
  for (const [row, r] of cases) {
    const out = projectL1RowsHost(Float32Array.from(row), 1, row.length, [r]);
    projectL1F64(row, r).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  }
  fc.assert(
    fc.property(
      fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 60 }),
      fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      (row, r) => {
        const x = Float32Array.from(row);
        const out = projectL1RowsHost(x, 1, x.length, [r]);
        const ref = projectL1F64(Array.from(x), r);
        const scale = Math.max(1, ...ref.map(Math.abs));
        ref.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThanOrEqual(1e-5 * scale));
        expect(out.reduce((s, v) => s + Math.abs(v), 0)).toBeLessThanOrEqual(r * (1 + 1e-6));
      },
    ),
  );
});

it('rows with a non-finite entry come back NaN, other rows of the batch are untouched', () => {
  const x = Float32Array.from([1, Number.NaN, 2, 3, 4, 5, Number.POSITIVE_INFINITY, 0, 0]);
  const out = projectL1RowsHost(x, 3, 3, [1, 1, 1]);
  expect(Array.from(out.subarray(0, 3)).every(Number.isNaN)).toBe(true);
  expect(Array.from(out.subarray(6, 9)).every(Number.isNaN)).toBe(true);
  projectL1F64([3, 4, 5], 1).forEach((v, i) => expect(out[3 + i]).toBeCloseTo(v, 6));
});

it('one huge entry against a tiny radius stays inside the ball (float64 cancellation)', () => {
  const out = projectL1RowsHost(Float32Array.from([0, -1e18, 0]), 1, 3, [1]);
  expect(out.every(Number.isFinite)).toBe(true);
  expect(out.reduce((s, v) => s + Math.abs(v), 0)).toBeLessThanOrEqual(1);
});
