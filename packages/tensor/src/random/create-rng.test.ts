import { describe, expect, it } from 'vitest';
import { createRng, isSparsekitError, useBackendOrThrow } from '../index.js';
import { describeBackends, expectNoLeaks } from '../testing.js';

/** Pearson chi-square statistic of observed counts against expected counts. */
function chiSquare(counts: number[], expected: number[]): number {
  return counts.reduce((s, c, i) => s + (c - expected[i]) ** 2 / expected[i], 0);
}
// Upper 1e-6 quantiles of chi-square: fixed seeds make these deterministic, the bounds keep them honest.
const CHI2_1E6 = { 5: 35.9, 9: 42.6 } as const;

describe('createRng reproducibility', () => {
  it('gives bit-identical tensors on cpu and wasm for the same seed', async () => {
    const draw = () => {
      const rng = createRng(7);
      return [rng.normal([4, 5]), rng.uniform([9], { low: -2, high: 3 }), rng.permutation(11), rng.choice(6, 8)].map((t) => {
        const values = Array.from(t.dataSync());
        t.dispose();
        return values;
      });
    };
    await useBackendOrThrow('cpu');
    const onCpu = draw();
    await useBackendOrThrow('wasm');
    const onWasm = draw();
    expect(onWasm).toEqual(onCpu);
    expect(new Set(onCpu[0]).size).toBe(20);
  });

  it('same seed, same stream; different seeds and forks differ', () => {
    expect(createRng(3).normalArray(5)).toEqual(createRng(3).normalArray(5));
    expect(createRng(3).normalArray(5)).not.toEqual(createRng(4).normalArray(5));
    const parent = createRng(3);
    const a = parent.fork();
    const b = parent.fork();
    expect(a.uniformArray(4)).not.toEqual(b.uniformArray(4));
    expect(a.uniformArray(4)).not.toEqual(parent.uniformArray(4));
  });

  it('rejects bad seeds, shapes and sizes with SparsekitError naming the argument', () => {
    expect(() => createRng(-1)).toThrow(/^seed: expected an integer in \[0, 4294967295\], got -1/);
    expect(() => createRng(1.5)).toThrow(/seed/);
    const rng = createRng(1);
    expect(() => rng.normal([2, -1])).toThrow(/shape\[1\]/);
    expect(() => rng.uniform([2], { low: 1, high: 1 })).toThrow(/high/);
    expect(() => rng.normalArray(3, { std: -1 })).toThrow(/std/);
    expect(() => rng.choiceArray(3, 4, { replace: false })).toThrow(/size: expected at most n = 3/);
    expect(() => rng.choiceArray(3, 1, { p: [1, 2] })).toThrow(/^p: expected an array of 3/);
    expect(() => rng.choiceArray(3, 1, { p: [1, -2, 1] })).toThrow(/p\[1\]/);
    expect(() => rng.choiceArray(3, 3, { p: [1, 0, 1], replace: false })).toThrow(/non-zero weights/);
    try {
      rng.permutationArray(-2);
    } catch (e) {
      expect(isSparsekitError(e)).toBe(true);
    }
  });
});

