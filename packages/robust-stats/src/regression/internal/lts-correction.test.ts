import { describe, expect, it } from 'vitest';
import { rawCorrection, reweightedCorrection } from './lts-correction.js';

// robustbase 0.95 (R 4.2), options(digits = 15): LTScnp2(p, intercept, n, alpha) and LTScnp2.rew(...),
// and the factors ltsReg reports in raw.cnp2[2] and cnp2[2] for stackloss (p = 4 with intercept, n = 21)
// and starsCYG (p = 2 with intercept, n = 47).
describe('LTS small-sample corrections', () => {
  it('equal robustbase for the location case, one slope and several slopes, with and without intercept', () => {
    const cases: [number, number, number][] = [
      [rawCorrection(4, true, 21, 0.5), 1.88416644863161, 0],
      [reweightedCorrection(4, true, 21, 0.5), 1.14467423939013, 0],
      [rawCorrection(2, true, 47, 0.5), 1.18118272895084, 0],
      [reweightedCorrection(2, true, 47, 0.5), 1.01776352433032, 0],
      [rawCorrection(3, true, 50, 0.7), 1.13960816274678, 0],
      [reweightedCorrection(3, false, 50, 0.9), 1.03117654689938, 0],
      [rawCorrection(1, true, 30, 0.5), 1.09510477464744, 0],
      [reweightedCorrection(2, false, 40, 0.6), 1.02064526887866, 0],
    ];
    for (const [ours, theirs] of cases) expect(Math.abs(ours / theirs - 1)).toBeLessThan(1e-12);
  });

  it('decrease to 1 as n grows', () => {
    const raw = [1e2, 1e4, 1e7].map((n) => rawCorrection(11, true, n, 0.5));
    expect(raw[0]).toBeGreaterThan(raw[1]);
    expect(raw[1]).toBeGreaterThan(raw[2]);
    expect(raw[2]).toBeGreaterThan(1);
    expect(raw[2]).toBeLessThan(1.001);
    expect(reweightedCorrection(11, true, 1e7, 0.5)).toBeCloseTo(1, 6);
  });
});
