/** pyfaust `circ`: circulant matrices. */
import { SparsekitError } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { flags } from './internal/checks.js';
import { buildGroups, groupCache } from './internal/group-mean.js';
import { structureProjector, type StructureParams } from './internal/structured.js';

const groups = groupCache(([n]) => buildGroups([n, n], n, (i, j) => (j - i + n) % n));

/**
 * Projection onto circulant matrices (pyfaust `proj.circ`): every wrapped diagonal
 * (j − i) mod n = const is replaced by its mean (pyfaust pairs diagonals d and d − n and weights
 * them by length, which is the same mean). Square input only. `normalized` (default true)
 * divides by the Frobenius norm; `pos` zeroes negative entries before averaging (pyfaust's order).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { circ } from '@sparsekit/constraints/faust';
 * circ({ normalized: false }).project(tf.tensor2d([[1, 2], [4, 5]])).arraySync(); // => [[3, 3], [3, 3]]
 * ```
 */
export function circ(options?: FaustFlags): FaustProjector<'Circ', StructureParams> {
  return structureProjector('Circ', flags(options, true), groups, ([m, n]) => {
    if (m !== n) {
      throw new SparsekitError({
        argument: 'x',
        value: `shape [${m}, ${n}]`,
        code: 'shape_mismatch',
        expected: 'a square matrix (circulant matrices are square)',
      });
    }
  });
}
