/**
 * How the laws call the constraint on many points: one call per point, or (for constraints
 * that batch natively, like every set of this package) one `eachSlice` call for the whole batch
 * of cases, which keeps 1,000 cases per law cheap.
 */
import * as tf from '@tensorflow/tfjs';
import type { Any } from './capabilities.js';
import { hasIsFeasible, hasLmo, hasProject, hasProx } from './capabilities.js';
import type { Point } from './options.js';
import { readPoint, scoped, toTensor } from './points.js';

export interface Ops {
  readonly project?: (xs: readonly Point[]) => Point[];
  readonly lmo?: (gs: readonly Point[]) => Point[];
  readonly prox?: (xs: readonly Point[], step: number) => Point[];
  readonly feasible?: (xs: readonly Point[]) => boolean[];
}

function single(fn: (t: tf.Tensor) => tf.Tensor): (xs: readonly Point[]) => Point[] {
  return (xs) => xs.map((x) => scoped(() => readPoint(fn(toTensor(x)))));
}

/** One call per point. */
export function pointwiseOps(c: Any): Ops {
  return {
    project: hasProject(c) ? single((t) => c.project(t)) : undefined,
    lmo: hasLmo(c) ? single((t) => c.lmo(t)) : undefined,
    prox: hasProx(c) ? (xs, step) => single((t) => c.prox(t, step))(xs) : undefined,
    feasible: hasIsFeasible(c) ? (xs) => xs.map((x) => tf.tidy(() => c.isFeasible(toTensor(x)))) : undefined,
  };
}

function split(t: tf.Tensor, count: number): Point[] {
  const all = readPoint(t);
  const shape = all.shape.slice(1);
  const n = all.data.length / count;
  return Array.from({ length: count }, (_, i) => ({ shape, data: all.data.slice(i * n, (i + 1) * n) }));
}

function stacked(fn: (t: tf.Tensor) => tf.Tensor): (xs: readonly Point[]) => Point[] {
  return (xs) => (xs.length === 0 ? [] : scoped(() => split(fn(tf.stack(xs.map(toTensor))), xs.length)));
}

/** One batched call for all points, through the batched variant `b` of the constraint. */
export function batchedOps(b: Any & { isFeasibleEach?: (x: tf.Tensor) => boolean[] }): Ops {
  return {
    project: hasProject(b) ? stacked((t) => b.project(t)) : undefined,
    lmo: hasLmo(b) ? stacked((t) => b.lmo(t)) : undefined,
    prox: hasProx(b) ? (xs, step) => stacked((t) => b.prox(t, step))(xs) : undefined,
    feasible: b.isFeasibleEach ? (xs) => tf.tidy(() => b.isFeasibleEach!(tf.stack(xs.map(toTensor)))) : undefined,
  };
}
