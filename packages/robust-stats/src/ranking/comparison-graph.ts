/**
 * Pairwise comparisons as a weighted graph: string item ids mapped to indices, repeated comparisons
 * of one pair averaged into one edge flow, connected components found by union–find.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';

/**
 * One comparison: y > 0 means item i beat item j by y (model y ≈ s_i − s_j). The ranking functions
 * take string or number ids (`Comparison<string | number>`); a number names the same item as its
 * decimal string (`3` and `'3'`), and non-negative integer ids take a lookup table instead of a hash map.
 */
export interface Comparison<Id extends string | number = string> {
  readonly i: Id;
  readonly j: Id;
  readonly y: number;
  readonly annotator?: string;
  /** Non-negative weight. Default 1. */
  readonly weight?: number;
}

/** Comparisons with item indices and validated values. */
export interface IndexedComparisons {
  readonly items: string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly annotators: string[];
  /** Annotator index per comparison (−1 when absent). */
  readonly annotator: Int32Array;
}

/** Aggregated edges (a < b) with flow Ȳ_ab = weighted mean of y oriented from a to b. */
export interface EdgeFlows {
  readonly n: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly flow: Float64Array;
  readonly weight: Float64Array;
  /** Edge index of each comparison. */
  readonly edgeOf: Int32Array;
}

/** Validates and indexes comparisons; Left on missing or non-finite ids, non-finite y or weight, self-comparisons, no data. */
export function indexComparisons(comparisons: readonly Comparison<string | number>[]): Either<SparsekitError, IndexedComparisons> {
  if (!Array.isArray(comparisons))
    throw new SparsekitError({ argument: 'comparisons', value: comparisons, expected: 'an array of {i, j, y}' });
  if (comparisons.length === 0)
    return left(new SparsekitError({ argument: 'comparisons', value: [], code: 'shape_mismatch', expected: 'at least one comparison' }));
  const anns = new Map<string, number>();
  const m = comparisons.length;
  const out = { a: new Int32Array(m), b: new Int32Array(m), y: new Float64Array(m), w: new Float64Array(m), annotator: new Int32Array(m) };
  const items = itemIndex(m);
  for (let k = 0; k < m; k++) {
    const c = comparisons[k];
    const bad = checkComparison(c, k);
    if (bad) return left(bad);
    const w = c.weight ?? 1;
    out.a[k] = items.id(c.i);
    out.b[k] = items.id(c.j);
    if (out.a[k] === out.b[k])
      return left(new SparsekitError({ argument: `comparisons[${k}]`, value: c.i, expected: 'two different items' }));
    out.y[k] = c.y;
    out.w[k] = w;
    if (c.annotator === undefined) out.annotator[k] = -1;
    else {
      let q = anns.get(c.annotator);
      if (q === undefined) {
        q = anns.size;
        anns.set(c.annotator, q);
      }
      out.annotator[k] = q;
    }
  }
  return right({ items: items.names(), annotators: [...anns.keys()], ...out });
}

/** Why comparison k cannot be used (a missing or non-finite field), or null. */
function checkComparison(c: Comparison<string | number>, k: number): SparsekitError | null {
  if (c === null || typeof c !== 'object')
    return new SparsekitError({ argument: `comparisons[${k}]`, value: c, code: 'shape_mismatch', expected: 'an object {i, j, y}' });
  for (const side of ['i', 'j'] as const)
    if (!(typeof c[side] === 'string' || (typeof c[side] === 'number' && Number.isFinite(c[side]))))
      return new SparsekitError({
        argument: `comparisons[${k}].${side}`,
        value: c[side],
        expected: 'an item id (a string or a finite number)',
      });
  if (!Number.isFinite(c.y))
    return new SparsekitError({ argument: `comparisons[${k}].y`, value: c.y, code: 'non_finite', expected: 'a finite number' });
  const w = c.weight ?? 1;
  if (!(w >= 0) || !Number.isFinite(w))
    return new SparsekitError({ argument: `comparisons[${k}].weight`, value: w, code: 'non_finite', expected: 'a finite weight ≥ 0' });
  return null;
}

/**
 * Dense indices of item ids in order of first appearance; a number names the same item as its
 * decimal string. Non-negative integer ids below 4m take a lookup table (index + 1, 0 = not seen)
 * instead of a string conversion and a hash look-up per comparison; the bound keeps a few large
 * sparse ids (user ids near 10⁸) from allocating a table as large as the id.
 */
function itemIndex(m: number): { id(v: string | number): number; names(): string[] } {
  const ids = new Map<string, number>();
  const byString = (s: string): number => {
    let k = ids.get(s);
    if (k === undefined) {
      k = ids.size;
      ids.set(s, k);
    }
    return k;
  };
  const tableLimit = Math.max(1024, 4 * m);
  let table = new Int32Array(1024);
  return {
    id(v) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= tableLimit) return byString(String(v));
      if (v >= table.length) {
        const grown = new Int32Array(Math.min(tableLimit, Math.max(2 * table.length, v + 1)));
        grown.set(table);
        table = grown;
      }
      if (table[v] === 0) table[v] = byString(String(v)) + 1;
      return table[v] - 1;
    },
    names: () => [...ids.keys()],
  };
}

/** Aggregates comparisons into edges; 'uniform' gives every edge weight 1 after averaging. */
export function edgeFlows(c: IndexedComparisons, weights: 'count' | 'uniform'): EdgeFlows {
  const n = c.items.length;
  const m = c.y.length;
  // Open addressing on the pair code lo·n + hi (exact in float64 for n < 2²⁶): typed arrays, no map.
  const size = 2 ** Math.ceil(Math.log2(2 * m + 2));
  const keys = new Float64Array(size).fill(-1);
  const slot = new Int32Array(size);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const sum = new Float64Array(m);
  const wsum = new Float64Array(m);
  const edgeOf = new Int32Array(m);
  let edges = 0;
  for (let k = 0; k < m; k++) {
    const lo = Math.min(c.a[k], c.b[k]);
    const hi = Math.max(c.a[k], c.b[k]);
    const code = lo * n + hi;
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & (size - 1);
    while (keys[h] !== -1 && keys[h] !== code) h = (h + 1) & (size - 1);
    if (keys[h] === -1) {
      keys[h] = code;
      slot[h] = edges;
      a[edges] = lo;
      b[edges] = hi;
      edges++;
    }
    const e = slot[h];
    sum[e] += c.w[k] * (c.a[k] === lo ? 1 : -1) * c.y[k];
    wsum[e] += c.w[k];
    edgeOf[k] = e;
  }
  const flow = new Float64Array(edges);
  const weight = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    flow[e] = wsum[e] > 0 ? sum[e] / wsum[e] : 0;
    weight[e] = weights === 'uniform' ? (wsum[e] > 0 ? 1 : 0) : wsum[e];
  }
  return { n, a: a.slice(0, edges), b: b.slice(0, edges), flow, weight, edgeOf };
}

/** Component label of every node (0-based, in order of first appearance) over positive-weight edges. */
export function components(n: number, a: Int32Array, b: Int32Array, w: Float64Array): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < a.length; e++)
    if (w[e] > 0) {
      const ra = find(a[e]),
        rb = find(b[e]);
      if (ra !== rb) parent[ra] = rb;
    }
  const label = new Map<number, number>();
  return Int32Array.from({ length: n }, (_, i) => {
    const r = find(i);
    let l = label.get(r);
    if (l === undefined) {
      l = label.size;
      label.set(r, l);
    }
    return l;
  });
}
