/** Vertex enumerations for brute-force LMO checks on small instances (used by our own tests). */

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** ±r·e_i: the 2n vertices of the L1 ball. */
export function l1Vertices(r: number) {
  return (shape: readonly number[]): number[][] => {
    const n = size(shape);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) for (const s of [r, -r]) out.push(Array.from({ length: n }, (_, j) => (j === i ? s : 0)));
    return out;
  };
}

/** {−r, r}ⁿ restricted to supports of size k (k = n: the L∞ ball's 2ⁿ vertices). */
export function kSparseLinfVertices(r: number, k?: number) {
  return (shape: readonly number[]): number[][] => {
    const n = size(shape);
    const kk = k ?? n;
    const out: number[][] = [];
    for (let mask = 0; mask < 3 ** n; mask++) {
      const v: number[] = [];
      let m = mask;
      let nnz = 0;
      for (let i = 0; i < n; i++) {
        const d = m % 3;
        m = (m - d) / 3;
        v.push(d === 0 ? 0 : d === 1 ? r : -r);
        if (d !== 0) nnz++;
      }
      if (nnz === kk) out.push(v);
    }
    return out;
  };
}

/** r·e_i: the vertices of the simplex. */
export function simplexVertices(r: number) {
  return (shape: readonly number[]): number[][] => {
    const n = size(shape);
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i ? r : 0)));
  };
}
