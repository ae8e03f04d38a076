/** Float64 helpers over column-major working-set columns (n·k entries, column j at j·n). */

/** out = Xᵀv restricted to the k columns. */
export function columnsTransposeTimes(cols: Float64Array, n: number, v: Float64Array, out: Float64Array): Float64Array {
  for (let j = 0; j < out.length; j++) {
    const off = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += cols[off + i] * v[i];
    out[j] = s;
  }
  return out;
}

/** out = X·w over the k columns. */
export function columnsTimes(cols: Float64Array, n: number, w: Float64Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let j = 0; j < w.length; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) out[i] += wj * cols[off + i];
  }
  return out;
}

/** Σ|w_j|. */
export function l1Of(w: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += Math.abs(w[j]);
  return s;
}
