/**
 * The LBI loop of lbi-loop.ts for the squared loss without groups, in float64 plain JS: the
 * same discretisation, jump start, grid interpolation (z interpolated, then shrunk), entry
 * times and divergence rule, but each Bregman iteration is two passes over X in V8 instead of
 * ~20 tfjs kernels plus a synchronous read. Why: a path takes thousands of iterations, and on
 * small designs (100×500) the tfjs dispatches, not the flops, were two thirds of the time.
 * While β is sparse the gradient comes from cached Gram columns (p·|S| per iteration, see
 * gram-gradient.ts); past that, Xβ touches only the support of β and Xᵀr is one blocked pass.
 */
import type { Dense64 } from './design.js';
import type { DesignPasses } from './design-passes.js';
import { gramGradient } from './gram-gradient.js';
import { crossingFractions } from './shrink.js';
import { tGrid } from './path-grid.js';
import type { LbiLoopOutput } from './lbi-loop.js';

/** What the float64 loop needs: the standardised design and the response on the host. */
export interface LbiLoop64Input {
  readonly x: Dense64;
  /** Full passes over x (native or V8). */
  readonly passes: DesignPasses;
  readonly y: Float64Array;
  readonly kappa: number;
  readonly alpha: number;
  readonly alpha0Rate: number;
  readonly intercept: boolean;
  readonly interceptAtZero: number;
  readonly grid: { readonly nt: number; readonly trate: number; readonly tlist?: readonly number[] };
}

const DIVERGED = 2;

/** κ·shrink(z) at threshold 1. */
function shrinkInto(z: Float64Array, kappa: number, out: Float64Array): Float64Array {
  for (let j = 0; j < z.length; j++) {
    const v = z[j];
    out[j] = v > 1 ? kappa * (v - 1) : v < -1 ? kappa * (v + 1) : 0;
  }
  return out;
}

/** r = Xβ + a − y over the support of β; returns ½‖r‖². */
function residualInto(x: Dense64, beta: Float64Array, a: number, y: Float64Array, r: Float64Array): number {
  const { rows: n, cols: p, data } = x;
  const support: number[] = [];
  for (let j = 0; j < p; j++) if (beta[j] !== 0) support.push(j);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let s = a - y[i];
    const off = i * p;
    for (const j of support) s += data[off + j] * beta[j];
    r[i] = s;
    loss += s * s;
  }
  return loss / 2;
}

