/**
 * Float64 preprocessing of a design matrix, shared by the path solvers. Centring and scaling
 * happen in float64 before the data is uploaded as float32, so the float32 iterations see the
 * same standardised design Libra's C code sees (up to rounding of the final values).
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/** A dense row-major float64 matrix. */
export interface Dense64 {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Reads a rank-2 tensor or nested array into float64, checking finiteness. */
export function readMatrix(argument: string, x: tf.Tensor | readonly (readonly number[])[]): Dense64 {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) throw new SparsekitError({ argument, value: x, code: 'shape_mismatch', expected: 'a rank-2 tensor [n, p]' });
    const data = Float64Array.from(x.dataSync() as ArrayLike<number>);
    return checkFinite(argument, { data, rows: x.shape[0]!, cols: x.shape[1]! });
  }
  const rows = x.length;
  const cols = rows > 0 ? x[0].length : 0;
  if (rows === 0 || cols === 0 || x.some((r) => r.length !== cols)) {
    throw new SparsekitError({ argument, value: x, code: 'shape_mismatch', expected: 'a non-empty rectangular matrix' });
  }
  const data = new Float64Array(rows * cols);
  x.forEach((r, i) => r.forEach((v, j) => { data[i * cols + j] = v; }));
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
  if (intercept) {
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) meanx[j] += data[i * p + j] / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[i * p + j] -= meanx[j];
  }
  if (normalize) {
    const ss = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) ss[j] += data[i * p + j] ** 2;
    for (let j = 0; j < p; j++) normx[j] = ss[j] > 0 ? Math.sqrt(ss[j] / n) : 1;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[i * p + j] /= normx[j];
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
 * Largest singular value ‖A‖₂ in float64 by Lanczos on AᵀA with full reorthogonalisation,
 * from a fixed start vector (deterministic). Power iteration is far too slow here: the top of a
 * Gaussian design's spectrum is clustered (1000×5000: still 1e-4 off after 2000 iterations),
 * while Lanczos converges in a few dozen steps. Stops when the top Ritz value of the
 * tridiagonal matrix changes by less than `rtol` relatively.
 */
export function spectralNorm64(a: Dense64, rtol = 1e-13, maxSteps = 300): number {
  const m = a.cols;
  const steps = Math.min(maxSteps, m);
  const basis: Float64Array[] = [];
  const alphas: number[] = [];
  const betas: number[] = [];
  let q = new Float64Array(m);
  for (let j = 0; j < m; j++) q[j] = 1 + ((j * 7919) % 101) / 101;
  normalize(q);
  let prev = 0;
  for (let k = 0; k < steps; k++) {
    basis.push(q);
    const w = matTVec(a, matVec(a, q));
    const alpha = dot(w, q);
    alphas.push(alpha);
    for (const b of basis) axpyInPlace(w, -dot(w, b), b);
    for (const b of basis) axpyInPlace(w, -dot(w, b), b); // twice is enough (Kahan–Parlett)
    const beta = Math.sqrt(dot(w, w));
    const ritz = topEigenTridiagonal(alphas, betas);
    if (beta <= 1e-14 * Math.max(ritz, 1e-300) || (k > 2 && Math.abs(ritz - prev) <= rtol * ritz)) return Math.sqrt(ritz);
    prev = ritz;
    betas.push(beta);
    q = w.map((v) => v / beta);
  }
  return Math.sqrt(prev);
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += u[j] * v[j];
  return s;
}

function axpyInPlace(w: Float64Array, c: number, v: Float64Array): void {
  for (let j = 0; j < w.length; j++) w[j] += c * v[j];
}

function normalize(v: Float64Array): void {
  const n = Math.sqrt(dot(v, v));
  for (let j = 0; j < v.length; j++) v[j] /= n;
}

/** Largest eigenvalue of the symmetric tridiagonal (alphas, betas) by bisection on Sturm counts. */
function topEigenTridiagonal(alphas: readonly number[], betas: readonly number[]): number {
  const k = alphas.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(betas[i - 1]) : 0) + (i < k - 1 ? Math.abs(betas[i]) : 0);
    lo = Math.min(lo, alphas[i] - r);
    hi = Math.max(hi, alphas[i] + r);
  }
  // Number of eigenvalues below x (Sturm sequence of the LDLᵀ pivots).
  const below = (x: number): number => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < k; i++) {
      d = alphas[i] - x - (i > 0 ? (betas[i - 1] * betas[i - 1]) / (d === 0 ? 1e-300 : d) : 0);
      if (d < 0) count++;
    }
    return count;
  };
  for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(Math.abs(hi), 1); it++) {
    const mid = (lo + hi) / 2;
    if (below(mid) >= k) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** Uploads a float64 matrix as a float32 tensor. */
export function toTensor2d(a: Dense64): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(a.data), [a.rows, a.cols]);
}
