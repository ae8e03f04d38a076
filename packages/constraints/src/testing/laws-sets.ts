/** Laws about projections: shape, feasibility, idempotence, non-expansiveness, optimality. */
import * as tf from '@tensorflow/tfjs';
import type { LawContext } from './context.js';
import { fail, slack } from './context.js';
import { hasLmo, hasProject, hasProx, hasValue } from './capabilities.js';
import { feasiblePoints } from './feasible-points.js';
import type { Point } from './options.js';
import { allFinite, closeExcess, dot, norm2, readPoint, sameShape, sub, toTensor } from './points.js';

/** Every whole-tensor capability keeps the input shape (value: a scalar) and its input intact. */
export function shapeLaw(ctx: LawContext, xs: readonly Point[], step: number): void {
  const { c } = ctx;
  const runs: [string, (t: tf.Tensor) => tf.Tensor][] = [];
  if (hasProject(c)) runs.push(['project', (t) => c.project(t)]);
  if (hasLmo(c)) runs.push(['lmo', (t) => c.lmo(t)]);
  if (hasProx(c)) runs.push(['prox', (t) => c.prox(t, step)]);
  if (hasValue(c)) runs.push(['value', (t) => c.value(t)]);
  for (const x of xs) {
    for (const [name, fn] of runs) {
      tf.tidy(() => {
        const t = toTensor(x);
        const out = fn(t);
        const expected = name === 'value' ? [] : x.shape;
        if (!sameShape(out.shape, expected)) fail('shape', `${name} returned shape [${out.shape}], expected [${expected}]`, ['x', x]);
        if (out.dtype !== 'float32') fail('shape', `${name} returned dtype ${out.dtype}`, ['x', x]);
        if (closeExcess(readPoint(t).data, x.data, 0, 0).excess > 0) fail('shape', `${name} mutated its input`, ['x', x]);
      });
    }
  }
}

/** Projection, prox and LMO outputs (also lmo(0)) are finite and pass the membership test. */
export function feasibilityLaw(ctx: LawContext, xs: readonly Point[], step: number): void {
  const { ops } = ctx;
  if (!ops.feasible) return;
  const zeros = xs.map((x) => ({ shape: x.shape, data: new Float64Array(x.data.length) }));
  const outputs: [string, Point[]][] = [];
  if (ops.project) outputs.push(['project(x)', ops.project(xs)]);
  if (ops.prox) outputs.push([`prox(x, ${step})`, ops.prox(xs, step)]);
  if (ops.lmo) outputs.push(['lmo(x)', ops.lmo(xs)], ['lmo(0)', ops.lmo(zeros)]);
  for (const [name, ps] of outputs) {
    const flags = ops.feasible(ps);
    ps.forEach((p, i) => {
      if (!allFinite(p.data)) fail('feasibility', `${name} returned non-finite values`, ['x', xs[i]], [name, p]);
      if (!flags[i]) fail('feasibility', `${name} output is not feasible`, ['x', xs[i]], [name, p]);
    });
  }
}

/** project(project(x)) = project(x), and for sets prox(x, step) = project(x). */
export function idempotenceLaw(ctx: LawContext, xs: readonly Point[], step: number): void {
  const { ops } = ctx;
  if (!ops.project) return;
  const ps = ops.project(xs);
  const pps = ops.project(ps);
  const qs = ops.feasible && ops.prox ? ops.prox(xs, step) : undefined;
  xs.forEach((x, i) => {
    const [p, pp] = [ps[i], pps[i]];
    const e = closeExcess(pp.data, p.data, ctx.rtol, slack(ctx, p));
    if (e.excess > 0) fail('idempotence', `project(project(x)) differs from project(x) at ${e.index}`, ['x', x], ['p', p], ['pp', pp]);
    if (!qs) return;
    const f = closeExcess(qs[i].data, p.data, ctx.rtol, slack(ctx, x));
    if (f.excess > 0)
      fail('idempotence', `prox(x, ${step}) of a set differs from project(x) at ${f.index}`, ['x', x], ['p', p], ['prox', qs[i]]);
  });
}

/** Firm non-expansiveness ‖p−q‖² ≤ ⟨p−q, x−y⟩ of projections (sets) or prox (penalties). */
export function nonexpansiveLaw(ctx: LawContext, xs: readonly Point[], ys: readonly Point[], step: number): void {
  const { ops } = ctx;
  if (!ctx.convex) return;
  const op = ops.feasible && ops.project ? ops.project : ops.prox ? (v: readonly Point[]) => ops.prox!(v, step) : undefined;
  if (!op) return;
  const ps = op(xs);
  const qs = op(ys);
  xs.forEach((x, i) => {
    const d = sub(ps[i].data, qs[i].data);
    const e = sub(x.data, ys[i].data);
    const [lhs, rhs] = [dot(d, d), dot(d, e)];
    const tol = slack(ctx, x, ys[i]) * (1 + norm2(d) + norm2(e));
    if (lhs > rhs + tol)
      fail('nonexpansive', `‖p−q‖² = ${lhs} > ⟨p−q, x−y⟩ = ${rhs} (+ ${tol})`, ['x', x], ['y', ys[i]], ['p', ps[i]], ['q', qs[i]]);
  });
}

/**
 * Projection optimality against feasible points z: ⟨x−p, z−p⟩ ≤ 0 for convex sets (the
 * variational inequality), ‖x−p‖ ≤ ‖x−z‖ for any set.
 */
export function variationalLaw(ctx: LawContext, xs: readonly Point[], others: readonly (readonly Point[])[], seed: number): void {
  const { ops } = ctx;
  if (!ops.project || !ops.feasible) return;
  const ps = ops.project(xs);
  const zss = feasiblePoints(ctx, others, seed);
  xs.forEach((x, i) => {
    const p = ps[i];
    const r = sub(x.data, p.data);
    for (const z of zss[i]) {
      const zp = sub(z.data, p.data);
      const tol = slack(ctx, x, z) * (1 + norm2(zp) + norm2(r));
      const vi = dot(r, zp);
      if (ctx.convex && vi > tol) fail('variational', `⟨x−p, z−p⟩ = ${vi} > ${tol}`, ['x', x], ['p', p], ['z', z]);
      const dz = norm2(sub(x.data, z.data));
      if (norm2(r) > dz + tol) fail('variational', `‖x−p‖ = ${norm2(r)} > ‖x−z‖ = ${dz} for a feasible z`, ['x', x], ['p', p], ['z', z]);
    }
  });
}
