/** Feasible comparison points for the LMO and variational laws. */
import { createRng } from '@sparsekit/tensor';
import type { LawContext } from './context.js';
import type { Point } from './options.js';
import { pointOf } from './points.js';

/** A seeded uniform generator on [0, 1) for user samplers (tensor's `createRng`, one draw per call). */
export function uniformFrom(seed: number): () => number {
  const rng = createRng(seed >>> 0);
  return () => rng.uniformArray(1)[0];
}

/**
 * For each case i, feasible points: projections and LMO vertices of its random points
 * `others[i]`, every listed vertex and a few user samples. Feasibility of these is its own law.
 */
export function feasiblePoints(ctx: LawContext, others: readonly (readonly Point[])[], seed: number): Point[][] {
  const { ops, shape, options } = ctx;
  const flat = others.flat();
  const projected = ops.project ? ops.project(flat) : [];
  const vertices = ops.lmo ? ops.lmo(flat) : [];
  const listed = (options.vertices?.(shape) ?? []).map((v) => pointOf(shape, v));
  let offset = 0;
  return others.map((group, i) => {
    const mine = [...projected.slice(offset, offset + group.length), ...vertices.slice(offset, offset + group.length), ...listed];
    offset += group.length;
    if (options.sampleFeasible) {
      const uniform = uniformFrom(seed + i);
      for (let k = 0; k < 2; k++) mine.push(pointOf(shape, options.sampleFeasible(shape, uniform)));
    }
    return mine;
  });
}
