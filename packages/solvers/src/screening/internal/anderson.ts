/**
 * Anderson extrapolation of a fixed-point iteration (Anderson 1965; for coordinate descent:
 * Bertrand & Massias 2021, as in skglm). From K + 1 consecutive iterates x_0..x_K with
 * differences u_i = x_{i+1} − x_i, the extrapolated point Σ c_i x_{i+1} takes the weights
 * c = z/Σz with (UUᵀ) z = 1: the affine combination whose residual Σ c_i u_i is smallest.
 * The caller also extrapolates vectors that are affine in x (the residual y − Xw) with the
 * same weights, so no extra matrix-vector product is needed, and keeps the result only if it
 * lowers the objective.
 */

/** A ring of the last K + 1 iterates, each stored with an affine companion vector. */
export interface Anderson {
  /** Records an iterate; returns true when K + 1 iterates are stored (time to extrapolate). */
  push(x: Float64Array, companion: Float64Array): boolean;
  /**
   * Writes the extrapolated iterate and companion into `x` and `companion`; false (outputs
   * untouched) when the Gram system is singular or its weights are not finite. Clears the ring.
   */
  extrapolate(x: Float64Array, companion: Float64Array): boolean;
}

export function anderson(K: number, dim: number, companionDim: number): Anderson {
  const xs = Array.from({ length: K + 1 }, () => new Float64Array(dim));
  const cs = Array.from({ length: K + 1 }, () => new Float64Array(companionDim));
  let stored = 0;
  return {
    push(x, companion) {
      xs[stored].set(x);
      cs[stored].set(companion);
      stored++;
      return stored === K + 1;
    },
    extrapolate(x, companion) {
      stored = 0;
      const c = weights(xs, K);
      if (c === undefined) return false;
      combine(xs, c, x);
      combine(cs, c, companion);
      return true;
    },
  };
}

/** out = Σ_i c_i v_{i+1}. */
function combine(vs: readonly Float64Array[], c: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < c.length; i++) {
    const v = vs[i + 1];
    const ci = c[i];
    for (let j = 0; j < out.length; j++) out[j] += ci * v[j];
  }
}

/** c = z/Σz with (UUᵀ) z = 1, or undefined when UUᵀ is (numerically) singular. */
function weights(xs: readonly Float64Array[], K: number): Float64Array | undefined {
  const dim = xs[0].length;
  const U = Array.from({ length: K }, (_, i) => {
    const u = new Float64Array(dim);
    for (let j = 0; j < dim; j++) u[j] = xs[i + 1][j] - xs[i][j];
    return u;
  });
  const C = new Float64Array(K * K);
  for (let a = 0; a < K; a++)
    for (let b = a; b < K; b++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += U[a][j] * U[b][j];
      C[a * K + b] = s;
      C[b * K + a] = s;
    }
  const z = solveSymmetric(C, K);
  if (z === undefined) return undefined;
  let sum = 0;
  for (let i = 0; i < K; i++) sum += z[i];
  if (!Number.isFinite(sum) || sum === 0) return undefined;
  for (let i = 0; i < K; i++) z[i] /= sum;
  return z.every(Number.isFinite) ? z : undefined;
}

/** Solves C z = 1 by Gaussian elimination with partial pivoting (K ≤ 10); undefined if singular. */
function solveSymmetric(C: Float64Array, K: number): Float64Array | undefined {
  const A = Float64Array.from(C);
  const b = new Float64Array(K).fill(1);
  let scale = 0;
  for (let i = 0; i < K; i++) scale = Math.max(scale, Math.abs(A[i * K + i]));
  if (!(scale > 0)) return undefined;
  for (let col = 0; col < K; col++) {
    let pivot = col;
    for (let r = col + 1; r < K; r++) if (Math.abs(A[r * K + col]) > Math.abs(A[pivot * K + col])) pivot = r;
    // relative to the largest diagonal entry: a rank-deficient difference matrix gives noise here
    if (Math.abs(A[pivot * K + col]) <= 1e-14 * scale) return undefined;
    if (pivot !== col) {
      for (let j = 0; j < K; j++) [A[col * K + j], A[pivot * K + j]] = [A[pivot * K + j], A[col * K + j]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    for (let r = col + 1; r < K; r++) {
      const f = A[r * K + col] / A[col * K + col];
      if (f === 0) continue;
      for (let j = col; j < K; j++) A[r * K + j] -= f * A[col * K + j];
      b[r] -= f * b[col];
    }
  }
  const z = new Float64Array(K);
  for (let r = K - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < K; j++) s -= A[r * K + j] * z[j];
    z[r] = s / A[r * K + r];
  }
  return z;
}
