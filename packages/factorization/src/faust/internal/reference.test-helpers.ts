/** float64 plain-JS references for tests: complex dense matrices and products. */
import * as tf from '@tensorflow/tfjs';
import type { ComplexTensor, Rng } from '@sparsekit/tensor';

export interface Dense64 {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export function zeros64(rows: number, cols: number): Dense64 {
  return { rows, cols, re: new Float64Array(rows * cols), im: new Float64Array(rows * cols) };
}

export function matmul64(a: Dense64, b: Dense64): Dense64 {
  const c = zeros64(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const ar = a.re[i * a.cols + k];
      const ai = a.im[i * a.cols + k];
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < b.cols; j++) {
        const br = b.re[k * b.cols + j];
        const bi = b.im[k * b.cols + j];
        c.re[i * b.cols + j] += ar * br - ai * bi;
        c.im[i * b.cols + j] += ar * bi + ai * br;
      }
    }
  }
  return c;
}

/** Random matrix with a given fraction of nonzeros (float32-representable values). */
export function random64(rng: Rng, rows: number, cols: number, density: number, complex: boolean): Dense64 {
  const m = zeros64(rows, cols);
  const keep = rng.uniformArray(rows * cols);
  const re = rng.normalArray(rows * cols);
  const im = rng.normalArray(rows * cols);
  for (let p = 0; p < rows * cols; p++) {
    if (keep[p] >= density) continue;
    m.re[p] = Math.fround(re[p]);
    m.im[p] = complex ? Math.fround(im[p]) : 0;
  }
  return m;
}

export function toTensor(m: Dense64, complex: boolean): tf.Tensor2D | ComplexTensor {
  const re = tf.tensor2d(Float32Array.from(m.re), [m.rows, m.cols]);
  return complex ? { re, im: tf.tensor2d(Float32Array.from(m.im), [m.rows, m.cols]) } : re;
}

export function read(x: tf.Tensor | ComplexTensor, rows: number, cols: number): Dense64 {
  const re = Float64Array.from((x instanceof tf.Tensor ? x : x.re).dataSync());
  const im = x instanceof tf.Tensor ? new Float64Array(re.length) : Float64Array.from(x.im.dataSync());
  return { rows, cols, re, im };
}

export function dispose(x: tf.Tensor | ComplexTensor): void {
  if (x instanceof tf.Tensor) x.dispose();
  else {
    x.re.dispose();
    x.im.dispose();
  }
}

/** ‖a − b‖_F / ‖b‖_F. */
export function relError(a: Dense64, b: Dense64): number {
  let num = 0;
  let den = 0;
  for (let p = 0; p < b.re.length; p++) {
    num += (a.re[p] - b.re[p]) ** 2 + (a.im[p] - b.im[p]) ** 2;
    den += b.re[p] ** 2 + b.im[p] ** 2;
  }
  return Math.sqrt(num / den);
}

export function transpose64(a: Dense64, conjugate: boolean): Dense64 {
  const t = zeros64(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      t.re[j * a.rows + i] = a.re[i * a.cols + j];
      t.im[j * a.rows + i] = conjugate ? -a.im[i * a.cols + j] : a.im[i * a.cols + j];
    }
  }
  return t;
}

/** numpy.fft.fft(eye(N)) in float64. */
export function dft64(N: number, normed: boolean): Dense64 {
  const m = zeros64(N, N);
  const s = normed ? 1 / Math.sqrt(N) : 1;
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < N; k++) {
      const angle = (-2 * Math.PI * ((j * k) % N)) / N;
      m.re[j * N + k] = s * Math.cos(angle);
      m.im[j * N + k] = s * Math.sin(angle);
    }
  }
  return m;
}

/** Sylvester Hadamard (scipy.linalg.hadamard): H[i, j] = (−1)^popcount(i & j). */
export function hadamard64(N: number, normed: boolean): Dense64 {
  const m = zeros64(N, N);
  const s = normed ? 1 / Math.sqrt(N) : 1;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let bits = i & j;
      let parity = 0;
      while (bits) {
        parity ^= bits & 1;
        bits >>= 1;
      }
      m.re[i * N + j] = parity ? -s : s;
    }
  }
  return m;
}
