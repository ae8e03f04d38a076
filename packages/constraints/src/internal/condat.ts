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

/** Two work arrays of n entries each (grown on demand, reused across calls). */
function work(n: number): Float64Array {
  if (scratch.length < 2 * n) scratch = new Float64Array(2 * n);
  return scratch;
}

/**
 * τ > 0 with Σ (|x_i| − τ)⁺ = r over x[off, off + n), or 0 when ‖x‖₁ ≤ r; NaN when the row
 * holds a non-finite entry.
 */
export function condatThreshold(x: ArrayLike<number>, off: number, n: number, r: number): number {
  const buf = work(n);
  // v occupies buf[0, n), the set-aside entries buf[n, 2n)
  let vLen = 1;
  let held = n;
  let l1 = Math.abs(x[off]);
  buf[0] = l1;
  let rho = l1 - r;
  for (let i = 1; i < n; i++) {
    const a = Math.abs(x[off + i]);
    l1 += a;
    if (a <= rho) continue;
    rho += (a - rho) / (vLen + 1);
    if (rho > a - r) {
      buf[vLen++] = a;
    } else {
      // a alone would set ρ at a − r: every current candidate is set aside, a restarts the list
      for (let k = 0; k < vLen; k++) buf[held++] = buf[k];
      buf[0] = a;
      vLen = 1;
      rho = a - r;
    }
  }
  if (!Number.isFinite(l1)) return Number.NaN;
  if (l1 <= r) return 0;
  for (let k = n; k < held; k++) {
    const a = buf[k];
    if (a > rho) {
      buf[vLen++] = a;
      rho += (a - rho) / vLen;
    }
  }
  return sweep(buf, vLen, rho);
}

/** Drops candidates ≤ ρ (each drop raises ρ) until a sweep drops none; ρ is then τ. */
function sweep(v: Float64Array, length: number, start: number): number {
  let rho = start;
  let size = length;
  for (;;) {
    let kept = 0;
    const before = size;
    for (let k = 0; k < before; k++) {
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
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = x[off + i];
      const u = v > tau ? v - tau : v < -tau ? v + tau : 0;
      out[off + i] = u;
      total += Math.abs(out[off + i]);
    }
    if (total > r) {
      const f = r / total;
      for (let i = 0; i < n; i++) out[off + i] = Math.fround(out[off + i] * f);
    }
  }
  return out;
}
