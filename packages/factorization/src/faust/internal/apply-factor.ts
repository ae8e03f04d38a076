/**
 * y = S·x for one factor and a batch of column vectors. The batch is the innermost, contiguous
 * axis, so every nonzero S[i, j] costs one streaming axpy over a row of x: the loop the JIT
 * vectorises best, and the reason a batched sparse product beats a dense matmul.
 */
import type { Block, CsrFactor, DenseFactor, Factor } from './factor.js';
import { butterflyApplyComplex, butterflyApplyReal, isUnitPermutation, pairPlan, permutationApply } from './butterfly-kernel.js';

/** S·x into `into` (reused storage, overwritten) or fresh arrays. */
export function applyFactor(f: Factor, x: Block, into?: { re: Float32Array; im: Float32Array | null }): Block {
  const complex = f.im !== null || x.im !== null;
  const size = f.rows * x.batch;
  const re = into ? into.re.subarray(0, size) : new Float32Array(size);
  const im = complex ? (into?.im ? into.im.subarray(0, size) : new Float32Array(size)) : null;
  const out: Block = { rows: f.rows, batch: x.batch, re, im };
  if (f.format === 'csr') csrApply(f, x, out, into !== undefined);
  else {
    if (into) clear(out);
    denseApply(f, x, out);
  }
  return out;
}

function axpy(yr: Float32Array, yi: Float32Array | null, yo: number, ar: number, ai: number, x: Block, xo: number, b: number): void {
  const xr = x.re;
  const xi = x.im;
  if (yi === null) {
    for (let k = 0; k < b; k++) yr[yo + k] += ar * xr[xo + k];
  } else if (xi === null) {
    for (let k = 0; k < b; k++) {
      const v = xr[xo + k];
      yr[yo + k] += ar * v;
      yi[yo + k] += ai * v;
    }
  } else if (ai === 0) {
    for (let k = 0; k < b; k++) {
      yr[yo + k] += ar * xr[xo + k];
      yi[yo + k] += ar * xi[xo + k];
    }
  } else {
    for (let k = 0; k < b; k++) {
      const vr = xr[xo + k];
      const vi = xi[xo + k];
      yr[yo + k] += ar * vr - ai * vi;
      yi[yo + k] += ar * vi + ai * vr;
    }
  }
}

function clear(out: Block): void {
  out.re.fill(0);
  out.im?.fill(0);
}

/** The structured kernels overwrite every output entry; only the general complex loop accumulates into reused storage. */
function csrApply(f: CsrFactor, x: Block, out: Block, reused: boolean): void {
  if (isUnitPermutation(f)) {
    permutationApply(f, x, out);
    return;
  }
  const plan = pairPlan(f);
  if (plan !== null && out.im === null) {
    butterflyApplyReal(f, plan, x, out);
    return;
  }
  if (plan !== null) {
    butterflyApplyComplex(f, plan, f.im ?? new Float32Array(f.re.length), x, x.im ?? new Float32Array(x.re.length), out);
    return;
  }
  if (reused && out.im !== null) clear(out);
  generalCsrApply(f, x, out);
}

