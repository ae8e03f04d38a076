/**
 * Designs of robust ranking. Without features: the incidence matrix D₀ (row k = e_a − e_b) with one
 * column per connected component dropped, so it has full column rank. With item features Φ
 * (Fu et al.): X = CΦ, row k = φ_a − φ_b. Rows are scaled by √w so weights enter least squares.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';
import type { Mat64 } from '../../internal/dense.js';
import type { IndexedComparisons } from '../comparison-graph.js';

/** Dense incidence design with reference items removed; `column[i]` is item i's column or −1. */
export function incidenceDesign(c: IndexedComparisons, comp: Int32Array): { x: Mat64; column: Int32Array } {
  const n = c.items.length;
  const seen = new Set<number>();
  const column = new Int32Array(n).fill(-1);
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (seen.has(comp[i])) column[i] = p++;
    else seen.add(comp[i]);
  }
  const m = c.y.length;
  const data = new Float64Array(m * p);
  for (let k = 0; k < m; k++) {
    const sw = Math.sqrt(c.w[k]);
    if (column[c.a[k]] >= 0) data[k * p + column[c.a[k]]] += sw;
    if (column[c.b[k]] >= 0) data[k * p + column[c.b[k]]] -= sw;
  }
  return { x: { rows: m, cols: p, data }, column };
}

/** Feature-difference design X = CΦ; Left when an item has no features or dimensions differ. */
export function featureDesign(
  c: IndexedComparisons,
  features: Readonly<Record<string, readonly number[]>>,
): Either<SparsekitError, { x: Mat64; phi: Float64Array[] }> {
  const phi: Float64Array[] = [];
  let d = -1;
  for (const id of c.items) {
    const f = features[id];
    if (f === undefined)
      return left(
        new SparsekitError({
          argument: `features[${JSON.stringify(id)}]`,
          value: undefined,
          code: 'shape_mismatch',
          expected: 'a feature vector for every compared item',
        }),
      );
    if (d < 0) d = f.length;
    if (f.length !== d)
      return left(
        new SparsekitError({
          argument: `features[${JSON.stringify(id)}]`,
          value: f.length,
          code: 'shape_mismatch',
          expected: `${d} features like the first item`,
        }),
      );
    if (!f.every(Number.isFinite))
      return left(
        new SparsekitError({ argument: `features[${JSON.stringify(id)}]`, value: f, code: 'non_finite', expected: 'finite features' }),
      );
    phi.push(Float64Array.from(f));
  }
  const m = c.y.length;
  const data = new Float64Array(m * d);
  for (let k = 0; k < m; k++) {
    const sw = Math.sqrt(c.w[k]);
    for (let j = 0; j < d; j++) data[k * d + j] = sw * (phi[c.a[k]][j] - phi[c.b[k]][j]);
  }
  return right({ x: { rows: m, cols: d, data }, phi });
}
