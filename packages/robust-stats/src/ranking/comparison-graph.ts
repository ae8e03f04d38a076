/**
 * Pairwise comparisons as a weighted graph: string item ids mapped to indices, repeated comparisons
 * of one pair averaged into one edge flow, connected components found by union–find.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';

/** One comparison: y > 0 means item i beat item j by y (model y ≈ s_i − s_j). */
export interface Comparison {
  readonly i: string;
  readonly j: string;
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

/** Validates and indexes comparisons; Left on non-finite y or weight, self-comparisons, no data. */
export function indexComparisons(comparisons: readonly Comparison[]): Either<SparsekitError, IndexedComparisons> {
  if (!Array.isArray(comparisons))
    throw new SparsekitError({ argument: 'comparisons', value: comparisons, expected: 'an array of {i, j, y}' });
  if (comparisons.length === 0)
    return left(new SparsekitError({ argument: 'comparisons', value: [], code: 'shape_mismatch', expected: 'at least one comparison' }));
  const ids = new Map<string, number>();
  const anns = new Map<string, number>();
  const m = comparisons.length;
  const out = { a: new Int32Array(m), b: new Int32Array(m), y: new Float64Array(m), w: new Float64Array(m), annotator: new Int32Array(m) };
  const id = (s: string): number => {
    let k = ids.get(s);
    if (k === undefined) {
      k = ids.size;
      ids.set(s, k);
    }
    return k;
  };
  for (let k = 0; k < m; k++) {
    const c = comparisons[k];
    const w = c.weight ?? 1;
    if (!Number.isFinite(c.y))
      return left(new SparsekitError({ argument: `comparisons[${k}].y`, value: c.y, code: 'non_finite', expected: 'a finite number' }));
    if (!(w >= 0) || !Number.isFinite(w))
      return left(
        new SparsekitError({ argument: `comparisons[${k}].weight`, value: w, code: 'non_finite', expected: 'a finite weight ≥ 0' }),
      );
    if (String(c.i) === String(c.j))
      return left(new SparsekitError({ argument: `comparisons[${k}]`, value: c.i, expected: 'two different items' }));
    out.a[k] = id(String(c.i));
    out.b[k] = id(String(c.j));
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
  return right({ items: [...ids.keys()], annotators: [...anns.keys()], ...out });
}

/** Aggregates comparisons into edges; 'uniform' gives every edge weight 1 after averaging. */
export function edgeFlows(c: IndexedComparisons, weights: 'count' | 'uniform'): EdgeFlows {
  const key = new Map<number, number>();
  const n = c.items.length;
  const a: number[] = [],
    b: number[] = [],
    sum: number[] = [],
    wsum: number[] = [];
  const edgeOf = new Int32Array(c.y.length);
  for (let k = 0; k < c.y.length; k++) {
    const lo = Math.min(c.a[k], c.b[k]),
      hi = Math.max(c.a[k], c.b[k]);
    const sgn = c.a[k] === lo ? 1 : -1;
    const code = lo * n + hi;
    let e = key.get(code);
    if (e === undefined) {
      e = a.length;
      key.set(code, e);
      a.push(lo);
      b.push(hi);
      sum.push(0);
      wsum.push(0);
    }
    sum[e] += c.w[k] * sgn * c.y[k];
    wsum[e] += c.w[k];
    edgeOf[k] = e;
  }
  const flow = Float64Array.from(sum, (s, e) => (wsum[e] > 0 ? s / wsum[e] : 0));
  const weight = Float64Array.from(wsum, (w) => (weights === 'uniform' ? (w > 0 ? 1 : 0) : w));
  return { n, a: Int32Array.from(a), b: Int32Array.from(b), flow, weight, edgeOf };
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
