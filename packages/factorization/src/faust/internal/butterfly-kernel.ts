/**
 * Structured kernels for the two shapes that dominate transform-like Fausts: butterfly factors
 * (two nonzeros per row, rows pairing up on the same two columns) and permutations (one unit
 * entry per row). A butterfly pair reads its two input rows once and writes both outputs, which
 * halves the loads of a row-by-row CSR product; a permutation is a row copy (memcpy).
 */
import type { Block, CsrFactor } from './factor.js';

/** Row pairs (i, i') with the same two columns, as [i, i', j0, j1] quadruples; null when not butterfly. */
export type PairPlan = Int32Array;

const plans = new WeakMap<CsrFactor, PairPlan | null>();

/** The pairing of a factor's rows (cached per factor: factors are immutable). */
export function pairPlan(f: CsrFactor): PairPlan | null {
  if (plans.has(f)) return plans.get(f)!;
  const plan = buildPlan(f);
  plans.set(f, plan);
  return plan;
}

function buildPlan(f: CsrFactor): PairPlan | null {
  const { rows, indptr, indices } = f;
  if (rows % 2 !== 0 || indptr[rows] !== 2 * rows) return null;
  const firstRowOf = new Map<number, number>();
  const plan = new Int32Array(2 * rows);
  let q = 0;
  for (let i = 0; i < rows; i++) {
    if (indptr[i + 1] - indptr[i] !== 2) return null;
    const key = indices[2 * i] * f.cols + indices[2 * i + 1];
    const first = firstRowOf.get(key);
    if (first === undefined) {
      firstRowOf.set(key, i);
      continue;
    }
    firstRowOf.delete(key);
    plan.set([first, i, indices[2 * i], indices[2 * i + 1]], q);
    q += 4;
  }
  return firstRowOf.size === 0 ? plan : null;
}

/** y = S·x for a real butterfly factor and a real block, pair by pair. */
export function butterflyApplyReal(f: CsrFactor, plan: PairPlan, x: Block, out: Block): void {
  const b = x.batch;
  const fr = f.re;
  const xr = x.re;
  const yr = out.re;
  for (let q = 0; q < plan.length; q += 4) {
    const i0 = plan[q];
    const i1 = plan[q + 1];
    const a00 = fr[2 * i0];
    const a01 = fr[2 * i0 + 1];
    const a10 = fr[2 * i1];
    const a11 = fr[2 * i1 + 1];
    const u0 = plan[q + 2] * b;
    const v0 = plan[q + 3] * b;
    const y0 = i0 * b;
    const y1 = i1 * b;
    for (let k = 0; k < b; k++) {
      const u = xr[u0 + k];
      const v = xr[v0 + k];
      yr[y0 + k] = a00 * u + a01 * v;
      yr[y1 + k] = a10 * u + a11 * v;
    }
  }
}

/** y = S·x for a butterfly factor when the factor or the block is complex (missing parts are zero arrays). */
export function butterflyApplyComplex(f: CsrFactor, plan: PairPlan, fi: Float32Array, x: Block, xi: Float32Array, out: Block): void {
  const b = x.batch;
  const fr = f.re;
  const xr = x.re;
  const yr = out.re;
  const yi = out.im!;
  for (let q = 0; q < plan.length; q += 4) {
    const i0 = plan[q];
    const i1 = plan[q + 1];
    const [ar0, ai0, ar1, ai1] = [fr[2 * i0], fi[2 * i0], fr[2 * i0 + 1], fi[2 * i0 + 1]];
    const [br0, bi0, br1, bi1] = [fr[2 * i1], fi[2 * i1], fr[2 * i1 + 1], fi[2 * i1 + 1]];
    const u0 = plan[q + 2] * b;
    const v0 = plan[q + 3] * b;
    const y0 = i0 * b;
    const y1 = i1 * b;
    for (let k = 0; k < b; k++) {
      const ur = xr[u0 + k];
      const ui = xi[u0 + k];
      const vr = xr[v0 + k];
      const vi = xi[v0 + k];
      yr[y0 + k] = ar0 * ur - ai0 * ui + ar1 * vr - ai1 * vi;
      yi[y0 + k] = ar0 * ui + ai0 * ur + ar1 * vi + ai1 * vr;
      yr[y1 + k] = br0 * ur - bi0 * ui + br1 * vr - bi1 * vi;
      yi[y1 + k] = br0 * ui + bi0 * ur + br1 * vi + bi1 * vr;
    }
  }
}

/** Is the factor a permutation with unit entries (one real 1 per row)? Cached. */
const perms = new WeakMap<CsrFactor, boolean>();
export function isUnitPermutation(f: CsrFactor): boolean {
  let known = perms.get(f);
  if (known === undefined) {
    known = f.indptr[f.rows] === f.rows && f.re.every((v) => v === 1) && (f.im === null || f.im.every((v) => v === 0));
    for (let i = 0; known && i < f.rows; i++) known = f.indptr[i + 1] - f.indptr[i] === 1;
    perms.set(f, known);
  }
  return known;
}

/** y[i] = x[perm[i]]: one row copy per row. */
export function permutationApply(f: CsrFactor, x: Block, out: Block): void {
  const b = x.batch;
  for (let i = 0; i < f.rows; i++) {
    const src = f.indices[i] * b;
    out.re.set(x.re.subarray(src, src + b), i * b);
    if (out.im !== null) {
      if (x.im === null) out.im.fill(0, i * b, i * b + b);
      else out.im.set(x.im.subarray(src, src + b), i * b);
    }
  }
}
