/** pyfaust `splincol`: union of the splin and spcol supports. */
import * as tf from '@tensorflow/tfjs';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import type { HasHostProject } from '../types.js';
import { modulus } from './internal/parts.js';
import { sparsityProjector, type SparsityParams } from './internal/sparsity-projector.js';
import { markTopK } from './internal/host-projection.js';
import { topkColumnMask, topkRowMask } from '../internal/top-k-mask.js';

/**
 * pyfaust `proj.splincol`: keeps an entry when it is among the k largest (by modulus, lowest
 * index first among ties) of its row **or** of its column, with its value from the input. It is
 * the union of the {@link splin} and {@link spcol} supports, not their intersection, so a row
 * or column may keep more than k entries. This map is idempotent and its fixed points form its
 * "set", but it is not a Euclidean projection (no nearest-point property), exactly as in pyfaust.
 * `normalized` (default true) divides by the Frobenius norm. `pos` zeroes negative entries
 * first (pyfaust 3.39 zeroes them on a copy it then discards, so its `pos` has no effect here;
 * this implementation applies it). Requires k ≤ min(rows, columns).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { splincol } from '@sparsekit/constraints/faust';
 * splincol(1, { normalized: false }).project(tf.tensor2d([[9, 1, 0], [8, 0, 2], [0, 7, 3]])).arraySync();
 * // [[9, 0, 0], [8, 0, 0], [0, 7, 3]]
 * ```
 */
export function splincol(k: number, options?: FaustFlags): FaustProjector<'Splincol', SparsityParams> & HasHostProject {
  return sparsityProjector(
    {
      name: 'Splincol',
      limit: ([m, n]) => [Math.min(m, n), 'the smaller of the row and column counts'],
      support: (parts, kk) => {
        const mag = modulus(parts) as tf.Tensor3D;
        return tf.logicalOr(topkRowMask(mag, kk), topkColumnMask(mag, kk));
      },
      hostSupport: (mag2, m, n, kk) => {
        const mask = new Uint8Array(m * n);
        for (let i = 0; i < m; i++) markTopK(mag2, i * n, n, 1, kk, mask);
        for (let j = 0; j < n; j++) markTopK(mag2, j, m, n, kk, mask);
        return mask;
      },
    },
    k,
    options,
  );
}
