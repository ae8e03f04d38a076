/**
 * Butterfly supports for N = 2ⁿ: S_ℓ = I_{2^ℓ} ⊗ (1_{2×2} ⊗ I_h), h = 2^{n−ℓ−1}, ℓ = 0..n−1.
 * Row i of S_ℓ has exactly two nonzeros, at the columns of its block of size 2h that agree
 * with i modulo h; the product S₀⋯S_{n−1} is full (every entry reachable by one path).
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { CsrFactor } from '../../faust/internal/factor.js';

export function log2Exact(argument: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0 || n > 2 ** 30) {
    throw new SparsekitError({ argument, value: n, expected: 'a power of two >= 2' });
  }
  return Math.round(Math.log2(n));
}

/** Is (i, j) in the support of butterfly level ℓ (of n levels)? */
export function inButterflySupport(n: number, level: number, i: number, j: number): boolean {
  const h = 2 ** (n - level - 1);
  return Math.floor(i / (2 * h)) === Math.floor(j / (2 * h)) && i % h === j % h;
}

/** The two columns of row i in level ℓ, in increasing order. */
export function supportColumns(n: number, level: number, i: number): [number, number] {
  const h = 2 ** (n - level - 1);
  const base = Math.floor(i / (2 * h)) * 2 * h + (i % h);
  return [base, base + h];
}

/**
 * A factor with support S_ℓ and values from `value(i, j)` ([re, im]); `complex` keeps an
 * imaginary part.
 */
export function butterflyFactor(n: number, level: number, complex: boolean, value: (i: number, j: number) => [number, number]): CsrFactor {
  const size = 2 ** n;
  const indptr = new Int32Array(size + 1);
  const indices = new Int32Array(2 * size);
  const re = new Float32Array(2 * size);
  const im = complex ? new Float32Array(2 * size) : null;
  for (let i = 0; i < size; i++) {
    indptr[i + 1] = 2 * (i + 1);
    supportColumns(n, level, i).forEach((j, k) => {
      const [vr, vi] = value(i, j);
      indices[2 * i + k] = j;
      re[2 * i + k] = vr;
      if (im !== null) im[2 * i + k] = vi;
    });
  }
  return { format: 'csr', rows: size, cols: size, indptr, indices, re, im };
}

/** Bit reversal of the n-bit index i. */
export function bitrev(i: number, n: number): number {
  let r = 0;
  for (let b = 0; b < n; b++) r |= ((i >> b) & 1) << (n - 1 - b);
  return r;
}

/** The permutation matrix P[i, perm[i]] = 1 as a CSR factor. */
export function permutationFactor(perm: readonly number[]): CsrFactor {
  const size = perm.length;
  const indptr = Int32Array.from({ length: size + 1 }, (_, i) => i);
  return { format: 'csr', rows: size, cols: size, indptr, indices: Int32Array.from(perm), re: new Float32Array(size).fill(1), im: null };
}
