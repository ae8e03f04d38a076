/**
 * The two full passes over the standardised design X_s = (X − 1·meanᵀ)·diag(1/normx) that the
 * path loops need (‖X_s‖₂ by Lanczos, Gram columns, gradients past the Gram cache). With the
 * native addon's host kernels and the caller's float32 X, each pass is one C pass over the raw
 * float32 data plus a rank-one correction for the centring and a diagonal scaling:
 *   X_sᵀu = diag(1/normx)·(Xᵀu − mean·Σu),   X_s·v = X·w − (meanᵀw)·1 with w = v / normx.
 * Why: the raw data are read in float32 (half the bytes of the float64 copy) by a vectorised
 * loop, measured ~1.1 ms against ~7 ms for the V8 loops per pass on 1000×5000, and the Lanczos
 * estimate of ‖X_s‖₂ for the default step is ~90 passes there. The results equal the float64
 * loops up to float64 rounding, since X is exactly representable in both.
 */
import { hostKernels, type HostKernels } from '@sparsekit/tensor';
import { transposeTimes as transposeTimesJs } from '../../screening/design-matrix.js';
import type { Dense64, Standardized } from './design.js';

/** Products with the standardised design (float64 in and out). */
export interface DesignPasses {
  readonly rows: number;
  readonly cols: number;
  /** out = X_sᵀu (length cols). */
  transposeTimes(u: Float64Array, out?: Float64Array): Float64Array;
  /** out = X_s·v (length rows). */
  times(v: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * Above this ratio |mean_j|/normx_j the rank-one centring would cancel too many digits (the
 * relative error of a pass grows like 1e-16 times the ratio), so the float64 copy is used.
 */
const MAX_OFFSET = 1e4;

/**
 * The passes for `std`: through the native kernels when they are loaded and `raw` (the caller's
 * float32 X, row-major, before standardisation) is given, else the V8 loops over `std.x`.
 */
export function designPasses(std: Standardized, raw?: Float32Array): DesignPasses {
  const native = hostKernels();
  const { meanx, normx } = std;
  let offset = 0;
  for (let j = 0; j < meanx.length; j++) offset = Math.max(offset, Math.abs(meanx[j]) / normx[j]);
  if (native === undefined || raw === undefined || !(offset <= MAX_OFFSET)) return jsPasses(std.x);
  return nativePasses(native, raw, std);
}

function nativePasses(native: HostKernels, raw: Float32Array, std: Standardized): DesignPasses {
  const { rows: n, cols: p } = std.x;
  const { meanx, normx } = std;
  let rawT: Float32Array | undefined;
  const w = new Float64Array(p);
  return {
    rows: n,
    cols: p,
    transposeTimes(u, out = new Float64Array(p)) {
      native.transposeTimes(raw, n, p, u, out);
      let su = 0;
      for (let i = 0; i < n; i++) su += u[i];
      for (let j = 0; j < p; j++) out[j] = (out[j] - meanx[j] * su) / normx[j];
      return out;
    },
    times(v, out = new Float64Array(n)) {
      rawT ??= transposed(raw, n, p);
      let shift = 0;
      for (let j = 0; j < p; j++) {
        w[j] = v[j] / normx[j];
        shift += meanx[j] * w[j];
      }
      // X·w as (Xᵀ)ᵀ·w: the kernel streams the rows of Xᵀ
      native.transposeTimes(rawT, p, n, w, out);
      for (let i = 0; i < n; i++) out[i] -= shift;
      return out;
    },
  };
}

/** Xᵀ of a row-major n×p matrix, in 64×64 tiles (half the time of the plain double loop). */
function transposed(x: Float32Array, n: number, p: number): Float32Array {
  const out = new Float32Array(n * p);
  const B = 64;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 < p; j0 += B) {
      const j1 = Math.min(p, j0 + B);
      for (let i = i0; i < i1; i++) {
        const off = i * p;
        for (let j = j0; j < j1; j++) out[j * n + i] = x[off + j];
      }
    }
  }
  return out;
}

/**
 * The V8 loops over the float64 copy: X·v as row dot products with four accumulators, Xᵀu
 * blocked over eight rows (about 2× the plain loops on 1000×5000).
 */
export function jsPasses(a: Dense64): DesignPasses {
  const { rows, cols, data } = a;
  return {
    rows,
    cols,
    transposeTimes: (u, out) => transposeTimesJs(a, u, out),
    times(v, out = new Float64Array(rows)) {
      for (let i = 0, off = 0; i < rows; i++, off += cols) {
        let [s0, s1, s2, s3] = [0, 0, 0, 0];
        let j = 0;
        for (; j + 4 <= cols; j += 4) {
          s0 += data[off + j] * v[j];
          s1 += data[off + j + 1] * v[j + 1];
          s2 += data[off + j + 2] * v[j + 2];
          s3 += data[off + j + 3] * v[j + 3];
        }
        for (; j < cols; j++) s0 += data[off + j] * v[j];
        out[i] = s0 + s1 + s2 + s3;
      }
      return out;
    },
  };
}
