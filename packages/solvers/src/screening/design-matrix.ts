/**
 * A dense design matrix held in plain JS memory for the working-set solvers: row-major float32
 * (as tfjs stores it, so no transpose is needed), with column norms and float64 column copies
 * made only for the few columns of a working set.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/** Row-major n×p data, float32 or float64. */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}

/** Reads a tf.Tensor2D (one device read) or checks a DenseMatrix. */
export function toDenseMatrix(X: tf.Tensor2D | DenseMatrix): DenseMatrix {
  if (X instanceof tf.Tensor) {
    if (X.rank !== 2) throw new SparsekitError({ argument: 'X', value: X, code: 'shape_mismatch', expected: 'a rank-2 tensor' });
    return { rows: X.shape[0], cols: X.shape[1], data: X.dataSync() as Float32Array };
  }
  if (X.data.length !== X.rows * X.cols) {
    throw new SparsekitError({ argument: 'X.data', value: X.data.length, code: 'shape_mismatch', expected: `rows·cols = ${X.rows * X.cols} entries` });
  }
  return X;
}

/** g = Xᵀv (length p), streaming over rows so memory is read once, in order. */
export function transposeTimes(X: DenseMatrix, v: Float64Array, out: Float64Array = new Float64Array(X.cols)): Float64Array {
  const { rows, cols, data } = X;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const off = i * cols;
    for (let j = 0; j < cols; j++) out[j] += vi * data[off + j];
  }
  return out;
}

/** Squared column norms ‖x_j‖². */
export function columnSquaredNorms(X: DenseMatrix): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let j = 0; j < cols; j++) out[j] += data[off + j] * data[off + j];
  }
  return out;
}

/** Column-major float64 copy of the chosen columns (n·|cols| entries). */
export function gatherColumns(X: DenseMatrix, columns: Int32Array): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * columns.length);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let k = 0; k < columns.length; k++) out[k * rows + i] = data[off + columns[k]];
  }
  return out;
}
