/** pyfaust `hankel`: constant along every anti-diagonal. */
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { flags } from './internal/checks.js';
import { buildGroups, groupCache } from './internal/group-mean.js';
import { structureProjector, type StructureParams } from './internal/structured.js';

const groups = groupCache(([m, n]) => buildGroups([m, n], m + n - 1, (i, j) => i + j));

/**
 * Projection onto Hankel matrices (pyfaust `proj.hankel`): every anti-diagonal i + j = const is
 * replaced by its mean. Any m×n shape. `normalized` (default true) divides by the Frobenius
 * norm; `pos` zeroes negative entries before averaging (pyfaust's order).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { hankel } from '@sparsekit/constraints/faust';
 * hankel({ normalized: false }).project(tf.tensor2d([[1, 2], [4, 5]])).arraySync(); // => [[1, 3], [3, 5]]
 * ```
 */
export function hankel(options?: FaustFlags): FaustProjector<'Hankel', StructureParams> {
  return structureProjector('Hankel', flags(options, true), groups, () => undefined);
}
