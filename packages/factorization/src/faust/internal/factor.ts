/**
 * One factor of a Faust, held in JavaScript typed arrays (float32 values) rather than tensors:
 * a sparse product S₁⋯S_J is applied by loops over the nonzeros, which no tfjs kernel offers
 * on the cpu and wasm backends, and typed arrays need no disposal, so a Faust owns no tensors.
 * A factor is either dense (row-major) or CSR; `im` is null for a real factor.
 */

export interface DenseFactor {
  readonly format: 'dense';
  readonly rows: number;
  readonly cols: number;
  readonly re: Float32Array;
  readonly im: Float32Array | null;
}

export interface CsrFactor {
  readonly format: 'csr';
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly re: Float32Array;
  readonly im: Float32Array | null;
}

export type Factor = DenseFactor | CsrFactor;

/**
 * A batch of column vectors [rows, batch], row-major (the batch is contiguous), in float32 like
 * the factors: half the memory traffic of float64, which is what a sparse product is bound by.
 */
export interface Block {
  readonly rows: number;
  readonly batch: number;
  readonly re: Float32Array;
  readonly im: Float32Array | null;
}

/** Density above which a factor is stored dense when the format is chosen automatically. */
export const DENSE_THRESHOLD = 0.25;

export function nnz(f: Factor): number {
  if (f.format === 'csr') return f.indptr[f.rows];
  let count = 0;
  for (let p = 0; p < f.re.length; p++) if (f.re[p] !== 0 || (f.im !== null && f.im[p] !== 0)) count++;
  return count;
}

export function denseFactor(rows: number, cols: number, re: Float32Array, im: Float32Array | null): DenseFactor {
  return { format: 'dense', rows, cols, re, im };
}

/** Dense → CSR, keeping every entry with a nonzero real or imaginary part. */
export function toCsr(f: Factor): CsrFactor {
  if (f.format === 'csr') return f;
  const count = nnz(f);
  const indptr = new Int32Array(f.rows + 1);
  const indices = new Int32Array(count);
  const re = new Float32Array(count);
  const im = f.im === null ? null : new Float32Array(count);
  let q = 0;
  for (let i = 0; i < f.rows; i++) {
    for (let j = 0; j < f.cols; j++) {
      const p = i * f.cols + j;
      if (f.re[p] === 0 && (f.im === null || f.im[p] === 0)) continue;
      indices[q] = j;
      re[q] = f.re[p];
      if (im !== null) im[q] = f.im![p];
      q++;
    }
    indptr[i + 1] = q;
  }
  return { format: 'csr', rows: f.rows, cols: f.cols, indptr, indices, re, im };
}

export function toDenseFactor(f: Factor): DenseFactor {
  if (f.format === 'dense') return f;
  const re = new Float32Array(f.rows * f.cols);
  const im = f.im === null ? null : new Float32Array(f.rows * f.cols);
  for (let i = 0; i < f.rows; i++) {
    for (let p = f.indptr[i]; p < f.indptr[i + 1]; p++) {
      re[i * f.cols + f.indices[p]] = f.re[p];
      if (im !== null) im[i * f.cols + f.indices[p]] = f.im![p];
    }
  }
  return denseFactor(f.rows, f.cols, re, im);
}

/** The format a factor gets when the caller lets the Faust choose ('dynamic', pyfaust's default). */
export function chooseFormat(f: Factor, format: 'dynamic' | 'dense' | 'sparse'): Factor {
  if (format === 'dense') return toDenseFactor(f);
  if (format === 'sparse') return toCsr(f);
  return nnz(f) / Math.max(1, f.rows * f.cols) > DENSE_THRESHOLD ? toDenseFactor(f) : toCsr(f);
}

/** Sᵀ (conjugated as well when `conjugate`), in the same format. */
export function transposeFactor(f: Factor, conjugate: boolean): Factor {
  const csr = toCsr(f);
  const count = csr.indptr[csr.rows];
  const indptr = new Int32Array(csr.cols + 1);
  for (let p = 0; p < count; p++) indptr[csr.indices[p] + 1]++;
  for (let j = 0; j < csr.cols; j++) indptr[j + 1] += indptr[j];
  const next = indptr.slice(0, csr.cols);
  const indices = new Int32Array(count);
  const re = new Float32Array(count);
  const im = csr.im === null ? null : new Float32Array(count);
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) {
      const q = next[csr.indices[p]]++;
      indices[q] = i;
      re[q] = csr.re[p];
      if (im !== null) im[q] = conjugate ? -csr.im![p] : csr.im![p];
    }
  }
  const t: CsrFactor = { format: 'csr', rows: csr.cols, cols: csr.rows, indptr, indices, re, im };
  return f.format === 'dense' ? toDenseFactor(t) : t;
}

export function conjFactor(f: Factor): Factor {
  if (f.im === null) return f;
  const im = f.im.map((v) => -v);
  return f.format === 'dense' ? { ...f, im } : { ...f, im };
}

export function scaleFactor(f: Factor, s: number): Factor {
  const re = f.re.map((v) => v * s);
  const im = f.im === null ? null : f.im.map((v) => v * s);
  return { ...f, re, im };
}
