/** Conversions between tensors (real or complex) and the JavaScript blocks and factors. */
import * as tf from '@tensorflow/tfjs';
import { isComplexTensor, SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { denseFactor, type Block, type DenseFactor } from './factor.js';

export type MatrixLike = tf.Tensor | ComplexTensor;

export function partsOf(x: MatrixLike, argument: string): { re: tf.Tensor; im: tf.Tensor | null } {
  if (x instanceof tf.Tensor) return { re: x, im: null };
  if (isComplexTensor(x)) return { re: x.re, im: x.im };
  throw new SparsekitError({ argument, value: x, expected: 'a tf.Tensor or a { re, im } complex tensor' });
}

/** A rank-2 tensor (or complex pair) as a dense factor (one read-back per part). */
export function factorFromTensor(x: MatrixLike, argument: string): DenseFactor {
  const { re, im } = partsOf(x, argument);
  if (re.rank !== 2) throw new SparsekitError({ argument, value: re, code: 'shape_mismatch', expected: 'a matrix (rank-2 tensor)' });
  if (im !== null && !tf.util.arraysEqual(re.shape, im.shape)) {
    throw new SparsekitError({ argument: `${argument}.im`, value: im, code: 'shape_mismatch', expected: `the shape of ${argument}.re` });
  }
  const reData = Float32Array.from(re.dataSync());
  const imData = im === null ? null : Float32Array.from(im.dataSync());
  for (const d of imData === null ? [reData] : [reData, imData]) {
    if (d.some((v) => !Number.isFinite(v))) {
      throw new SparsekitError({ argument, value: re, code: 'non_finite', expected: 'finite entries (found NaN or Infinity)' });
    }
  }
  return denseFactor(re.shape[0]!, re.shape[1]!, reData, imData);
}

/**
 * Reads a vector [n] or a batch of column vectors [n, B] into a block; `rowsExpected` is the
 * Faust's column count.
 */
export function blockFromTensor(x: MatrixLike, rowsExpected: number, argument: string): { block: Block; vector: boolean } {
  const { re, im } = partsOf(x, argument);
  if ((re.rank !== 1 && re.rank !== 2) || re.shape[0] !== rowsExpected) {
    throw new SparsekitError({
      argument,
      value: re,
      code: 'shape_mismatch',
      expected: `a vector [${rowsExpected}] or a batch of column vectors [${rowsExpected}, B]`,
    });
  }
  if (im !== null && !tf.util.arraysEqual(re.shape, im.shape)) {
    throw new SparsekitError({ argument: `${argument}.im`, value: im, code: 'shape_mismatch', expected: `the shape of ${argument}.re` });
  }
  const batch = re.rank === 1 ? 1 : re.shape[1]!;
  const block: Block = {
    rows: rowsExpected,
    batch,
    re: readOnlyFloat32(re),
    im: im === null ? null : readOnlyFloat32(im),
  };
  return { block, vector: re.rank === 1 };
}

/**
 * The tensor's values without a second copy when they already are float32: the kernels only read
 * an input block (on the cpu backend this is the tensor's own storage, so it must stay unwritten).
 */
function readOnlyFloat32(t: tf.Tensor): Float32Array {
  const d = t.dataSync();
  return d instanceof Float32Array ? d : Float32Array.from(d);
}

/** A block back to a float32 tensor (complex pair when the block is complex). */
export function blockToTensor(b: Block, vector: boolean): MatrixLike {
  const shape = vector ? [b.rows] : [b.rows, b.batch];
  const re = tf.tensor(b.re, shape, 'float32');
  if (b.im === null) return re;
  return { re, im: tf.tensor(b.im, shape, 'float32') };
}

/** Transposes a row-major block [rows, batch] into [batch, rows]. */
export function transposeBlock(b: Block): Block {
  const t = (d: Float32Array): Float32Array => {
    const out = new Float32Array(d.length);
    for (let i = 0; i < b.rows; i++) for (let k = 0; k < b.batch; k++) out[k * b.rows + i] = d[i * b.batch + k];
    return out;
  };
  return { rows: b.batch, batch: b.rows, re: t(b.re), im: b.im === null ? null : t(b.im) };
}

/** The first `count` columns of the identity starting at column `start`, as a block [n, count]. */
export function identityBlock(n: number, start: number, count: number): Block {
  const re = new Float32Array(n * count);
  for (let k = 0; k < count; k++) re[(start + k) * count + k] = 1;
  return { rows: n, batch: count, re, im: null };
}
