/** Fast transforms as Fausts (pyfaust `wht`, `dft`, `bitrev_perm`, `rand_butterfly`). */
import { createRng, SparsekitError } from '@sparsekit/tensor';
import { Faust } from '../faust/faust.js';
import { bitrev, butterflyFactor, log2Exact, permutationFactor } from './internal/butterfly-factor.js';

/** Options of {@link wht} and {@link dft}. */
export interface TransformOptions {
  /** Orthonormal version (divided by √N), pyfaust's default. Default true. */
  readonly normed?: boolean;
}

function normedFlag(options: TransformOptions): boolean {
  const normed = options.normed ?? true;
  if (typeof normed !== 'boolean') throw new SparsekitError({ argument: 'normed', value: normed, expected: 'a boolean' });
  return normed;
}

/**
 * The Walsh–Hadamard transform of size N = 2ⁿ (Sylvester order, `scipy.linalg.hadamard`) as n
 * butterfly factors I_{2^ℓ} ⊗ H₂ ⊗ I_{2^{n−ℓ−1}} (pyfaust `wht`). With `normed` (default) every
 * factor is divided by √2, so the product is orthonormal.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { wht } from '@sparsekit/factorization';
 * (wht(2, { normed: false }).toDense() as tf.Tensor2D).arraySync(); // [[1, 1], [1, -1]]
 * ```
 */
export function wht(N: number, options: TransformOptions = {}): Faust {
  const n = log2Exact('N', N);
  const s = normedFlag(options) ? Math.SQRT1_2 : 1;
  const factors = Array.from({ length: n }, (_, level) => {
    const h = 2 ** (n - level - 1);
    // H₂ = [[1, 1], [1, −1]] between the upper and lower halves of each block of size 2h.
    return butterflyFactor(n, level, false, (i, j) => [i % (2 * h) >= h && j % (2 * h) >= h ? -s : s, 0]);
  });
  return Faust.fromInternal(factors);
}

/**
 * The bit-reversal permutation indices of size N = 2ⁿ: perm[i] = i with its n bits reversed.
 *
 * @example
 * ```ts
 * import { bitrevIndices } from '@sparsekit/factorization';
 * bitrevIndices(8); // [0, 4, 2, 6, 1, 5, 3, 7]
 * ```
 */
export function bitrevIndices(N: number): number[] {
  const n = log2Exact('N', N);
  return Array.from({ length: N }, (_, i) => bitrev(i, n));
}

/**
 * The bit-reversal permutation matrix P[i, bitrev(i)] = 1 as a one-factor Faust (pyfaust
 * `bitrev_perm`). P is symmetric.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { bitrevPermutation } from '@sparsekit/factorization';
 * (bitrevPermutation(4).apply(tf.tensor1d([0, 1, 2, 3])) as tf.Tensor).arraySync(); // [0, 2, 1, 3]
 * ```
 */
export function bitrevPermutation(N: number): Faust {
  return Faust.fromInternal([permutationFactor(bitrevIndices(N))]);
}

/**
 * The DFT F[j, k] = exp(−2πi·jk/N) (numpy sign, `numpy.fft.fft(eye(N))`) as the radix-2
 * Cooley–Tukey Faust B₀⋯B_{n−1}·P (pyfaust `dft`): B_ℓ = I_{2^ℓ} ⊗ [[I_h, Ω_h], [I_h, −Ω_h]]
 * with h = 2^{n−ℓ−1}, Ω_h = diag(ω⁰…ω^{h−1}), ω = e^{−iπ/h}, and P the bit reversal. n + 1
 * factors, 2N·n + N nonzeros. With `normed` (default) the product is unitary (÷√N).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { dft } from '@sparsekit/factorization';
 * const y = dft(4, { normed: false }).apply(tf.tensor1d([1, 2, 3, 4])); // [10, −2+2i, −2, −2−2i]
 * ```
 */
export function dft(N: number, options: TransformOptions = {}): Faust {
  const n = log2Exact('N', N);
  const s = normedFlag(options) ? Math.SQRT1_2 : 1;
  const factors = Array.from({ length: n }, (_, level) => {
    const h = 2 ** (n - level - 1);
    return butterflyFactor(n, level, true, (i, j) => {
      const r = i % h;
      const lower = i % (2 * h) >= h;
      if (j % (2 * h) < h) return [s, 0];
      const angle = (-Math.PI * r) / h;
      const sign = lower ? -s : s;
      return [sign * Math.cos(angle), sign * Math.sin(angle)];
    });
  });
  return Faust.fromInternal([...factors, permutationFactor(bitrevIndices(N))]);
}

/** Options of {@link randButterfly}. */
export interface RandButterflyOptions {
  readonly seed?: number;
  /** Complex Gaussian values (real and imaginary parts N(0, ½)). Default false. */
  readonly complex?: boolean;
}

/**
 * A random Faust with the butterfly supports S₀, …, S_{n−1} and standard Gaussian nonzeros
 * (pyfaust `rand_butterfly`, without a permutation): exactly what {@link butterfly} recovers.
 *
 * @example
 * ```ts
 * import { randButterfly } from '@sparsekit/factorization';
 * const F = randButterfly(16, { seed: 1 });
 * F.nnzSum(); // 128 (4 factors × 2 per row)
 * ```
 */
export function randButterfly(N: number, options: RandButterflyOptions = {}): Faust {
  const n = log2Exact('N', N);
  const complex = options.complex ?? false;
  const rng = createRng(options.seed ?? 0);
  const sd = complex ? Math.SQRT1_2 : 1;
  const factors = Array.from({ length: n }, (_, level) => {
    const vals = rng.normalArray(2 * N * (complex ? 2 : 1), { std: sd });
    let q = 0;
    return butterflyFactor(n, level, complex, () => [vals[q++], complex ? vals[q++] : 0]);
  });
  return Faust.fromInternal(factors);
}
