/**
 * The inexact augmented Lagrange multiplier iteration of Lin, Chen & Ma (2010) for principal
 * component pursuit, in float64 on flat arrays: every step but the singular-value thresholding is
 * an elementwise pass, and the thresholding computes only the singular triplets above 1/μ.
 */
import { createRng } from '@sparsekit/tensor';
import { fullSvt, partialSvt, type Dense } from './partial-svt.js';

export interface AlmSettings {
  readonly lambda: number;
  readonly rho: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly mu0: number;
  /** max(‖M‖₂, ‖M‖_∞/λ): Y₀ = M / dual. */
  readonly dual: number;
  readonly normF: number;
  /** Full SVD at every step (the reference the partial SVD is tested against). */
  readonly fullSvd?: boolean;
}

export interface AlmResult {
  readonly L: Float64Array;
  readonly S: Float64Array;
  readonly rank: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly relativeResidual: number;
}

/** L = Σ_k shrunk_k u_k v_kᵀ. */
function lowRank(rows: number, cols: number, shrunk: Float64Array, u: Float64Array[], v: Float64Array[]): Float64Array {
  const L = new Float64Array(rows * cols);
  for (let k = 0; k < shrunk.length; k++) {
    const uk = u[k];
    const vk = v[k];
    for (let i = 0; i < rows; i++) {
      const a = shrunk[k] * uk[i];
      const off = i * cols;
      for (let j = 0; j < cols; j++) L[off + j] += a * vk[j];
    }
  }
  return L;
}

/** Lin, Chen & Ma's prediction of the next rank from the number of values kept now. */
function nextGuess(guess: number, kept: number, size: number): number {
  return kept < guess ? Math.min(kept + 1, size) : Math.min(kept + Math.round(0.05 * size), size);
}

/** Runs the ALM on M (rows × cols, row-major; missing entries 0 where `mask` is 0). */
export function inexactAlm(M: Float64Array, rows: number, cols: number, mask: Float64Array | null, s: AlmSettings): AlmResult {
  const size = M.length;
  const observed = (e: number): boolean => mask === null || mask[e] !== 0;
  const Y = M.map((v) => v / s.dual);
  const S = new Float64Array(size);
  let L: Float64Array = new Float64Array(size);
  const X = new Float64Array(size);
  const dense: Dense = { rows, cols, data: X };
  const rng = createRng(0);
  const muMax = s.mu0 * 1e7;
  let mu = s.mu0;
  let guess = Math.min(10, Math.min(rows, cols));
  let warm: Float64Array[] = [];
  let residual = Infinity;
  let rank = 0;
  let it = 0;
  for (it = 1; it <= s.maxIter; it++) {
    for (let e = 0; e < size; e++) X[e] = M[e] - S[e] + Y[e] / mu;
    const svt = s.fullSvd ? fullSvt(dense, 1 / mu) : partialSvt(dense, 1 / mu, guess, warm, rng);
    L = lowRank(rows, cols, svt.shrunk, svt.u, svt.v);
    warm = svt.basis;
    guess = nextGuess(guess, svt.shrunk.length, Math.min(rows, cols));
    const top = svt.shrunk.length > 0 ? svt.shrunk[0] : 0;
    rank = svt.shrunk.filter((v) => v > 1e-5 * top).length;
    const cut = s.lambda / mu;
    let z2 = 0;
    for (let e = 0; e < size; e++) {
      const v = M[e] - L[e] + Y[e] / mu;
      // Missing entries are unpenalised, so S absorbs whatever L leaves there (no residual).
      if (!observed(e)) {
        S[e] = v;
        continue;
      }
      S[e] = v > cut ? v - cut : v < -cut ? v + cut : 0;
      const z = M[e] - L[e] - S[e];
      z2 += z * z;
      Y[e] += mu * z;
    }
    residual = Math.sqrt(z2) / s.normF;
    mu = Math.min(mu * s.rho, muMax);
    if (residual <= s.tol) break;
  }
  // On missing entries S only absorbs the fill-in; report it as zero there.
  if (mask) for (let e = 0; e < size; e++) if (!observed(e)) S[e] = 0;
  return { L, S, rank, iterations: Math.min(it, s.maxIter), converged: residual <= s.tol, relativeResidual: residual };
}
