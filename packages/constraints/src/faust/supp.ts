/** pyfaust `supp`: zero outside a fixed support. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import type { HasHostProject } from '../types.js';
import { flags } from './internal/checks.js';
import { matrixData, requireShape } from './internal/matrix-data.js';
import { maskParts } from './internal/parts.js';
import { makeHostProjector, oneHotAtMax } from './internal/projector.js';
import { maskHost } from './internal/host-projection.js';

/** Parameters of {@link supp}. */
export interface SuppParams {
  /** Shape of the support matrix. */
  readonly shape: readonly [number, number];
  /** Number of entries in the support. */
  readonly size: number;
  readonly normalized: boolean;
  readonly pos: boolean;
}

/**
 * Projection onto matrices supported in S (pyfaust `proj.supp`): entries where S is zero are set
 * to zero, the others kept. S is a rank-2 tensor or `number[][]`; any nonzero entry belongs to
 * the support (pyfaust multiplies by S, which is the same for 0/1 masks). `normalized` (default
 * true) divides by the Frobenius norm; `pos` zeroes negative entries first. The input must have
 * S's shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { supp } from '@sparsekit/constraints/faust';
 * supp([[1, 0], [0, 1]], { normalized: false }).project(tf.tensor2d([[2, 3], [4, 5]])).arraySync(); // => [[2, 0], [0, 5]]
 * ```
 */
export function supp(S: tf.Tensor | number[][], options?: FaustFlags): FaustProjector<'Supp', SuppParams> & HasHostProject {
  const support = matrixData('S', S);
  const mask = Uint8Array.from(support.data, (v) => (v !== 0 ? 1 : 0));
  const size = mask.reduce((a, b) => a + b, 0);
  const { normalized, pos } = flags(options, true);
  if (normalized && size === 0) {
    throw new SparsekitError({
      argument: 'S',
      value: 'an empty support',
      expected: 'at least one nonzero entry when normalized (no unit-norm matrix has an empty support)',
    });
  }
  const maskTensor = (): tf.Tensor2D => tf.tensor2d(mask, support.shape, 'bool');
  return makeHostProjector<'Supp', SuppParams>({
    name: 'Supp',
    params: { shape: support.shape, size, normalized, pos },
    pos,
    checkShape: (shape) => requireShape('x', shape, support.shape, 'S'),
    core: (parts) => tf.tidy(() => maskParts(parts, maskTensor()) as tf.Tensor3D[]),
    fallback: (score) => tf.tidy(() => oneHotAtMax(score, maskTensor())),
    host: { core: (parts) => maskHost(parts, mask), allowed: mask },
  });
}
