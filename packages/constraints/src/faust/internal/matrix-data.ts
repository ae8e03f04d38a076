/** Float32 copies of user matrices given as tensors or nested arrays (stored by value). */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/** A matrix stored by value: row-major float32 data and its shape. */
export interface MatrixData {
  readonly shape: [number, number];
  readonly data: Float32Array;
}

/**
 * Copies a rank-2 tensor or a rectangular `number[][]` with finite entries, so the projector
 * does not depend on the caller keeping (or disposing) the original tensor.
 */
export function matrixData(argument: string, value: unknown): MatrixData {
  if (value instanceof tf.Tensor) {
    if (value.rank !== 2) throw new SparsekitError({ argument, value, code: 'shape_mismatch', expected: 'a matrix (rank-2 tensor)' });
    return checkFinite(argument, {
      shape: [value.shape[0], value.shape[1]],
      data: Float32Array.from(value.dataSync() as ArrayLike<number>),
    });
  }
  if (Array.isArray(value) && value.length > 0 && value.every((r) => Array.isArray(r) && r.length === value[0].length && r.length > 0)) {
    const rows = value as unknown[][];
    const data = Float32Array.from(rows.flat().map((v) => (typeof v === 'number' ? v : NaN)));
    return checkFinite(argument, { shape: [rows.length, rows[0].length], data });
  }
  throw new SparsekitError({ argument, value, expected: 'a rank-2 tf.Tensor or a non-empty rectangular number[][]' });
}

function checkFinite(argument: string, m: MatrixData): MatrixData {
  const bad = m.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new SparsekitError({ argument, value: `entry ${bad} = ${m.data[bad]}`, code: 'non_finite', expected: 'finite numbers' });
  }
  return m;
}

/** Throws when the input shape differs from the stored matrix shape. */
export function requireShape(argument: string, shape: readonly number[], expected: readonly number[], owner: string): void {
  if (shape[0] !== expected[0] || shape[1] !== expected[1]) {
    throw new SparsekitError({
      argument,
      value: `shape [${shape.join(', ')}]`,
      code: 'shape_mismatch',
      expected: `shape [${expected.join(', ')}] (the shape of ${owner})`,
    });
  }
}