function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** Runs the loop; null when the gradient at the start is zero (nothing can enter). */
export function runLbiLoop64(inp: LbiLoop64Input): LbiLoopOutput | null {
  const { x, kappa, alpha } = inp;
  const { rows: n, cols: p } = x;
  const rate = kappa * inp.alpha0Rate;
  const a0 = inp.intercept ? inp.interceptAtZero : 0;
  const r = new Float64Array(n);
  const g = new Float64Array(p);
  let beta: Float64Array = new Float64Array(p);
  const loss0 = residualInto(x, beta, Math.fround(a0), inp.y, r);
  inp.passes.transposeTimes(r, g);
  let gmax = 0;
  for (let j = 0; j < p; j++) gmax = Math.max(gmax, Math.abs(g[j]));
  if (!(gmax > 0) || !Number.isFinite(gmax)) return null;
  const t0 = n / gmax;
  let z: Float64Array = Float64Array.from(g, (v) => (-v * t0) / n);
  let za = Math.fround(a0) / rate - (inp.intercept ? (sum(r) * t0) / n : 0);
  const t = tGrid(t0, inp.grid);
  const out = { beta: [] as Float32Array[], intercept: [] as Float32Array[] };
  let kk = 0;
  for (; kk < t.length && t[kk] <= t0; kk++) {
    out.beta.push(new Float32Array(p));
    out.intercept.push(Float32Array.of(a0));
  }
  const maxIter = (t[t.length - 1] - t0) / alpha + 1;
  const entryTime = new Array<number>(p).fill(Infinity);
  const c = alpha / n;
  const oldZ = Float64Array.from(z);
  let oldZa = za;
  let zNext: Float64Array = new Float64Array(p);
  const interp = new Float64Array(p);
  let finite = true;
  let diverged = false;
  let iter = 0;
  shrinkInto(z, kappa, beta);
  const gram = gramGradient(x, inp.y, inp.passes);
  let spareBeta: Float64Array = new Float64Array(p);
  for (; iter < maxIter && kk < t.length; iter++) {
    let sumR = gram.gradient(beta, rate * za, g);
    if (sumR === undefined) {
      residualInto(x, beta, rate * za, inp.y, r);
      inp.passes.transposeTimes(r, g);
      sumR = sum(r);
    }
    for (let j = 0; j < p; j++) zNext[j] = z[j] - c * g[j];
    if (inp.intercept) za -= c * sumR;
    [z, zNext] = [zNext, z];
    const nextBeta = shrinkInto(z, kappa, spareBeta);
    const before = t0 + (iter - 1) * alpha;
    recordEntries(oldZ, z, nextBeta, entryTime, (w) => Math.max(t0, before + w * alpha));
    spareBeta = beta;
    beta = nextBeta;
    const startK = kk;
    const rec = recordGrid64(
      { t, k: kk, t0, before: (iter - 1) * alpha, after: iter * alpha, alpha, kappa, rate },
      [oldZ, oldZa],
      [z, za],
      interp,
      out,
    );
    kk = rec.k;
    finite &&= rec.finite;
    if (!finite) break;
    if (kk > startK && !(residualInto(x, beta, rate * za, inp.y, r) <= DIVERGED * loss0)) {
      diverged = true;
      break;
    }
    oldZ.set(z);
    oldZa = za;
  }
  return { t, t0, beta: out.beta, intercept: out.intercept, entryTime, iterations: iter, finite, diverged };
}

interface GridStep {
  readonly t: readonly number[];
  readonly k: number;
  readonly t0: number;
  /** Offsets from t0 of the iterates before and after the step. */
  readonly before: number;
  readonly after: number;
  readonly alpha: number;
  readonly kappa: number;
  readonly rate: number;
}

/** Grid values inside the last step: z (and z_a) interpolated linearly, then shrunk (Libra). */
function recordGrid64(
  g: GridStep,
  [oldZ, oldZa]: readonly [Float64Array, number],
  [z, za]: readonly [Float64Array, number],
  interp: Float64Array,
  out: { beta: Float32Array[]; intercept: Float32Array[] },
): { k: number; finite: boolean } {
  let finite = true;
  let k = g.k;
  for (; k < g.t.length && g.t[k] - g.t0 <= g.after; k++) {
    const w = (g.t[k] - g.t0 - g.before) / g.alpha;
    for (let j = 0; j < z.length; j++) interp[j] = w * z[j] + (1 - w) * oldZ[j];
    const b = Float32Array.from(shrinkInto(interp, g.kappa, new Float64Array(z.length)));
    const a = Math.fround(g.rate * (w * za + (1 - w) * oldZa));
    finite &&= b.every(Number.isFinite) && Number.isFinite(a);
    out.beta.push(b);
    out.intercept.push(Float32Array.of(a));
  }
  return { k, finite };
}

/** Entry times of variables that became nonzero in the last step (the z crossing, as lbi-loop.ts). */
function recordEntries(
  before: Float64Array,
  after: Float64Array,
  beta: Float64Array,
  entryTime: number[],
  at: (w: number) => number,
): void {
  let any = false;
  for (let j = 0; j < beta.length; j++) if (beta[j] !== 0 && entryTime[j] === Infinity) any = true;
  if (!any) return;
  const w = crossingFractions(before, after, 1);
  for (let j = 0; j < beta.length; j++) if (beta[j] !== 0 && entryTime[j] === Infinity) entryTime[j] = at(Number.isNaN(w[j]) ? 1 : w[j]);
}
