/**
 * Greedy truncated Jacobi on a complex Hermitian matrix (float64, re/im parts). A step zeroes the
 * off-diagonal entry b = |b|·e^{iφ} of largest modulus (lowest (p, q) first among ties) with the
 * unitary G = W·R on the (p, q) plane: W = diag(1, e^{−iφ}) makes the 2×2 block real symmetric,
 * R is the real Jacobi rotation of that block. M ← Gᴴ·M·G, and U = G₁⋯G_J satisfies
 * M₀ ≈ U·diag(d)·Uᴴ. G's entries: (p,p) = c, (p,q) = s, (q,p) = −s·e^{−iφ}, (q,q) = c·e^{−iφ}.
 */
import type { Factor } from '../../faust/internal/factor.js';
import { emptyTriplets, fromTriplets } from '../../faust/internal/structure.js';

export interface HermitianRotation {
  readonly p: number;
  readonly q: number;
  readonly c: number;
  readonly s: number;
  /** e^{−iφ} as (cos φ, −sin φ). */
  readonly er: number;
  readonly ei: number;
}

export interface Hermitian {
  readonly n: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

function pivot(m: Hermitian): [number, number, number] {
  const { n, re, im } = m;
  let [best, bp, bq] = [-1, 0, 1];
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      const v = re[p * n + q] ** 2 + im[p * n + q] ** 2;
      if (v > best) [best, bp, bq] = [v, p, q];
    }
  }
  return [bp, bq, Math.sqrt(best)];
}

function rotationFor(m: Hermitian, p: number, q: number): HermitianRotation {
  const { n, re, im } = m;
  const [br, bi] = [re[p * n + q], im[p * n + q]];
  const mod = Math.hypot(br, bi);
  if (mod === 0) return { p, q, c: 1, s: 0, er: 1, ei: 0 };
  const tau = (re[q * n + q] - re[p * n + p]) / (2 * mod);
  const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t);
  return { p, q, c, s: t * c, er: br / mod, ei: -bi / mod };
}

/** M ← Gᴴ·M·G. */
function rotate(m: Hermitian, g: HermitianRotation): void {
  const { n, re, im } = m;
  const { p, q, c, s, er, ei } = g;
  for (let k = 0; k < n; k++) {
    // columns: M·G
    const [ar, ai, br, bi] = [re[k * n + p], im[k * n + p], re[k * n + q], im[k * n + q]];
    const [er_b, ei_b] = [er * br - ei * bi, er * bi + ei * br]; // e^{−iφ}·m_kq
    re[k * n + p] = c * ar - s * er_b;
    im[k * n + p] = c * ai - s * ei_b;
    re[k * n + q] = s * ar + c * er_b;
    im[k * n + q] = s * ai + c * ei_b;
  }
  for (let k = 0; k < n; k++) {
    // rows: Gᴴ·M, with conj(e^{−iφ}) = e^{iφ}
    const [ar, ai, br, bi] = [re[p * n + k], im[p * n + k], re[q * n + k], im[q * n + k]];
    const [fr, fi] = [er * br + ei * bi, er * bi - ei * br]; // e^{iφ}·m_qk
    re[p * n + k] = c * ar - s * fr;
    im[p * n + k] = c * ai - s * fi;
    re[q * n + k] = s * ar + c * fr;
    im[q * n + k] = s * ai + c * fi;
  }
  re[p * n + q] = 0; // zero by construction: drop the rounding residue
  im[p * n + q] = 0;
  re[q * n + p] = 0;
  im[q * n + p] = 0;
}

function offDiagNorm(m: Hermitian): number {
  const { n, re, im } = m;
  let s = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) s += re[p * n + q] ** 2 + im[p * n + q] ** 2;
  return Math.sqrt(s);
}

/** Runs the rotations (modifying m) until `maxRot` or the relative off-diagonal norm ≤ tol. */
export function hermitianJacobi(m: Hermitian, maxRot: number, tol: number): { rotations: HermitianRotation[]; relOffDiag: number } {
  let total = 0;
  for (let p = 0; p < m.re.length; p++) total += m.re[p] ** 2 + m.im[p] ** 2;
  total = Math.sqrt(total) || 1;
  const rotations: HermitianRotation[] = [];
  let rel = offDiagNorm(m) / total;
  while (rotations.length < maxRot && rel > tol) {
    const [p, q, v] = pivot(m);
    if (v === 0) break;
    const g = rotationFor(m, p, q);
    rotate(m, g);
    rotations.push(g);
    rel = offDiagNorm(m) / total;
  }
  return { rotations, relOffDiag: rel };
}

/** G as a complex CSR factor (n + 2 nonzeros). */
export function hermitianGivensFactor(n: number, { p, q, c, s, er, ei }: HermitianRotation): Factor {
  const t = emptyTriplets();
  const push = (i: number, j: number, re: number, im: number) => {
    t.i.push(i);
    t.j.push(j);
    t.re.push(re);
    t.im.push(im);
  };
  for (let k = 0; k < n; k++) {
    if (k === p) {
      push(p, p, c, 0);
      push(p, q, s, 0);
    } else if (k === q) {
      push(q, p, -s * er, -s * ei);
      push(q, q, c * er, c * ei);
    } else push(k, k, 1, 0);
  }
  return fromTriplets(n, n, t, true);
}
