/** Shared state of one law run: the constraint, tolerances and helpers to call it on points. */
import type * as tf from '@tensorflow/tfjs';
import type { Constraint } from '../types.js';
import type { Any } from './capabilities.js';
import type { LawInput } from './inputs.js';
import type { Ops } from './ops.js';
import type { ConstraintLawsOptions, Point } from './options.js';
import { normInf, readPoint, scoped, toTensor } from './points.js';

export interface LawContext {
  readonly c: Any;
  readonly shape: readonly number[];
  readonly rtol: number;
  readonly atol: number;
  readonly convex: boolean;
  readonly steps: readonly number[];
  readonly options: ConstraintLawsOptions<Constraint>;
  /** How to call the constraint on many points (pointwise or one batched call). */
  readonly ops: Ops;
}

/** Calls `fn` on the point as a float32 tensor and reads the result back (no tensors survive). */
export function call(p: Point, fn: (t: tf.Tensor) => tf.Tensor): Point {
  return scoped(() => readPoint(fn(toTensor(p))));
}

/** Applies `prepare` and, for 'feasible' inputs, projects first (already-feasible case). */
export function prepareInputs(ctx: LawContext, inputs: readonly LawInput[]): Point[] {
  const { prepare } = ctx.options;
  const raw = inputs.map((i) => (prepare ? call(i.point, prepare) : i.point));
  const project = ctx.ops.project;
  if (!project) return raw;
  const which = inputs.map((i, k) => (i.kind === 'feasible' ? k : -1)).filter((k) => k >= 0);
  const projected = project(which.map((k) => raw[k]));
  which.forEach((k, j) => {
    raw[k] = projected[j];
  });
  return raw;
}

/** Absolute slack that scales with the input magnitude (float32 errors are relative to it). */
export function slack(ctx: LawContext, ...points: Point[]): number {
  const m = points.reduce((acc, p) => Math.max(acc, normInf(p.data)), 0);
  return ctx.atol * (1 + m);
}

export function fail(law: string, message: string, ...points: [string, Point][]): never {
  const detail = points.map(
    ([name, p]) => `  ${name} = [${p.shape.join('x')}] ${JSON.stringify(Array.from(p.data.slice(0, 12), (v) => Number(v.toPrecision(7))))}`,
  );
  throw new Error([`law '${law}' failed: ${message}`, ...detail].join('\n'));
}
