/**
 * Best rank-one approximation σ·u·vᴴ of a small complex block, by power iteration on MᴴM in
 * float64. For the exactly rank-one blocks of a butterfly matrix one step is exact; for noisy
 * blocks it converges at the rate (σ₂/σ₁)², and stops when σ changes by under 1e-15 relatively.
 * The start is the (conjugated) row of largest norm, lowest index first among ties, so the
 * result is deterministic. A butterfly split solves thousands of these tiny problems, so the
 * iteration runs in preallocated buffers ({@link RankOneWorkspace}) and allocates nothing.
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

/** Buffers for blocks of a fixed shape; `rankOneInto` leaves u (unit) in uRe/uIm and v in vRe/vIm. */
export class RankOneWorkspace {
  readonly uRe: Float64Array;
  readonly uIm: Float64Array;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  readonly wRe: Float64Array;
  readonly wIm: Float64Array;

  constructor(rows: number, cols: number) {
    [this.uRe, this.uIm] = [new Float64Array(rows), new Float64Array(rows)];
    [this.vRe, this.vIm, this.wRe, this.wIm] = [0, 1, 2, 3].map(() => new Float64Array(cols));
  }
}

/** u = M·v. */
function mulM(m: ComplexBlock, w: RankOneWorkspace): void {
  const { re, im, rows, cols } = m;
  const { vRe, vIm, uRe, uIm } = w;
  for (let i = 0; i < rows; i++) {
    let sr = 0;
    let si = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const ar = re[o + j];
      const ai = im[o + j];
      sr += ar * vRe[j] - ai * vIm[j];
      si += ar * vIm[j] + ai * vRe[j];
    }
    uRe[i] = sr;
    uIm[i] = si;
  }
}

/** w = Mᴴ·u; returns ‖w‖. */
function mulMH(m: ComplexBlock, w: RankOneWorkspace): number {
  const { re, im, rows, cols } = m;
  const { uRe, uIm, wRe, wIm } = w;
  wRe.fill(0);
  wIm.fill(0);
  for (let i = 0; i < rows; i++) {
    const [yr, yi] = [uRe[i], uIm[i]];
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const ar = re[o + j];
      const ai = -im[o + j];
      wRe[j] += ar * yr - ai * yi;
      wIm[j] += ar * yi + ai * yr;
    }
  }
  return normOf(wRe, wIm);
}

function normOf(r: Float64Array, i: Float64Array): number {
  let s = 0;
  for (let k = 0; k < r.length; k++) s = s + r[k] * r[k] + i[k] * i[k];
  return Math.sqrt(s);
}

/** v = conj(row of largest norm), lowest index among ties; returns its norm. */
function startVector(m: ComplexBlock, w: RankOneWorkspace): number {
  let best = -1;
  let bestRow = 0;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = i * m.cols; j < (i + 1) * m.cols; j++) s += m.re[j] * m.re[j] + m.im[j] * m.im[j];
    if (s > best) [best, bestRow] = [s, i];
  }
  for (let j = 0; j < m.cols; j++) {
    w.vRe[j] = m.re[bestRow * m.cols + j];
    w.vIm[j] = -m.im[bestRow * m.cols + j];
  }
  return normOf(w.vRe, w.vIm);
}

/** d = s / by (a division, as the reference iteration, so results stay bit-identical). */
function scaleInto(dRe: Float64Array, dIm: Float64Array, sRe: Float64Array, sIm: Float64Array, by: number): void {
  for (let k = 0; k < dRe.length; k++) [dRe[k], dIm[k]] = [sRe[k] / by, sIm[k] / by];
}

/** σ of the best rank-one fit, with u and v in the workspace (all zero when σ = 0). */
export function rankOneInto(m: ComplexBlock, w: RankOneWorkspace, maxIter = 100): number {
  let nv = startVector(m, w);
  const zero = (): number => {
    [w.uRe, w.uIm, w.vRe, w.vIm].forEach((a) => a.fill(0));
    return 0;
  };
  if (nv === 0) return zero();
  scaleInto(w.vRe, w.vIm, w.vRe, w.vIm, nv);
  let sigma = 0;
  for (let it = 0; it < maxIter; it++) {
    mulM(m, w);
    nv = mulMH(m, w);
    if (nv === 0) return zero();
    scaleInto(w.vRe, w.vIm, w.wRe, w.wIm, nv);
    const next = Math.sqrt(nv);
    const done = Math.abs(next - sigma) <= 1e-15 * next;
    sigma = next;
    if (done) break;
  }
  mulM(m, w);
  const s = normOf(w.uRe, w.uIm);
  if (s === 0) return zero();
  scaleInto(w.uRe, w.uIm, w.uRe, w.uIm, s);
  return s;
}

export function rankOne(m: ComplexBlock, maxIter = 100): RankOne {
  const w = new RankOneWorkspace(m.rows, m.cols);
  const sigma = rankOneInto(m, w, maxIter);
  return { sigma, uRe: w.uRe, uIm: w.uIm, vRe: w.vRe, vIm: w.vIm };
}