describe('createRng distributions', () => {
  const n = 100_000;
  it('normal: mean and variance within 5 standard errors', () => {
    const x = createRng(11).normalArray(n, { mean: 2, std: 3 });
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean - 2)).toBeLessThan((5 * 3) / Math.sqrt(n));
    // Var of the sample variance of a normal is 2σ⁴/(n−1).
    expect(Math.abs(variance - 9)).toBeLessThan(5 * Math.sqrt((2 * 81) / (n - 1)));
    const beyond3 = x.filter((v) => Math.abs(v - 2) > 9).length / n;
    expect(Math.abs(beyond3 - 0.0026998)).toBeLessThan(5 * Math.sqrt(0.0027 / n));
  });

  it('uniform: mean, variance and range', () => {
    const x = createRng(12).uniformArray(n, { low: -1, high: 3 });
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...x)).toBeLessThan(3);
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(16 / 12 / n));
    // Var of the sample variance of U(a,b): (μ4 − σ⁴)/n with μ4 = (b−a)⁴/80.
    expect(Math.abs(variance - 16 / 12)).toBeLessThan(5 * Math.sqrt((256 / 80 - (16 / 12) ** 2) / n));
  });

  it('permutation: a permutation, all 6 orders of 3 equally likely (chi-square)', () => {
    const rng = createRng(13);
    expect([...rng.permutationArray(50)].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const counts = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      const key = rng.permutationArray(3).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()], Array(6).fill(draws / 6))).toBeLessThan(CHI2_1E6[5]);
  });

  it('choice: uniform and weighted frequencies (chi-square), distinct without replacement', () => {
    const rng = createRng(14);
    const uniform = Array(10).fill(0);
    for (const i of rng.choiceArray(10, n)) uniform[i]++;
    expect(chiSquare(uniform, Array(10).fill(n / 10))).toBeLessThan(CHI2_1E6[9]);

    const p = [1, 2, 3, 0, 4, 5];
    const weighted = Array(6).fill(0);
    for (const i of rng.choiceArray(6, n, { p })) weighted[i]++;
    expect(weighted[3]).toBe(0);
    const keep = [0, 1, 2, 4, 5];
    expect(
      chiSquare(
        keep.map((i) => weighted[i]),
        keep.map((i) => (n * p[i]) / 15),
      ),
    ).toBeLessThan(CHI2_1E6[5]);

    const distinct = rng.choiceArray(1000, 1000, { replace: false });
    expect(new Set(distinct).size).toBe(1000);
    const firstPick = Array(6).fill(0);
    for (let t = 0; t < 30_000; t++) firstPick[rng.choiceArray(6, 2, { p, replace: false })[0]]++;
    expect(
      chiSquare(
        keep.map((i) => firstPick[i]),
        keep.map((i) => (30_000 * p[i]) / 15),
      ),
    ).toBeLessThan(CHI2_1E6[5]);
  });
});

/** Kolmogorov–Smirnov statistic of samples against U(0, 1). */
function ksUniform(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return sorted.reduce((d, u, i) => Math.max(d, (i + 1) / n - u, u - i / n), 0);
}

describe('createRng seeding', () => {
  // Consecutive seeds are the common case (seed: 0, 1, 2, ...): their first draws must look like any other draws.
  const seeds = Array.from({ length: 1000 }, (_, s) => s);

  it('first uniform draws over 1000 consecutive seeds pass a KS test at 1e-6', () => {
    // KS critical value at level α: sqrt(−ln(α/2)/(2n)); 1e-6 gives 0.0852 for n = 1000.
    const critical = Math.sqrt(-Math.log(1e-6 / 2) / (2 * seeds.length));
    for (const draw of [0, 1, 2]) {
      const firsts = seeds.map((s) => createRng(s).uniformArray(draw + 1)[draw]);
      expect(ksUniform(firsts), `draw ${draw}`).toBeLessThan(critical);
    }
  });

  it('first normals over 1000 seeds are standard normal: no outlier beyond 5σ, chi-square on 10 bins', () => {
    const firsts = seeds.flatMap((s) => Array.from(createRng(s).normalArray(2)));
    expect(Math.max(...firsts.map(Math.abs))).toBeLessThan(5);
    // Deciles of N(0,1): equal-probability bins.
    const deciles = [-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816];
    const counts = Array(10).fill(0);
    for (const v of firsts) counts[deciles.filter((d) => v > d).length]++;
    expect(chiSquare(counts, Array(10).fill(firsts.length / 10))).toBeLessThan(CHI2_1E6[9]);
  });
});

describeBackends(['cpu', 'wasm'], 'createRng tensors', () => {
  it('have the requested shapes and dtypes and do not leak', async () => {
    const rng = createRng(5);
    const x = await expectNoLeaks(() => {
      const t = rng.normal([2, 3]);
      expect([t.shape, t.dtype]).toEqual([[2, 3], 'float32']);
      return t;
    });
    expect(x.isDisposed).toBe(true);
    const p = rng.permutation(4);
    expect(p.dtype).toBe('int32');
    p.dispose();
    const empty = rng.uniform([0, 3]);
    expect(empty.size).toBe(0);
    empty.dispose();
  });
});
