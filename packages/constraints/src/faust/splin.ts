/** pyfaust `splin`: at most k nonzeros in every row. */
import type * as tf from '@tensorflow/tfjs';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import type { HasHostProject } from '../types.js';
import { modulus } from './internal/parts.js';
import { sparsityProjector, type SparsityParams } from './internal/sparsity-projector.js';
import { markTopK } from './internal/host-projection.js';
import { topkRowMask } from '../internal/top-k-mask.js';

/**
 * Projection onto matrices with at most k nonzeros per row (pyfaust `proj.splin`): keeps the k
 * entries of largest modulus of every row, lowest column index first among ties. `normalized`
 * (default true) divides by the Frobenius norm; `pos` zeroes negative entries first. Requires
 * k ≤ number of columns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { splin } from '@sparsekit/constraints/faust';
 * splin(1, { normalized: false }).project(tf.tensor2d([[1, -5], [3, 3]])).arraySync(); // => [[0, -5], [3, 0]]
 * ```
 */
export function splin(k: number, options?: FaustFlags): FaustProjector<'Splin', SparsityParams> & HasHostProject {
  return sparsityProjector(
    {
      name: 'Splin',
      limit: ([, n]) => [n, 'the number of columns'],
      support: (parts, kk) => topkRowMask(modulus(parts) as tf.Tensor3D, kk),
      hostSupport: (mag2, m, n, kk) => {
        const mask = new Uint8Array(m * n);
        for (let i = 0; i < m; i++) markTopK(mag2, i * n, n, 1, kk, mask);
        return mask;
      },
    },
    k,
    options,
  );
}
