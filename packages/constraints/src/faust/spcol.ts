/** pyfaust `spcol`: at most k nonzeros in every column. */
import type * as tf from '@tensorflow/tfjs';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import type { HasHostProject } from '../types.js';
import { modulus } from './internal/parts.js';
import { sparsityProjector, type SparsityParams } from './internal/sparsity-projector.js';
import { markTopK } from './internal/host-projection.js';
import { topkColumnMask } from '../internal/top-k-mask.js';

/**
 * Projection onto matrices with at most k nonzeros per column (pyfaust `proj.spcol`): keeps the
 * k entries of largest modulus of every column, lowest row index first among ties.
 * `normalized` (default true) divides by the Frobenius norm; `pos` zeroes negative entries
 * first. Requires k ≤ number of rows.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { spcol } from '@sparsekit/constraints/faust';
 * spcol(1, { normalized: false }).project(tf.tensor2d([[1, -5], [3, 3]])).arraySync(); // => [[0, -5], [3, 0]]
 * ```
 */
export function spcol(k: number, options?: FaustFlags): FaustProjector<'Spcol', SparsityParams> & HasHostProject {
  return sparsityProjector(
    {
      name: 'Spcol',
      limit: ([m]) => [m, 'the number of rows'],
      support: (parts, kk) => topkColumnMask(modulus(parts) as tf.Tensor3D, kk),
      hostSupport: (mag2, m, n, kk) => {
        const mask = new Uint8Array(m * n);
        for (let j = 0; j < n; j++) markTopK(mag2, j, m, n, kk, mask);
        return mask;
      },
    },
    k,
    options,
  );
}
