/** Structural edits of factor lists: triplet assembly, block stacking, identity padding, pruning. */
import { toCsr, type CsrFactor, type Factor } from './factor.js';

export interface Triplets {
  readonly i: number[];
  readonly j: number[];
  readonly re: number[];
  readonly im: number[];
}

/** CSR from (i, j, value) triplets; entries keep their insertion order within a row. */
export function fromTriplets(rows: number, cols: number, t: Triplets, complex: boolean): CsrFactor {
  const indptr = new Int32Array(rows + 1);
  for (const i of t.i) indptr[i + 1]++;
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  const next = indptr.slice(0, rows);
  const indices = new Int32Array(t.i.length);
  const re = new Float32Array(t.i.length);
  const im = complex ? new Float32Array(t.i.length) : null;
  t.i.forEach((r, p) => {
    const q = next[r]++;
    indices[q] = t.j[p];
    re[q] = t.re[p];
    if (im !== null) im[q] = t.im[p];
  });
  return { format: 'csr', rows, cols, indptr, indices, re, im };
}

/** Appends the nonzeros of `f` at offset (r0, c0). */
export function pushBlock(t: Triplets, f: Factor, r0: number, c0: number): void {
  const c = toCsr(f);
  for (let i = 0; i < c.rows; i++) {
    for (let p = c.indptr[i]; p < c.indptr[i + 1]; p++) {
      t.i.push(r0 + i);
      t.j.push(c0 + c.indices[p]);
      t.re.push(c.re[p]);
      t.im.push(c.im === null ? 0 : c.im[p]);
    }
  }
}

export function emptyTriplets(): Triplets {
  return { i: [], j: [], re: [], im: [] };
}

export function identityFactor(n: number): CsrFactor {
  const t = emptyTriplets();
  for (let k = 0; k < n; k++) {
    t.i.push(k);
    t.j.push(k);
    t.re.push(1);
    t.im.push(0);
  }
  return fromTriplets(n, n, t, false);
}

/** Prepends identities so the list has `count` factors (the product is unchanged). */
export function padFront(factors: readonly Factor[], count: number): Factor[] {
  const pad = Array.from({ length: count - factors.length }, () => identityFactor(factors[0].rows));
  return [...pad, ...factors];
}

function lineCounts(f: CsrFactor): { rows: Int32Array; cols: Int32Array } {
  const rows = new Int32Array(f.rows);
  const cols = new Int32Array(f.cols);
  for (let i = 0; i < f.rows; i++) {
    for (let p = f.indptr[i]; p < f.indptr[i + 1]; p++) {
      if (f.re[p] === 0 && (f.im === null || f.im[p] === 0)) continue;
      rows[i]++;
      cols[f.indices[p]]++;
    }
  }
  return { rows, cols };
}

/** Keeps the given rows and columns of a CSR factor (both sorted index lists). */
function subMatrix(f: CsrFactor, keepRows: number[], keepCols: number[]): CsrFactor {
  const colMap = new Int32Array(f.cols).fill(-1);
  keepCols.forEach((c, k) => (colMap[c] = k));
  const t = emptyTriplets();
  keepRows.forEach((r, k) => {
    for (let p = f.indptr[r]; p < f.indptr[r + 1]; p++) {
      const c = colMap[f.indices[p]];
      if (c < 0) continue;
      t.i.push(k);
      t.j.push(c);
      t.re.push(f.re[p]);
      t.im.push(f.im === null ? 0 : f.im[p]);
    }
  });
  return fromTriplets(keepRows.length, keepCols.length, t, f.im !== null);
}

/**
 * pyfaust `pruneout`: the inner index k between S_j and S_{j+1} carries nothing when column k of
 * S_j or row k of S_{j+1} has at most `threshold` nonzeros; drop both (exact for threshold 0),
 * and repeat until no inner index is removed, since removals can empty further lines.
 */
export function pruneFactors(factors: readonly Factor[], threshold: number): CsrFactor[] {
  const out = factors.map(toCsr);
  for (let changed = true; changed; ) {
    changed = false;
    for (let j = 0; j + 1 < out.length; j++) {
      const a = lineCounts(out[j]).cols;
      const b = lineCounts(out[j + 1]).rows;
      const keep: number[] = [];
      for (let k = 0; k < a.length; k++) if (a[k] > threshold && b[k] > threshold) keep.push(k);
      if (keep.length === a.length || keep.length === 0) continue;
      const allRows = Array.from({ length: out[j].rows }, (_, r) => r);
      const allCols = Array.from({ length: out[j + 1].cols }, (_, c) => c);
      out[j] = subMatrix(out[j], allRows, keep);
      out[j + 1] = subMatrix(out[j + 1], keep, allCols);
      changed = true;
    }
  }
  return out;
}
