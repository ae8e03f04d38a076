/**
 * Exact L1-ball projection of rows on the host, by Condat's threshold search (Condat 2016,
 * "Fast projection onto the simplex and the ℓ1 ball", Math. Program. 158): one streaming pass
 * keeps a candidate active set v and a running lower bound ρ of the threshold τ (entries that
 * cannot be active are dropped as they stream by, and a restart sets aside the candidates a
 * large entry makes hopeless); the set-aside entries are rescanned once, then sweeps over the
 * (short) candidate list drop entries ≤ ρ until none moves. Expected linear time, float64
 * accumulation, no sort.
 *
 * Why on the host: on the cpu and wasm backends the data already live in host memory, so one
 * read plus this single pass beats the tfjs threshold search (a top-k selection, then Newton
 * steps of several whole-tensor passes each when thousands of entries survive).
 */

let scratch = new Float64Array(0);

/** A work array of n entries (grown on demand, reused across calls). */
function work(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch;
}

/** Σ|x_i| over x[off, off + n) in four partial sums (i mod 4), added as (s0 + s1) + (s2 + s3). */
function l1Norm(x: ArrayLike<number>, off: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += Math.abs(x[off + i]);
    s1 += Math.abs(x[off + i + 1]);
    s2 += Math.abs(x[off + i + 2]);
    s3 += Math.abs(x[off + i + 3]);
  }
  for (; i < n; i++) s0 += Math.abs(x[off + i]);
  return s0 + s1 + (s2 + s3);
}

/**
 * τ > 0 with Σ (|x_i| − τ)⁺ = r over x[off, off + n), or 0 when ‖x‖₁ ≤ r; NaN when the row
 * holds a non-finite entry. The streaming pass appends every entry above ρ to `a`; the
 * candidates are a[start, len), and a restart only moves `start` (nothing is copied). Entries at
 * or below (‖x‖₁ − r)/n are skipped as well: that is also a lower bound of τ (Σ (|x_i| − τ)⁺ ≥
 * ‖x‖₁ − nτ), and it keeps the start of the stream, where ρ is still low, from filling the
 * candidate list when many entries survive (large radii). The native addon's version performs
 * the same float64 operations in the same order, so both give the same bits.
 */
export function condatThreshold(x: ArrayLike<number>, off: number, n: number, r: number): number {
  const l1 = l1Norm(x, off, n);
  if (!Number.isFinite(l1)) return Number.NaN;
  if (l1 <= r) return 0;
  const floor = (l1 - r) / n;
  const a = work(n);
  let len = 1;
  let start = 0;
  a[0] = Math.abs(x[off]);
  let rho = a[0] - r;
  for (let i = 1; i < n; i++) {
    const v = Math.abs(x[off + i]);
    if (v <= rho || v <= floor) continue;
    a[len] = v;
    rho += (v - rho) / (len - start + 1);
    if (rho <= v - r) {
      // v alone would set ρ at v − r: the current candidates are set aside, v restarts the list
      rho = v - r;
      start = len;
    }
    len++;
  }
  for (let k = start - 1; k >= 0; k--) {
    const v = a[k];
    if (v > rho) {
      a[--start] = v;
      rho += (v - rho) / (len - start);
    }
  }
  return sweep(a, start, len, rho);
}

/** Drops candidates ≤ ρ from v[from, to) (each drop raises ρ) until a sweep drops none; ρ is then τ. */
function sweep(v: Float64Array, from: number, to: number, start: number): number {
  let rho = start;
  let size = to - from;
  for (;;) {
    let kept = from;
    const before = size;
    for (let k = from; k < from + before; k++) {
      const a = v[k];
      // the last candidate stays: only rounding (a − r == a for huge a) could make it look inactive
      if (a > rho || size === 1) v[kept++] = a;
      else {
        size--;
        rho += (rho - a) / size;
      }
    }
    if (size === before) return rho;
  }
}

/**
 * Projects each of the `batch` rows of length n of `x` onto its ball {‖u‖₁ ≤ radii[b]}:
 * sign(x)·(|x| − τ)⁺. A row with a non-finite entry comes back all NaN. When float32 rounding
 * of the outputs (huge entries, tiny radius) would overshoot the radius, the row is rescaled
 * into the ball.
 */
export function projectL1RowsHost(x: ArrayLike<number>, batch: number, n: number, radii: ArrayLike<number>): Float32Array {
  const out = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++) {
    const off = b * n;
    const r = radii[b];
    const tau = condatThreshold(x, off, n, r);
    if (Number.isNaN(tau)) {
      out.fill(Number.NaN, off, off + n);
      continue;
    }
    if (tau === 0) {
      for (let i = 0; i < n; i++) out[off + i] = x[off + i];
      continue;
    }
    for (let i = 0; i < n; i++) {
      const v = x[off + i];
      out[off + i] = v > tau ? v - tau : v < -tau ? v + tau : 0;
    }
    // summed in the native version's order
    const total = l1Norm(out, off, n);
    if (total > r) {
      const f = r / total;
      for (let i = 0; i < n; i++) out[off + i] = Math.fround(out[off + i] * f);
    }
  }
  return out;
}
