/** pyfaust `blockdiag`: zero outside a chain of diagonal blocks. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, requireInteger } from '@sparsekit/tensor';
import type { FaustFlags, FaustProjector } from './faust-projector.js';
import { flags } from './internal/checks.js';
import { maskParts } from './internal/parts.js';
import { makeProjector, oneHotAtMax } from './internal/projector.js';

/** Parameters of {@link blockdiag}. */
export interface BlockdiagParams {
  /** Block shapes [rows, cols], top-left to bottom-right. */
  readonly shapes: readonly (readonly [number, number])[];
  readonly normalized: boolean;
  readonly pos: boolean;
}

function checkShapes(shapes: unknown): [number, number][] {
  if (!Array.isArray(shapes) || shapes.length === 0) {
    throw new SparsekitError({ argument: 'shapes', value: shapes, expected: 'a non-empty array of [rows, cols] block shapes' });
  }
  return shapes.map((s: unknown, i) => {
    if (!Array.isArray(s) || s.length !== 2)
      throw new SparsekitError({ argument: `shapes[${i}]`, value: s, expected: 'a [rows, cols] pair' });
    return [requireInteger(`shapes[${i}][0]`, s[0], 1), requireInteger(`shapes[${i}][1]`, s[1], 1)];
  });
}

/** Row-major 0/1 mask of the blocks; the blocks tile the matrix (checked before). */
function blockMask(shapes: readonly (readonly [number, number])[], m: number, n: number): Uint8Array {
  const mask = new Uint8Array(m * n);
  let r0 = 0;
  let c0 = 0;
  for (const [r, c] of shapes) {
    for (let i = r0; i < r0 + r; i++) mask.fill(1, i * n + c0, i * n + c0 + c);
    r0 += r;
    c0 += c;
  }
  return mask;
}

/**
 * Projection onto block-diagonal matrices (pyfaust `proj.blockdiag`): block i has shape
 * `shapes[i]` = [rows, cols] and starts where block i−1 ends, so the blocks run from the top-left
 * to the bottom-right corner; entries outside the blocks are zeroed. The row counts must sum to
 * the input's rows and the column counts to its columns (pyfaust silently zeroes whatever the
 * blocks leave uncovered; here that is an error naming `shapes`). `normalized` (default true)
 * divides by the Frobenius norm; `pos` zeroes negative entries first.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { blockdiag } from '@sparsekit/constraints/faust';
 * blockdiag([[1, 1], [2, 2]], { normalized: false }).project(tf.ones([3, 3])).arraySync();
 * // [[1, 0, 0], [0, 1, 1], [0, 1, 1]]
 * ```
 */
export function blockdiag(
  shapes: readonly (readonly [number, number])[],
  options?: FaustFlags,
): FaustProjector<'Blockdiag', BlockdiagParams> {
  const blocks = checkShapes(shapes);
  const rows = blocks.reduce((a, [r]) => a + r, 0);
  const cols = blocks.reduce((a, [, c]) => a + c, 0);
  const { normalized, pos } = flags(options, true);
  const maskTensor = (): tf.Tensor2D => tf.tensor2d(blockMask(blocks, rows, cols), [rows, cols], 'bool');
  return makeProjector({
    name: 'Blockdiag',
    params: { shapes: blocks, normalized, pos },
    pos,
    checkShape: ([m, n]) => {
      if (m !== rows || n !== cols) {
        throw new SparsekitError({
          argument: 'shapes',
          value: `blocks covering [${rows}, ${cols}]`,
          code: 'shape_mismatch',
          expected: `block shapes whose rows sum to ${m} and columns to ${n} (the shape of x)`,
        });
      }
    },
    core: (parts) => tf.tidy(() => maskParts(parts, maskTensor()) as tf.Tensor3D[]),
    fallback: (score) => tf.tidy(() => oneHotAtMax(score, maskTensor())),
  });
}
