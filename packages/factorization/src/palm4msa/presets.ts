/** pyfaust's `ParamsPalm4msaWHT`: palm4msa parameters that recover the Hadamard matrix. */
import { skperm } from '@sparsekit/constraints/faust';
import { SparsekitError } from '@sparsekit/tensor';
import type { Palm4msaOptions } from './palm4msa.js';

/**
 * Options for `palm4msa` on the N×N Hadamard matrix (pyfaust `ParamsPalm4msaWHT`): log₂N factors
 * constrained by `skperm(2)` (exactly two nonzeros per row and per column), 30 sweeps, updated
 * right to left.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { palm4msa, palm4msaWhtOptions, wht } from '@sparsekit/factorization';
 * const res = palm4msa(wht(16, { normed: false }).toDense(), palm4msaWhtOptions(16));
 * if (isRight(res)) console.log(res.right.relError); // ~1e-7
 * ```
 */
export function palm4msaWhtOptions(N: number): Palm4msaOptions {
  if (!Number.isInteger(N) || N < 4 || (N & (N - 1)) !== 0)
    throw new SparsekitError({ argument: 'N', value: N, expected: 'a power of two >= 4' });
  const n = Math.round(Math.log2(N));
  return { constraints: Array.from({ length: n }, () => skperm(2)), stop: { numIts: 30 }, updateOrder: 'R2L' };
}
