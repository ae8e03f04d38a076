// Anderson-accelerated CD against plain CD on the same working-set problems: same solution,
// and every accepted extrapolation lowers the objective.
import { expect, it } from 'vitest';
import { coordinateDescent64, lassoObjective, leastSquaresData } from '../../testing.js';
import { transposeTimes } from '../design-matrix.js';
import { squaredDatafit } from './datafit.js';
import { lassoCd, type ExtrapolationEvent } from './lasso-cd.js';

/** Column-major copy of X's columns and their squared norms (the whole design as one working set). */
function asWorkingSet(X: { rows: number; cols: number; data: Float64Array }) {
  const { rows: n, cols: p, data } = X;
  const cols = new Float64Array(n * p);
  const colNorm2 = new Float64Array(p);
  for (let j = 0; j < p; j++)
    for (let i = 0; i < n; i++) {
      cols[j * n + i] = data[i * p + j];
      colNorm2[j] += data[i * p + j] ** 2;
    }
  return { cols, colNorm2 };
}

/** Toeplitz-correlated columns (ρ = 0.9): the case where plain CD needs many epochs. */
function correlated(seed: number, n: number, p: number) {
  const d = leastSquaresData(seed, n, p, 4, 0.1);
  for (let i = 0; i < n; i++)
    for (let j = 1; j < p; j++) d.X.data[i * p + j] = 0.9 * d.X.data[i * p + j - 1] + Math.sqrt(0.19) * d.X.data[i * p + j];
  return d;
}

it('accelerated and plain CD reach the same solution; accepted extrapolations never raise the objective', () => {
  for (const [seed, n, p] of [
    [1, 50, 40],
    [2, 30, 80],
    [3, 80, 30],
  ]) {
    const d = correlated(seed, n, p);
    const lambdaMax = transposeTimes(d.X, d.y).reduce((m, v) => Math.max(m, Math.abs(v)), 0) / n;
    const lambda = 0.05 * lambdaMax;
    const fit = squaredDatafit(d.y);
    const ws = asWorkingSet(d.X);
    const events: ExtrapolationEvent[] = [];
    const solve = (accelerate: boolean) => {
      const w = new Float64Array(p);
      const z = new Float64Array(n);
      lassoCd(fit, d.y, lambda, { maxEpochs: 100_000, accelerate, observe: (e) => events.push(e) })(ws, w, z, 1e-13);
      return w;
    };
    const plain = solve(false);
    expect(events).toHaveLength(0);
    const fast = solve(true);
    const fStar = lassoObjective(d.X, d.y, coordinateDescent64(d.X, d.y, lambda), lambda);
    for (const w of [plain, fast]) expect((lassoObjective(d.X, d.y, w, lambda) - fStar) / fStar).toBeLessThan(1e-10);
    const scale = Math.max(...plain.map(Math.abs));
    fast.forEach((v, j) => expect(Math.abs(v - plain[j])).toBeLessThan(1e-5 * scale));
    expect(events.filter((e) => e.accepted).length, `seed ${seed}: some extrapolation accepted`).toBeGreaterThan(0);
    for (const e of events) expect(e.accepted).toBe(e.extrapolated < e.current);
    events.length = 0;
  }
});

it('acceleration takes fewer epochs than plain CD on a correlated design', () => {
  const d = correlated(7, 60, 120);
  const lambda = (0.02 * transposeTimes(d.X, d.y).reduce((m, v) => Math.max(m, Math.abs(v)), 0)) / 60;
  const fit = squaredDatafit(d.y);
  const ws = asWorkingSet(d.X);
  const epochsTo = (accelerate: boolean) => {
    // the smallest epoch budget (multiples of 5) reaching the gap: counts epochs without a hook
    for (let budget = 5; budget <= 20_000; budget += 5) {
      const w = new Float64Array(120);
      const z = new Float64Array(60);
      lassoCd(fit, d.y, lambda, { maxEpochs: budget, accelerate })(ws, w, z, 1e-10);
      const r = d.y.map((yi, i) => yi - z[i]);
      const g = transposeTimes(d.X, r);
      const gInf = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0) / 60;
      if (gInf <= lambda * (1 + 1e-6)) return budget;
    }
    return Infinity;
  };
  expect(epochsTo(true)).toBeLessThan(epochsTo(false));
});
