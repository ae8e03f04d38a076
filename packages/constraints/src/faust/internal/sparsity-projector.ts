/** The common assembly of the sparsity projectors (sp, splin, spcol, splincol, skperm). */
import * as tf from '@tensorflow/tfjs';
import type { FaustFlags, FaustProjector } from '../faust-projector.js';
import type { HasHostProject } from '../../types.js';
import { flags, requireK, requireKAtMost } from './checks.js';
import { maskParts } from './parts.js';
import { makeHostProjector } from './projector.js';
import { maskHost, squaredModulus } from './host-projection.js';

/**
 * Parameters of the sparsity projectors `sp`, `splin`, `spcol`, `splincol` and `skperm`.
 *
 * @example
 * ```ts
 * import { splin, type SparsityParams } from '@sparsekit/constraints/faust';
 * const params: SparsityParams = splin(2).params; // { k: 2, normalized: true, pos: false }
 * ```
 */
export interface SparsityParams {
  readonly k: number;
  readonly normalized: boolean;
  readonly pos: boolean;
}

/** What one sparsity projector adds: its name, its bound on k, and the support it keeps. */
export interface SparsitySpec<N extends string> {
  readonly name: N;
  /** The largest k the shape allows and what that counts (for the error message). */
  readonly limit: (shape: [number, number]) => [number, string];
  /** Further shape requirements (e.g. square); throws SparsekitError. */
  readonly checkShape?: (shape: [number, number]) => void;
  /** Bool mask [B, m, n] of the kept support, from the parts [B, m, n] after `pos`. */
  readonly support: (parts: tf.Tensor3D[], k: number) => tf.Tensor;
  /** The same support on the host, from the squared moduli (row-major m×n): a 0/1 mask. */
  readonly hostSupport: (mag2: Float64Array, m: number, n: number, k: number) => Uint8Array;
}

/** Builds a sparsity projector: k ≥ 1, `normalized` defaults to true as in pyfaust. */
export function sparsityProjector<N extends string>(
  spec: SparsitySpec<N>,
  k: number,
  options?: FaustFlags,
): FaustProjector<N, SparsityParams> & HasHostProject {
  requireK(k);
  const { normalized, pos } = flags(options, true);
  return makeHostProjector({
    name: spec.name,
    params: { k, normalized, pos },
    pos,
    checkShape: (shape) => {
      spec.checkShape?.(shape);
      requireKAtMost(k, ...spec.limit(shape));
    },
    core: (parts) => tf.tidy(() => maskParts(parts, spec.support(parts, k)) as tf.Tensor3D[]),
    host: { core: (parts, m, n) => maskHost(parts, spec.hostSupport(squaredModulus(parts), m, n, k)) },
  });
}
