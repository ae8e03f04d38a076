/** The DFT matrix, computed in float64 JavaScript and rounded once to float32. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '../errors.js';
import { requireInteger } from '../validate.js';
import type { ComplexTensor } from './complex-tensor.js';

/** numpy.fft's normalisation modes: 'backward' (none on the forward transform), 'ortho' (1/√n), 'forward' (1/n). */
export type DftNorm = 'backward' | 'ortho' | 'forward';

/** Options of {@link dftMatrix}. */
export interface DftOptions {
  readonly norm?: DftNorm;
  /** The inverse transform's matrix: exp(+2πi jk/n) with the matching scale. */
  readonly inverse?: boolean;
}

/**
 * The n×n DFT matrix F[j, k] = exp(−2πi·jk/n) (numpy's sign convention, so `F · x` equals
 * `numpy.fft.fft(x, norm=...)`). Angles use `(j·k) mod n` in float64, so large n stays exact
 * to float32 rounding instead of losing digits in sin/cos of huge arguments.
 *
 * @example
 * ```ts
 * import { dftMatrix, complexMatMul } from '@sparsekit/tensor';
 * const f = dftMatrix(4, { norm: 'ortho' });     // unitary
 * const fInv = dftMatrix(4, { norm: 'ortho', inverse: true });
 * const eye = complexMatMul(f, fInv);            // identity (to float32 accuracy)
 * ```
 */
export function dftMatrix(n: number, options: DftOptions = {}): ComplexTensor<tf.Rank.R2> {
  requireInteger('n', n, 1);
  const norm = options.norm ?? 'backward';
  if (!['backward', 'ortho', 'forward'].includes(norm)) {
    throw new SparsekitError({ argument: 'norm', value: norm, expected: "'backward', 'ortho' or 'forward'" });
  }
  const inverse = options.inverse ?? false;
  const scale = dftScale(n, norm, inverse);
  const sign = inverse ? 1 : -1;
  const re = new Float32Array(n * n);
  const im = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      re[j * n + k] = scale * Math.cos(angle);
      im[j * n + k] = scale * Math.sin(angle);
    }
  }
  return { re: tf.tensor2d(re, [n, n]), im: tf.tensor2d(im, [n, n]) };
}

function dftScale(n: number, norm: DftNorm, inverse: boolean): number {
  if (norm === 'ortho') return 1 / Math.sqrt(n);
  if (norm === 'backward') return inverse ? 1 / n : 1;
  return inverse ? 1 : 1 / n;
}
