import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { Matrix, pseudoInverse } from 'ml-matrix';
import { createRng } from '@sparsekit/tensor';
import { hodgeRank, type HodgeRankResult } from './hodge-rank.js';
import type { Comparison } from './comparison-graph.js';

function rank(c: Comparison<string | number>[], o: Parameters<typeof hodgeRank>[1] = {}): HodgeRankResult {
  const r = hodgeRank(c, o);
  if (!isRight(r)) throw r.left;
  return r.right;
}

/** Erdős–Rényi comparisons on n items with edge probability q (plus a path so it is connected). */
function erComparisons(n: number, q: number, seed: number, value: (a: number, b: number) => number): Comparison[] {
  const u = createRng(seed).uniformArray(n * n);
  const out: Comparison[] = [];
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) if (b === a + 1 || u[a * n + b] < q) out.push({ i: `item${a}`, j: `item${b}`, y: value(a, b) });
  return out;
}

const scoreOf = (r: HodgeRankResult, id: string): number => r.scores[r.items.indexOf(id)];

describe('hodgeRank', () => {
  it('recovers consistent flows exactly (up to the constant), with zero residual', () => {
    const s = createRng(1).normalArray(30);
    const r = rank(erComparisons(30, 0.3, 2, (a, b) => s[a] - s[b]));
    const mean = s.reduce((x, v) => x + v, 0) / 30;
    s.forEach((v, k) => expect(scoreOf(r, `item${k}`)).toBeCloseTo(v - mean, 9));
    expect(r.inconsistency.residual).toBeLessThan(1e-20);
    expect(r.inconsistency.curl).toBeLessThan(1e-20);
  });

  it('equals the Borda count on a complete graph with one comparison per pair', () => {
    const n = 12;
    const y = createRng(3).normalArray(n * n);
    const r = rank(erComparisons(n, 1, 4, (a, b) => y[a * n + b]));
    for (let a = 0; a < n; a++) {
      let borda = 0;
      for (let b = 0; b < n; b++) if (b !== a) borda += a < b ? y[a * n + b] : -y[b * n + a];
      expect(scoreOf(r, `item${a}`)).toBeCloseTo(borda / n, 10);
    }
  });

  it('matches dense weighted least squares (pseudo-inverse) with repeated, weighted, reversed comparisons', () => {
    const rng = createRng(5);
    const n = 15;
    const pick = rng.choiceArray(n, 200);
    const pick2 = rng.choiceArray(n, 200);
    const w = rng.uniformArray(200, { low: 0.5, high: 2 });
    const y = rng.normalArray(200);
    const comps: Comparison[] = [];
    for (let k = 0; k < 200; k++) if (pick[k] !== pick2[k]) comps.push({ i: `x${pick[k]}`, j: `x${pick2[k]}`, y: y[k], weight: w[k] });
    const r = rank(comps);
    const ids = r.items;
    const A = new Matrix(comps.length, ids.length),
      b = new Matrix(comps.length, 1);
    comps.forEach((c, k) => {
      const sw = Math.sqrt(c.weight ?? 1);
      A.set(k, ids.indexOf(String(c.i)), sw);
      A.set(k, ids.indexOf(String(c.j)), -sw);
      b.set(k, 0, sw * c.y);
    });
    const ref = pseudoInverse(A).mmul(b).getColumn(0);
    ref.forEach((v, k) => expect(r.scores[k]).toBeCloseTo(v, 9));
  });

  it('splits the residual W-orthogonally; gradient flows have zero curl and harmonic parts', () => {
    const s = createRng(6).normalArray(20);
    const noisy = createRng(7).normalArray(400);
    const r = rank(erComparisons(20, 0.4, 8, (a, b) => s[a] - s[b] + noisy[a * 20 + b]));
    const { weight, flow, gradient, curl, harmonic } = r.edges;
    if (curl === null || harmonic === null) throw new Error('no split');
    const wdot = (u: Float64Array, v: Float64Array): number => u.reduce((x, ue, e) => x + weight[e] * ue * v[e], 0);
    const res = flow.map((f, e) => f - gradient[e]);
    expect(Math.abs(wdot(res, gradient))).toBeLessThan(1e-9);
    expect(Math.abs(wdot(curl, harmonic))).toBeLessThan(1e-9);
    expect(r.inconsistency.gradient + (r.inconsistency.curl ?? 0) + (r.inconsistency.harmonic ?? 0)).toBeCloseTo(1, 9);
    const pure = rank(erComparisons(20, 0.4, 8, (a, b) => s[a] - s[b]));
    pure.edges.curl?.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-9));
    pure.edges.harmonic?.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-9));
  });

  it('a 3-cycle is pure curl, a triangle-free 4-cycle pure harmonic', () => {
    const tri = rank([
      { i: 'a', j: 'b', y: 1 },
      { i: 'b', j: 'c', y: 1 },
      { i: 'c', j: 'a', y: 1 },
    ]);
    tri.scores.forEach((v) => expect(v).toBeCloseTo(0, 12));
    expect(tri.inconsistency.curl).toBeCloseTo(1, 12);
    expect(tri.inconsistency.harmonic).toBeCloseTo(0, 12);
    const square = rank([
      { i: 'a', j: 'b', y: 1 },
      { i: 'b', j: 'c', y: 1 },
      { i: 'c', j: 'd', y: 1 },
      { i: 'd', j: 'a', y: 1 },
    ]);
    expect(square.inconsistency.triangles).toBe(0);
    expect(square.inconsistency.harmonic).toBeCloseTo(1, 12);
    // maxTriangles 0: the same scores and residual, no split, and a warning that says so.
    const scoresOnly = rank(
      [
        { i: 'a', j: 'b', y: 1 },
        { i: 'b', j: 'c', y: 2 },
        { i: 'c', j: 'a', y: 1 },
        { i: 'c', j: 'd', y: 1 },
      ],
      { maxTriangles: 0 },
    );
    const split = rank([
      { i: 'a', j: 'b', y: 1 },
      { i: 'b', j: 'c', y: 2 },
      { i: 'c', j: 'a', y: 1 },
      { i: 'c', j: 'd', y: 1 },
    ]);
    expect(Array.from(scoresOnly.scores)).toEqual(Array.from(split.scores));
    expect(scoresOnly.inconsistency.residual).toBe(split.inconsistency.residual);
    expect(split.inconsistency.curl).toBeGreaterThan(0);
    expect([scoresOnly.inconsistency.curl, scoresOnly.inconsistency.triangles, scoresOnly.edges.curl]).toEqual([null, null, null]);
    expect(scoresOnly.warnings).toEqual(['maxTriangles = 0: the curl/harmonic split was skipped']);
  });

  it('takes integer ids as the same items as their decimal strings', () => {
    const rng = createRng(11);
    const u = rng.uniformArray(600);
    const named: Comparison[] = Array.from({ length: 200 }, (_, k) => {
      const i = Math.floor(u[3 * k] * 40);
      const j = (i + 1 + Math.floor(u[3 * k + 1] * 39)) % 40;
      return { i: String(i), j: String(j), y: u[3 * k + 2] - 0.5 };
    });
    const numbered = named.map((c, k) => ({ ...c, i: k % 2 === 0 ? Number(c.i) : c.i, j: Number(c.j) }));
    const a = rank(named);
    const b = rank(numbered);
    expect(b.items).toEqual(a.items);
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    expect(b.ranking).toEqual(a.ranking);
    // Large sparse ids (past the lookup table, which is sized by the comparisons) name the same items too.
    const big = (v: string): number => 50_000_000 + 7 * Number(v);
    const sparse = rank(named.map((c, k) => ({ ...c, i: big(c.i), j: k % 3 === 0 ? String(big(c.j)) : big(c.j) })));
    expect(Array.from(sparse.scores)).toEqual(Array.from(a.scores));
    expect(sparse.ranking).toEqual(a.ranking.map(big).map(String));
    const self = hodgeRank([{ i: 3, j: '3', y: 1 }]);
    expect(isLeft(self) && self.left.message).toMatch(/two different items/);
  });

  it('handles a disconnected graph per component, with a warning', () => {
    const r = rank([
      { i: 'a', j: 'b', y: 2 },
      { i: 'c', j: 'd', y: 4 },
    ]);
    expect(r.componentCount).toBe(2);
    expect(r.warnings.join()).toMatch(/2 connected components/);
    expect([scoreOf(r, 'a'), scoreOf(r, 'b'), scoreOf(r, 'c'), scoreOf(r, 'd')]).toEqual([1, -1, 2, -2]);
  });

  it('works on 10⁵ comparisons (2,000 items, Erdős–Rényi, noisy)', () => {
    const n = 2000;
    const rng = createRng(9);
    const s = rng.normalArray(n);
    const a = rng.choiceArray(n, 100_000),
      b = rng.choiceArray(n, 100_000),
      e = rng.normalArray(100_000);
    const comps: Comparison[] = [];
    for (let k = 0; k < 100_000; k++)
      if (a[k] !== b[k]) comps.push({ i: String(a[k]), j: String(b[k]), y: s[a[k]] - s[b[k]] + 0.5 * e[k] });
    const r = rank(comps);
    expect(r.converged).toBe(true);
    expect(r.componentCount).toBe(1);
    const m = s.reduce((x, v) => x + v, 0) / n;
    let err = 0;
    r.items.forEach((id, k) => {
      err = Math.max(err, Math.abs(r.scores[k] - (s[Number(id)] - m)));
    });
    expect(err).toBeLessThan(0.5);
    expect(r.inconsistency.triangles).toBeGreaterThan(0);
  });

  it('rejects bad input', () => {
    expect(isLeft(hodgeRank([]))).toBe(true);
    const nan = hodgeRank([{ i: 'a', j: 'b', y: Number.NaN }]);
    expect(isLeft(nan) && nan.left.code).toBe('non_finite');
    expect(isLeft(hodgeRank([{ i: 'a', j: 'a', y: 1 }]))).toBe(true);
    // A missing or non-finite id names no item (it would otherwise become the item 'undefined' or 'NaN').
    const missing = hodgeRank([{ i: 'a', j: 'b', y: 1 }, { i: 'a', y: 1 } as never]);
    expect(isLeft(missing) && missing.left.message).toMatch(/comparisons\[1\]\.j: expected an item id/);
    const nanId = hodgeRank([{ i: Number.NaN, j: 2, y: 1 }]);
    expect(isLeft(nanId) && nanId.left.argument).toBe('comparisons[0].i');
    const hole = hodgeRank([{ i: 'a', j: 'b', y: 1 }, null as never]);
    expect(isLeft(hole) && hole.left.argument).toBe('comparisons[1]');
    expect(() => hodgeRank([{ i: 'a', j: 'b', y: 1 }], { weights: 'w' as never })).toThrow(/weights/);
    expect(() => hodgeRank([{ i: 'a', j: 'b', y: 1 }], { weight: 'count' } as never)).toThrow(/weight/);
  });
});
