/** pyfaust `sp`: at most k nonzeros in the whole matrix. */
import type * as tf from '@tensorflow/tfjs';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import type { HasHostProject } from '../types.js';
import { modulus } from './internal/parts.js';
import { sparsityProjector, type SparsityParams } from './internal/sparsity-projector.js';
import { markTopK } from './internal/host-projection.js';
import { topkGlobalMask } from '../internal/top-k-mask.js';

/**
 * Projection onto {X : ‖X‖₀ ≤ k} (pyfaust `proj.sp`): keeps the k entries of largest modulus
 * in the whole matrix, lowest row-major index first among ties. With `normalized` (default
 * true) the result is divided by its Frobenius norm, i.e. the projection onto the k-sparse unit
 * sphere; with `pos` negative entries are zeroed first (projection onto nonnegative k-sparse
 * matrices). Complex input (`projectComplex`) is selected by modulus. Requires k ≤ m·n.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { sp } from '@sparsekit/constraints/faust';
 * sp(2, { normalized: false }).project(tf.tensor2d([[1, -5], [3, 3]])).arraySync(); // => [[0, -5], [3, 0]]
 * ```
 */
export function sp(k: number, options?: FaustFlags): FaustProjector<'Sp', SparsityParams> & HasHostProject {
  return sparsityProjector(
    {
      name: 'Sp',
      limit: ([m, n]) => [m * n, 'the number of entries'],
      support: (parts, kk) => topkGlobalMask(modulus(parts) as tf.Tensor3D, kk),
      hostSupport: (mag2, m, n, kk) => {
        const mask = new Uint8Array(m * n);
        markTopK(mag2, 0, m * n, 1, kk, mask);
        return mask;
      },
    },
    k,
    options,
  );
}
