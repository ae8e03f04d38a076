/** Feasible comparison points for the LMO and variational laws. */
import type { LawContext } from './context.js';
import type { Point } from './options.js';
import { pointOf } from './points.js';

/** A small seeded uniform generator on [0, 1) (mulberry32), for user samplers. */
export function uniformFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
