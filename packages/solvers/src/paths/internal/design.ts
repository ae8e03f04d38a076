/**
 * Float64 preprocessing of a design matrix, shared by the path solvers. Centring and scaling
 * happen in float64 before the data is uploaded as float32, so the float32 iterations see the
 * same standardised design Libra's C code sees (up to rounding of the final values).
 */
import * as tf from '@tensorflow/tfjs';
import { largestSingularValue, SparsekitError, type LinearOperator64 } from '@sparsekit/tensor';
import { jsPasses, type DesignPasses } from './design-passes.js';

/** A dense row-major float64 matrix. */
export interface Dense64 {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** A matrix read from the caller: the float64 copy, and the float32 data it came from (float32 tensors). */
export interface ReadMatrix extends Dense64 {
  readonly source32?: Float32Array;
}

/** Reads a rank-2 tensor or nested array into float64, checking finiteness. */
export function readMatrix(argument: string, x: tf.Tensor | readonly (readonly number[])[]): ReadMatrix {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) throw new SparsekitError({ argument, value: x, code: 'shape_mismatch', expected: 'a rank-2 tensor [n, p]' });
    const values = x.dataSync();
    const data = Float64Array.from(values as ArrayLike<number>);
    checkFinite(argument, { data, rows: x.shape[0]!, cols: x.shape[1]! });
    return { data, rows: x.shape[0]!, cols: x.shape[1]!, source32: values instanceof Float32Array ? values : undefined };
  }
  const rows = x.length;
  const cols = rows > 0 ? x[0].length : 0;
  if (rows === 0 || cols === 0 || x.some((r) => r.length !== cols)) {
    throw new SparsekitError({ argument, value: x, code: 'shape_mismatch', expected: 'a non-empty rectangular matrix' });
  }
  const data = new Float64Array(rows * cols);
  x.forEach((r, i) =>
    r.forEach((v, j) => {
      data[i * cols + j] = v;
    }),
  );
  return checkFinite(argument, { data, rows, cols });
}

function checkFinite(argument: string, m: Dense64): Dense64 {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new SparsekitError({ argument, value: m.data[i], code: 'non_finite', expected: `finite entries (flat index ${i})` });
    }
  }
  return m;
}

/** Reads a vector (tensor or array) into float64. */
export function readVector(argument: string, y: tf.Tensor | readonly number[]): Float64Array {
  if (y instanceof tf.Tensor) {
    if (y.rank !== 1) throw new SparsekitError({ argument, value: y, code: 'shape_mismatch', expected: 'a rank-1 tensor' });
    return Float64Array.from(y.dataSync() as ArrayLike<number>);
  }
  return Float64Array.from(y);
}

/** Result of {@link standardize}: the transformed design and how to undo it on coefficients. */
export interface Standardized {
  readonly x: Dense64;
  /** Column means subtracted (zeros without an intercept). */
  readonly meanx: Float64Array;
  /** Column scales divided by (ones without normalisation): sqrt(Σ x²/n) after centring. */
  readonly normx: Float64Array;
}

/**
 * Libra's preprocessing: centre columns when there is an intercept, then scale them to
 * ‖x_j‖² = n when `normalize`. Constant columns keep scale 1 so they stay exactly zero instead
 * of turning into NaN.
 */
export function standardize(x: Dense64, intercept: boolean, normalize: boolean): Standardized {
  const { rows: n, cols: p } = x;
  const data = Float64Array.from(x.data);
  const meanx = new Float64Array(p);
  const normx = new Float64Array(p).fill(1);
  // column sums, then one division (R's `one %*% X / n`); row-wise loops keep the reads in order
  if (intercept) {
    for (let i = 0, off = 0; i < n; i++, off += p) for (let j = 0; j < p; j++) meanx[j] += data[off + j];
    for (let j = 0; j < p; j++) meanx[j] /= n;
  }
  const ss = new Float64Array(p);
  for (let i = 0, off = 0; i < n; i++, off += p) {
    for (let j = 0; j < p; j++) {
      const v = data[off + j] - meanx[j];
      data[off + j] = v;
      ss[j] += v * v;
    }
  }
  if (normalize) {
    for (let j = 0; j < p; j++) normx[j] = ss[j] > 0 ? Math.sqrt(ss[j] / n) : 1;
    for (let i = 0, off = 0; i < n; i++, off += p) for (let j = 0; j < p; j++) data[off + j] /= normx[j];
  }
  return { x: { data, rows: n, cols: p }, meanx, normx };
}

/** y = A·v (float64). */
export function matVec(a: Dense64, v: Float64Array): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const off = i * a.cols;
    for (let j = 0; j < a.cols; j++) s += a.data[off + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** y = Aᵀ·v (float64). */
export function matTVec(a: Dense64, v: Float64Array): Float64Array {
  const out = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const off = i * a.cols;
    for (let j = 0; j < a.cols; j++) out[j] += a.data[off + j] * vi;
  }
  return out;
}

/**
 * ‖A‖₂ in float64 (Lanczos from @sparsekit/tensor): power iteration is far too slow on the
 * clustered top spectrum of a Gaussian design; see `largestSingularValue`. `passes` (the native
 * passes of design-passes.ts) replaces the V8 loops over `a` when given.
 */
export function spectralNorm64(a: Dense64, passes: DesignPasses = jsPasses(a)): number {
  // Ritz values settled to 1e-9: the step sizes built from ‖X‖₂ feed paths stored in float32
  // (resolution 6e-8), and on 1000×5000 that is 44 Lanczos steps instead of 55 at 1e-12.
  const op: LinearOperator64 = {
    rows: a.rows,
    cols: a.cols,
    times: (v) => passes.times(v),
    transposeTimes: (u) => passes.transposeTimes(u),
  };
  return largestSingularValue(op, { tol: 1e-9 }).value;
}

/** Uploads a float64 matrix as a float32 tensor. */
export function toTensor2d(a: Dense64): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(a.data), [a.rows, a.cols]);
}
