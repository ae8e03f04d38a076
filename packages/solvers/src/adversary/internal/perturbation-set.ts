/**
 * Reads the perturbation ball from a constraint's `normBall()` (an L1, L2 or L∞ ball, whole or
 * `eachSlice`) and binds it, intersected with the image box, to a batch of inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint, HasNormBall } from '@sparsekit/constraints';
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

/** Room used when there is no box: large, yet its square stays finite in float32. */
const NO_BOX = 1e15;

/** The perturbation ball of a constraint with the `HasNormBall` capability. */
export function readBall(constraint: Constraint & Partial<HasNormBall>): { norm: PerturbationNorm; radius: number | number[] } {
  if (typeof constraint?.normBall !== 'function') {
    throw new SparsekitError({
      argument: 'constraint',
      value: constraint?.name,
      code: 'unsupported',
      expected: 'a norm ball with normBall(): l1Ball, l2Ball, linfBall (or eachSlice of one), e.g. linfBall(0.1)',
    });
  }
  const { norm, radius } = constraint.normBall();
  const ok = (r: unknown) => typeof r === 'number' && Number.isFinite(r) && r > 0;
  if (![1, 2, 'inf'].includes(norm) || !(ok(radius) || (Array.isArray(radius) && radius.every(ok)))) {
    throw new SparsekitError({
      argument: 'constraint.normBall()',
      value: { norm, radius },
      expected: "norm 1, 2 or 'inf' and positive finite radii",
    });
  }
  return { norm, radius: typeof radius === 'number' ? radius : [...radius] };
}

export function perturbationGeometry(constraint: Constraint, box: readonly [number, number] | null, x: tf.Tensor2D): PerturbationGeometry {
  const { norm, radius } = readBall(constraint);
  const batch = x.shape[0];
  if (Array.isArray(radius) && radius.length !== batch) {
    throw new SparsekitError({
      argument: 'constraint',
      value: radius,
      code: 'shape_mismatch',
      expected: `${batch} radii, one per example`,
    });
  }
  const [eps, lo, hi] = tf.tidy(() => {
    const e = (Array.isArray(radius) ? tf.tensor1d(radius) : tf.fill([batch], radius)) as tf.Tensor1D;
    if (box === null) return [e, tf.fill(x.shape, -NO_BOX), tf.fill(x.shape, NO_BOX)] as const;
    // Inputs already outside the box may stay where they are: δ = 0 is always feasible.
    return [e, tf.minimum(tf.sub(box[0], x), 0), tf.maximum(tf.sub(box[1], x), 0)] as const;
  }) as [tf.Tensor1D, tf.Tensor2D, tf.Tensor2D];
  const unsupported = (what: string): never => {
    throw new SparsekitError({
      argument: 'constraint',
      value: constraint.name,
      code: 'unsupported',
      expected: `an L2 or L∞ ball for ${what} (use Frank-Wolfe for L1)`,
    });
  };
  return {
    norm,
    eps,
    lmo: (g) => (norm === 1 ? lmoL1Box : norm === 2 ? lmoL2Box : lmoLinfBox)(g, lo, hi, eps),
    project: (v) =>
      norm === 2 ? projectL2Box(v, lo, hi, eps) : norm === 'inf' ? projectLinfBox(v, lo, hi, eps) : unsupported('projection'),
    ascent: (g) => (norm === 1 ? unsupported('PGD-Madry') : ballLmo(norm, g, eps)),
    dispose: () => tf.dispose([eps, lo, hi]),
  };
}
