/** Shared assembly of the diagonal-structure projectors (circ, toeplitz, hankel). */
import * as tf from '@tensorflow/tfjs';
import type { FaustProjector } from '../faust-projector.js';
import type { Groups } from './group-mean.js';
import { groupMean } from './group-mean.js';
import { normalizeParts } from './parts.js';
import { makeProjector, oneHotAtMax } from './projector.js';

/** Parameters of the structure projectors. */
export interface StructureParams {
  readonly normalized: boolean;
  readonly pos: boolean;
}

/**
 * Projector onto matrices constant on the groups given by `groupsFor`. With `normalized`, a
 * zero mean pattern falls back to the normalized indicator of the group holding the
 * lowest-index largest entry (every unit point of the subspace is then equally near).
 */
export function structureProjector<N extends string>(
  name: N,
  flags: StructureParams,
  groupsFor: (shape: [number, number]) => Groups,
  checkShape: (shape: [number, number]) => void,
): FaustProjector<N, StructureParams> {
  return makeProjector({
    name,
    params: { ...flags },
    pos: flags.pos,
    checkShape,
    core: (parts) => parts.map((p) => groupMean(p, groupsFor([p.shape[1], p.shape[2]]))),
    fallback: (score) =>
      tf.tidy(() => normalizeParts([groupMean(oneHotAtMax(score), groupsFor([score.shape[1], score.shape[2]]))])[0] as tf.Tensor3D),
  });
}