function generalCsrApply(f: CsrFactor, x: Block, out: Block): void {
  // Three monomorphic loops (real·real, then complex) so the JIT keeps the inner axpy tight.
  const b = x.batch;
  const { indptr, indices } = f;
  const fr = f.re;
  const yr = out.re;
  const xr = x.re;
  if (out.im === null) {
    for (let i = 0; i < f.rows; i++) {
      const yo = i * b;
      const p0 = indptr[i];
      const p1 = indptr[i + 1];
      if (p0 === p1) {
        yr.fill(0, yo, yo + b);
        continue;
      }
      // The first nonzero writes the row, the others accumulate: one pass less over y.
      const a0 = fr[p0];
      const x0 = indices[p0] * b;
      if (p1 - p0 === 2) {
        // Butterfly rows (two nonzeros): a single pass writes y.
        const a1 = fr[p0 + 1];
        const x1 = indices[p0 + 1] * b;
        for (let k = 0; k < b; k++) yr[yo + k] = a0 * xr[x0 + k] + a1 * xr[x1 + k];
        continue;
      }
      for (let k = 0; k < b; k++) yr[yo + k] = a0 * xr[x0 + k];
      for (let p = p0 + 1; p < p1; p++) {
        const a = fr[p];
        const xo = indices[p] * b;
        for (let k = 0; k < b; k++) yr[yo + k] += a * xr[xo + k];
      }
    }
    return;
  }
  const yi = out.im;
  const fi = f.im ?? new Float32Array(fr.length);
  const xi = x.im ?? new Float32Array(xr.length);
  for (let i = 0; i < f.rows; i++) {
    const yo = i * b;
    if (indptr[i + 1] - indptr[i] === 2) {
      butterflyRow(yr, yi, yo, indptr[i], f.indices, fr, fi, xr, xi, b);
      continue;
    }
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const ar = fr[p];
      const ai = fi[p];
      const xo = indices[p] * b;
      for (let k = 0; k < b; k++) {
        const vr = xr[xo + k];
        const vi = xi[xo + k];
        yr[yo + k] += ar * vr - ai * vi;
        yi[yo + k] += ar * vi + ai * vr;
      }
    }
  }
}

/** y[row] = (a0 + i·b0)·x[j0] + (a1 + i·b1)·x[j1] in one pass (complex butterfly rows). */
function butterflyRow(
  yr: Float32Array,
  yi: Float32Array,
  yo: number,
  p: number,
  indices: Int32Array,
  fr: Float32Array,
  fi: Float32Array,
  xr: Float32Array,
  xi: Float32Array,
  b: number,
): void {
  const [a0, b0, a1, b1] = [fr[p], fi[p], fr[p + 1], fi[p + 1]];
  const x0 = indices[p] * b;
  const x1 = indices[p + 1] * b;
  for (let k = 0; k < b; k++) {
    const [ur, ui, vr, vi] = [xr[x0 + k], xi[x0 + k], xr[x1 + k], xi[x1 + k]];
    yr[yo + k] = a0 * ur - b0 * ui + a1 * vr - b1 * vi;
    yi[yo + k] = a0 * ui + b0 * ur + a1 * vi + b1 * vr;
  }
}

function denseApply(f: DenseFactor, x: Block, out: Block): void {
  const b = x.batch;
  for (let i = 0; i < f.rows; i++) {
    for (let j = 0; j < f.cols; j++) {
      const ar = f.re[i * f.cols + j];
      const ai = f.im === null ? 0 : f.im[i * f.cols + j];
      if (ar === 0 && ai === 0) continue;
      axpy(out.re, out.im, i * b, ar, ai, x, j * b, b);
    }
  }
}

type Buffers = { re: Float32Array; im: Float32Array | null }[];

/**
 * The ping-pong buffers of the last chain applied, per factor list (a Faust's factors never
 * change): repeated applies to same-sized batches allocate only their result, which keeps the
 * garbage collector out of the timing of a loop of applies.
 */
const scratch = new WeakMap<readonly Factor[], Buffers>();

function buffersFor(factors: readonly Factor[], size: number, complex: boolean): Buffers {
  const cached = scratch.get(factors);
  if (cached !== undefined && cached[0].re.length >= size && (cached[0].im !== null || !complex)) return cached;
  const fresh = [0, 1].map(() => ({ re: new Float32Array(size), im: complex ? new Float32Array(size) : null }));
  scratch.set(factors, fresh);
  return fresh;
}

/**
 * S₁⋯S_J·x, right to left, ping-ponging between two cached buffers; the last product gets fresh
 * arrays, since the caller keeps it. Not reentrant per factor list (JavaScript is single-threaded).
 */
export function applyChainJs(factors: readonly Factor[], x: Block): Block {
  const complex = x.im !== null || factors.some((f) => f.im !== null);
  const size = Math.max(...factors.map((f) => f.rows)) * x.batch;
  const buffers = factors.length > 1 ? buffersFor(factors, size, complex) : [];
  let y = x;
  for (let j = factors.length - 1; j >= 0; j--) y = applyFactor(factors[j], y, j === 0 ? undefined : buffers[j % 2]);
  return y;
}
