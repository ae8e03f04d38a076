/**
 * Float64 row-major matrices read from user input (nested arrays or tensors). The regression and
 * ranking cores are small or sparse, so they run in plain float64 JS: exact enough to compare
 * against float64 references and free of tensor lifetimes.
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';

/** Row-major n×p float64 data. */
export interface Mat64 {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A user-supplied design or data matrix. */
export type MatrixInput = tf.Tensor2D | readonly (readonly number[])[];
/** A user-supplied vector. */
export type VectorInput = tf.Tensor1D | readonly number[] | Float64Array;

/** Reads a matrix; wrong rank or ragged rows are programming errors. */
export function readMatrix(name: string, x: MatrixInput): Mat64 {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) throw new SparsekitError({ argument: name, value: x, code: 'shape_mismatch', expected: 'a rank-2 tensor' });
    return { rows: x.shape[0], cols: x.shape[1], data: Float64Array.from(x.dataSync()) };
  }
  if (!Array.isArray(x)) throw new SparsekitError({ argument: name, value: x, expected: 'a 2-D array or a rank-2 tensor' });
  const rows = x.length;
  const cols = rows === 0 ? 0 : x[0].length;
  const data = new Float64Array(rows * cols);
  x.forEach((row, i) => {
    if (row.length !== cols)
      throw new SparsekitError({
        argument: `${name}[${i}]`,
        value: row.length,
        code: 'shape_mismatch',
        expected: `${cols} entries like row 0`,
      });
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  });
  return { rows, cols, data };
}

/** Reads a vector. */
export function readVector(name: string, v: VectorInput): Float64Array {
  if (v instanceof tf.Tensor) {
    if (v.rank !== 1) throw new SparsekitError({ argument: name, value: v, code: 'shape_mismatch', expected: 'a rank-1 tensor' });
    return Float64Array.from(v.dataSync());
  }
  return Float64Array.from(v);
}

/** The data-dependent error of this package (same shape as the solvers' errors). */
export type DataError = SparsekitError;

/** Left when any entry is NaN or ±Infinity, naming the first offending index. */
export function checkFinite(name: string, data: ArrayLike<number>): Either<DataError, true> {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      return left(new SparsekitError({ argument: `${name}[${i}]`, value: data[i], code: 'non_finite', expected: 'finite data' }));
    }
  }
  return right(true);
}

/** Column j of a row-major matrix. */
export function column(m: Mat64, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/** [1, X] when an intercept is fitted (unpenalised column of ones first), else X. */
export function withIntercept(m: Mat64, intercept: boolean): Mat64 {
  if (!intercept) return m;
  const p = m.cols + 1;
  const data = new Float64Array(m.rows * p);
  for (let i = 0; i < m.rows; i++) {
    data[i * p] = 1;
    for (let j = 0; j < m.cols; j++) data[i * p + j + 1] = m.data[i * m.cols + j];
  }
  return { rows: m.rows, cols: p, data };
}

/** X·b. */
export function matVec(m: Mat64, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += m.data[o + j] * b[j];
    out[i] = s;
  }
  return out;
}

/** Xᵀv. */
export function matTVec(m: Mat64, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) out[j] += m.data[o + j] * vi;
  }
  return out;
}

/** Rows `idx` of m. */
export function selectRows(m: Mat64, idx: readonly number[]): Mat64 {
  const data = new Float64Array(idx.length * m.cols);
  idx.forEach((r, k) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), k * m.cols));
  return { rows: idx.length, cols: m.cols, data };
}

/** Median of a copy of v. */
export function median(v: ArrayLike<number>): number {
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Normalised median absolute deviation about the median (1.4826·MAD, consistent at the normal). */
export function madScale(v: ArrayLike<number>): number {
  const m = median(v);
  return 1.4826 * median(Array.from(v, (x) => Math.abs(x - m)));
}
