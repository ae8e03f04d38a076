/**
 * Reads the perturbation ball from a constraint object (an L1, L2 or L∞ ball from
 * `@sparsekit/constraints`, whole or `eachSlice`, recognized by name and radius) and binds it,
 * intersected with the image box, to a batch of inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint } from '../../types.js';
import { ballLmo, lmoL1Box, lmoL2Box, lmoLinfBox, projectL2Box, projectLinfBox } from './ball-box.js';

export type PerturbationNorm = 1 | 2 | 'inf';

/** Oracles of {δ : ‖δᵢ‖ ≤ εᵢ, boxLo ≤ xᵢ + δᵢ ≤ boxHi} on flattened [B, n] tensors. */
export interface PerturbationGeometry {
  readonly norm: PerturbationNorm;
  readonly eps: tf.Tensor1D;
  lmo(g: tf.Tensor2D): tf.Tensor2D;
  /** Projection (L2 and L∞ only). */
  project(v: tf.Tensor2D): tf.Tensor2D;
  /** PGD-Madry direction: the ball's own LMO (L2 and L∞ only). */
  ascent(g: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

const NAMES: Record<string, PerturbationNorm> = { L1Ball: 1, L2Ball: 2, LinfBall: 'inf' };
/** Room used when there is no box: large, yet its square stays finite in float32. */
const NO_BOX = 1e15;

export function readBall(constraint: Constraint): { norm: PerturbationNorm; radius: number | number[] } {
  const name = typeof constraint?.name === 'string' ? constraint.name.replace(/^EachSlice\((.*)\)$/, '$1') : '';
  const norm = NAMES[name];
  const raw = constraint?.params?.radius;
  const radius = raw instanceof tf.Tensor ? Array.from(raw.dataSync()) : Array.isArray(raw) ? [...(raw as number[])] : raw;
  const ok = (r: unknown) => typeof r === 'number' && Number.isFinite(r) && r > 0;
  if (norm === undefined || !(ok(radius) || (Array.isArray(radius) && radius.every(ok)))) {
    throw new SparsekitError({
      argument: 'constraint', value: constraint?.name, code: 'unsupported',
      expected: 'an L1Ball, L2Ball or LinfBall (or eachSlice of one) with a positive radius, e.g. linfBall(0.1)',
    });
  }
  return { norm, radius: radius as number | number[] };
}

export function perturbationGeometry(constraint: Constraint, box: readonly [number, number] | null, x: tf.Tensor2D): PerturbationGeometry {
  const { norm, radius } = readBall(constraint);
  const batch = x.shape[0];
  if (Array.isArray(radius) && radius.length !== batch) {
    throw new SparsekitError({ argument: 'constraint', value: radius, code: 'shape_mismatch', expected: `${batch} radii, one per example` });
  }
  const [eps, lo, hi] = tf.tidy(() => {
    const e = (Array.isArray(radius) ? tf.tensor1d(radius) : tf.fill([batch], radius)) as tf.Tensor1D;
    if (box === null) return [e, tf.fill(x.shape, -NO_BOX), tf.fill(x.shape, NO_BOX)] as const;
    // Inputs already outside the box may stay where they are: δ = 0 is always feasible.
    return [e, tf.minimum(tf.sub(box[0], x), 0), tf.maximum(tf.sub(box[1], x), 0)] as const;
  }) as [tf.Tensor1D, tf.Tensor2D, tf.Tensor2D];
  const unsupported = (what: string): never => {
    throw new SparsekitError({ argument: 'constraint', value: constraint.name, code: 'unsupported', expected: `an L2 or L∞ ball for ${what} (use Frank-Wolfe for L1)` });
  };
  return {
    norm, eps,
    lmo: (g) => (norm === 1 ? lmoL1Box : norm === 2 ? lmoL2Box : lmoLinfBox)(g, lo, hi, eps),
    project: (v) => (norm === 2 ? projectL2Box(v, lo, hi, eps) : norm === 'inf' ? projectLinfBox(v, lo, hi, eps) : unsupported('projection')),
    ascent: (g) => (norm === 1 ? unsupported('PGD-Madry') : ballLmo(norm, g, eps)),
    dispose: () => tf.dispose([eps, lo, hi]),
  };
}
