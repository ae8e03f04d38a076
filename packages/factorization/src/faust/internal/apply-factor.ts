/**
 * y = S·x for one factor and a batch of column vectors. The batch is the innermost, contiguous
 * axis, so every nonzero S[i, j] costs one streaming axpy over a row of x: the loop the JIT
 * vectorises best, and the reason a batched sparse product beats a dense matmul.
 */
import type { Block, CsrFactor, DenseFactor, Factor } from './factor.js';

export function applyFactor(f: Factor, x: Block): Block {
  const complex = f.im !== null || x.im !== null;
  const out: Block = {
    rows: f.rows, batch: x.batch, re: new Float64Array(f.rows * x.batch), im: complex ? new Float64Array(f.rows * x.batch) : null,
  };
  if (f.format === 'csr') csrApply(f, x, out);
  else denseApply(f, x, out);
  return out;
}

function axpy(yr: Float64Array, yi: Float64Array | null, yo: number, ar: number, ai: number, x: Block, xo: number, b: number): void {
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

function csrApply(f: CsrFactor, x: Block, out: Block): void {
  const b = x.batch;
  for (let i = 0; i < f.rows; i++) {
    for (let p = f.indptr[i]; p < f.indptr[i + 1]; p++) {
      axpy(out.re, out.im, i * b, f.re[p], f.im === null ? 0 : f.im[p], x, f.indices[p] * b, b);
    }
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

/** S₁⋯S_J·x, right to left. */
export function applyChain(factors: readonly Factor[], x: Block): Block {
  let y = x;
  for (let j = factors.length - 1; j >= 0; j--) y = applyFactor(factors[j], y);
  return y;
}
