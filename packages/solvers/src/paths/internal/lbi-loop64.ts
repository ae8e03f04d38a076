/**
 * The LBI loop of lbi-loop.ts for the squared loss without groups, in float64 plain JS: the
 * same discretisation, jump start, grid interpolation (z interpolated, then shrunk), entry
 * times and divergence rule, but each Bregman iteration is two passes over X in V8 instead of
 * ~20 tfjs kernels plus a synchronous read. Why: a path takes thousands of iterations, and on
 * small designs (100×500) the tfjs dispatches, not the flops, were two thirds of the time.
 * While β is sparse a step is one fused pass over cached Gram columns (p·|S| per iteration, see
 * gram-step.ts); past that, Xβ touches only the support of β and Xᵀr is one full pass. Entry
 * times are looked up over the support only, and z and its predecessor swap buffers.
 */
import type { Dense64 } from './design.js';
import type { DesignPasses } from './design-passes.js';
import { gramStep, type GramStep, type Support } from './gram-step.js';
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

/**
 * r = Xβ + a − y with β = κ·shrink(z) over the support; returns ½‖r‖². With the support's
 * columns cached contiguously (gram-step.ts) r is accumulated column by column, in the same
 * order per row as the row-major loop: on 1000×5000 the strided reads of the 51 support
 * columns from row-major X were cache misses costing ~1 ms a call.
 */
function residualInto(x: Dense64, z: Float64Array, kappa: number, gram: GramStep, a: number, y: Float64Array, r: Float64Array): number {
  const { rows: n, cols: p, data } = x;
  const { index, size } = gram.support();
  const beta = new Float64Array(size);
  for (let m = 0; m < size; m++) {
    const v = z[index[m]];
    beta[m] = v > 1 ? kappa * (v - 1) : kappa * (v + 1);
  }
  const cols = Array.from(index.subarray(0, size), (j) => gram.xColumn(j));
  if (cols.every((col) => col !== undefined)) {
    for (let i = 0; i < n; i++) r[i] = a - y[i];
    cols.forEach((col, m) => {
      const bm = beta[m];
      for (let i = 0; i < n; i++) r[i] += col[i] * bm;
    });
  } else {
    for (let i = 0; i < n; i++) {
      let sum = a - y[i];
      const off = i * p;
      for (let m = 0; m < size; m++) sum += data[off + index[m]] * beta[m];
      r[i] = sum;
    }
  }
  let loss = 0;
  for (let i = 0; i < n; i++) loss += r[i] * r[i];
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
  const gram = gramStep(x, inp.y, kappa, inp.passes);
  gram.reset(g); // g is still zero: the support of β = 0
  const loss0 = residualInto(x, g, kappa, gram, Math.fround(a0), inp.y, r);
  inp.passes.transposeTimes(r, g);
  let gmax = 0;
  for (let j = 0; j < p; j++) gmax = Math.max(gmax, Math.abs(g[j]));
  if (!(gmax > 0) || !Number.isFinite(gmax)) return null;
  const t0 = n / gmax;
  // z and the iterate before it: two buffers swapped every step
  let z: Float64Array = Float64Array.from(g, (v) => (-v * t0) / n);
  let oldZ: Float64Array = Float64Array.from(z);
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
  let oldZa = za;
  let finite = true;
  let diverged = false;
  let iter = 0;
  gram.reset(z);
  for (; iter < maxIter && kk < t.length; iter++) {
    [oldZ, z] = [z, oldZ];
    let sumR = gram.step(oldZ, rate * za, c, z);
    if (sumR === undefined) {
      residualInto(x, oldZ, kappa, gram, rate * za, inp.y, r);
      inp.passes.transposeTimes(r, g);
      gram.apply(oldZ, g, c, z);
      sumR = sum(r);
    }
    if (inp.intercept) za -= c * sumR;
    recordEntries(oldZ, z, gram.support(), entryTime, t0 + (iter - 1) * alpha, alpha, t0);
    const startK = kk;
    const rec = recordGrid64(
      { t, k: kk, t0, before: (iter - 1) * alpha, after: iter * alpha, alpha, kappa, rate },
      [oldZ, oldZa],
      [z, za],
      out,
    );
    kk = rec.k;
    finite &&= rec.finite;
    if (!finite) break;
    if (kk > startK && !(residualInto(x, z, kappa, gram, rate * za, inp.y, r) <= DIVERGED * loss0)) {
      diverged = true;
      break;
    }
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
  out: { beta: Float32Array[]; intercept: Float32Array[] },
): { k: number; finite: boolean } {
  let finite = true;
  let k = g.k;
  for (; k < g.t.length && g.t[k] - g.t0 <= g.after; k++) {
    const w = (g.t[k] - g.t0 - g.before) / g.alpha;
    const b = new Float32Array(z.length);
    let bad = false;
    for (let j = 0; j < z.length; j++) {
      const v = w * z[j] + (1 - w) * oldZ[j];
      b[j] = v > 1 ? g.kappa * (v - 1) : v < -1 ? g.kappa * (v + 1) : 0;
      bad ||= !Number.isFinite(b[j]);
    }
    const a = Math.fround(g.rate * (w * za + (1 - w) * oldZa));
    finite &&= !bad && Number.isFinite(a);
    out.beta.push(b);
    out.intercept.push(Float32Array.of(a));
  }
  return { k, finite };
}

/**
 * Entry times of the variables of the new support not entered before: where z_j, moving linearly
 * from `before` to `after` over one step starting at time `start`, crosses the threshold (as
 * lbi-loop.ts), never before t0.
 */
function recordEntries(
  before: Float64Array,
  after: Float64Array,
  support: Support,
  entryTime: number[],
  start: number,
  alpha: number,
  t0: number,
): void {
  for (let m = 0; m < support.size; m++) {
    const j = support.index[m];
    if (entryTime[j] !== Infinity) continue;
    const d = after[j] - before[j];
    const w = d === 0 ? 1 : Math.min(1, Math.max(0, (Math.sign(d) - before[j]) / d));
    entryTime[j] = Math.max(t0, start + w * alpha);
  }
}
