/** pyfaust `toeplitz`: constant along every diagonal. */
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { flags } from './internal/checks.js';
import { buildGroups, groupCache } from './internal/group-mean.js';
import { structureProjector, type StructureParams } from './internal/structured.js';

const groups = groupCache(([m, n]) => buildGroups([m, n], m + n - 1, (i, j) => j - i + m - 1));

/**
 * Projection onto Toeplitz matrices (pyfaust `proj.toeplitz`): every diagonal j − i = const is
 * replaced by its mean, the orthogonal projection onto that subspace. Any m×n shape.
 * `normalized` (default true) divides by the Frobenius norm; `pos` zeroes negative entries
 * before averaging (pyfaust's order, which is not the projection onto nonnegative Toeplitz
 * matrices).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { toeplitz } from '@sparsekit/constraints/faust';
 * toeplitz({ normalized: false }).project(tf.tensor2d([[1, 2], [3, 5]])).arraySync(); // => [[3, 2], [3, 3]]
 * ```
 */
export function toeplitz(options?: FaustFlags): FaustProjector<'Toeplitz', StructureParams> {
  return structureProjector('Toeplitz', flags(options, true), groups, () => undefined);
}
