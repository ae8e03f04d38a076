/**
 * Best rank-one approximation σ·u·vᴴ of a small complex block, by power iteration on MᴴM in
 * float64. For the exactly rank-one blocks of a butterfly matrix one step is exact; for noisy
 * blocks it converges at the rate (σ₂/σ₁)², and stops when σ changes by under 1e-15 relatively.
 * The start is the (conjugated) row of largest norm, lowest index first among ties, so the
 * result is deterministic.
 */

export interface ComplexBlock {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export interface RankOne {
  readonly sigma: number;
  readonly uRe: Float64Array;
  readonly uIm: Float64Array;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
}

function mulM(m: ComplexBlock, xr: Float64Array, xi: Float64Array): [Float64Array, Float64Array] {
  const yr = new Float64Array(m.rows);
  const yi = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < m.cols; j++) {
      const ar = m.re[i * m.cols + j];
      const ai = m.im[i * m.cols + j];
      sr += ar * xr[j] - ai * xi[j];
      si += ar * xi[j] + ai * xr[j];
    }
    yr[i] = sr;
    yi[i] = si;
  }
  return [yr, yi];
}

function mulMH(m: ComplexBlock, yr: Float64Array, yi: Float64Array): [Float64Array, Float64Array] {
  const xr = new Float64Array(m.cols);
  const xi = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const ar = m.re[i * m.cols + j];
      const ai = -m.im[i * m.cols + j];
      xr[j] += ar * yr[i] - ai * yi[i];
      xi[j] += ar * yi[i] + ai * yr[i];
    }
  }
  return [xr, xi];
}

const norm = (r: Float64Array, i: Float64Array): number => Math.sqrt(r.reduce((a, v, k) => a + v * v + i[k] * i[k], 0));

function startVector(m: ComplexBlock): [Float64Array, Float64Array] {
  let best = -1;
  let bestRow = 0;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.re[i * m.cols + j] ** 2 + m.im[i * m.cols + j] ** 2;
    if (s > best) {
      best = s;
      bestRow = i;
    }
  }
  const vr = m.re.slice(bestRow * m.cols, (bestRow + 1) * m.cols);
  const vi = m.im.slice(bestRow * m.cols, (bestRow + 1) * m.cols).map((v) => -v);
  return [vr, vi];
}

export function rankOne(m: ComplexBlock, maxIter = 100): RankOne {
  let [vr, vi] = startVector(m);
  let nv = norm(vr, vi);
  const zero = (): RankOne => ({
    sigma: 0,
    uRe: new Float64Array(m.rows),
    uIm: new Float64Array(m.rows),
    vRe: new Float64Array(m.cols),
    vIm: new Float64Array(m.cols),
  });
  if (nv === 0) return zero();
  vr = vr.map((v) => v / nv);
  vi = vi.map((v) => v / nv);
  let sigma = 0;
  for (let it = 0; it < maxIter; it++) {
    const [ur, ui] = mulM(m, vr, vi);
    const [wr, wi] = mulMH(m, ur, ui);
    nv = norm(wr, wi);
    if (nv === 0) return zero();
    vr = wr.map((v) => v / nv);
    vi = wi.map((v) => v / nv);
    const next = Math.sqrt(nv);
    const done = Math.abs(next - sigma) <= 1e-15 * next;
    sigma = next;
    if (done) break;
  }
  const [ur, ui] = mulM(m, vr, vi);
  const s = norm(ur, ui);
  if (s === 0) return zero();
  return { sigma: s, uRe: ur.map((v) => v / s), uIm: ui.map((v) => v / s), vRe: vr, vIm: vi };
}
