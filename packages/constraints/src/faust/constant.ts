/** pyfaust `const`: the set with a single matrix C. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { FaustProjector } from './faust-projector.js';
import { flags } from './internal/checks.js';
import { matrixData, requireShape } from './internal/matrix-data.js';
import { makeProjector } from './internal/projector.js';

/** Parameters of {@link constant}. */
export interface ConstantParams {
  readonly shape: readonly [number, number];
  readonly normalized: boolean;
}

/**
 * Projection onto the single matrix C (pyfaust `proj.const`): returns C whatever the input of
 * C's shape; with `normalized` (default false, as in pyfaust) returns C/‖C‖_F. Complex input
 * gets C with a zero imaginary part. pyfaust's `const` has no `pos` flag, neither has this one.
 * C is copied at construction.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { constant } from '@sparsekit/constraints/faust';
 * constant([[1, 2], [3, 4]]).project(tf.zeros([2, 2])).arraySync(); // => [[1, 2], [3, 4]]
 * ```
 */
export function constant(
  C: tf.Tensor | number[][],
  options?: { readonly normalized?: boolean },
): FaustProjector<'Constant', ConstantParams> {
  const c = matrixData('C', C);
  const { normalized } = flags(options, false, ['normalized']);
  if (normalized && c.data.every((v) => v === 0)) {
    throw new SparsekitError({ argument: 'C', value: 'the zero matrix', expected: 'a nonzero matrix when normalized' });
  }
  return makeProjector({
    name: 'Constant',
    params: { shape: c.shape, normalized },
    pos: false,
    checkShape: (shape) => requireShape('x', shape, c.shape, 'C'),
    core: (parts) =>
      tf.tidy(
        () => parts.map((p, i) => (i === 0 ? tf.broadcastTo(tf.tensor2d(c.data, c.shape), p.shape) : tf.zerosLike(p))) as tf.Tensor3D[],
      ),
  });
}
