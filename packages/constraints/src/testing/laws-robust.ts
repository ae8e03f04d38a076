/** Laws about robustness: non-finite inputs, tensor leaks, batched = looped. */
import * as tf from '@tensorflow/tfjs';
import { isSparsekitError } from '@sparsekit/tensor';
import { eachSlice } from '../each-slice.js';
import type { LawContext } from './context.js';
import { call, fail, slack } from './context.js';
import type { Any } from './capabilities.js';
import { hasIsFeasible, hasLmo, hasProject, hasProx, hasValue } from './capabilities.js';
import type { Point } from './options.js';
import { closeExcess, readPoint, scoped, toTensor } from './points.js';

function capabilityCalls(c: Any, step: number): [string, (t: tf.Tensor) => tf.Tensor][] {
  const runs: [string, (t: tf.Tensor) => tf.Tensor][] = [];
  if (hasProject(c)) runs.push(['project', (t) => c.project(t)]);
  if (hasLmo(c)) runs.push(['lmo', (t) => c.lmo(t)]);
  if (hasProx(c)) runs.push(['prox', (t) => c.prox(t, step)]);
  if (hasValue(c)) runs.push(['value', (t) => c.value(t)]);
  return runs;
}

/**
 * The NaN policy: an input holding NaN or ±Infinity never gives a finite answer. The output holds
 * a non-finite entry (sparsekit's own sets propagate without reading data, so solvers see it at
 * their next objective read and stop with status 'nonfinite'); a plugin that reads the data
 * anyway may instead throw a SparsekitError. isFeasible says false.
 */
export function nonfiniteLaw(ctx: LawContext, xs: readonly Point[], index: number, bad: number, step: number): void {
  xs.forEach((x, i) => nonfiniteOne(ctx, x, index + i, bad, step));
}

function nonfiniteOne(ctx: LawContext, x: Point, index: number, bad: number, step: number): void {
  const data = Float64Array.from(x.data);
  data[index % data.length] = bad;
  const y = { shape: x.shape, data };
  for (const [name, fn] of capabilityCalls(ctx.c, step)) {
    let out: Point | undefined;
    try {
      out = call(y, fn);
    } catch (e) {
      if (isSparsekitError(e)) continue;
      fail('nonfinite', `${name} on an input holding ${bad} threw ${String(e)}, expected a non-finite output or a SparsekitError`, [
        'x',
        y,
      ]);
    }
    if (out && Array.from(out.data).every(Number.isFinite)) {
      fail(
        'nonfinite',
        `${name} turned an input holding ${bad} into a finite output, expected NaN or ±Infinity in it (or a SparsekitError)`,
        ['x', y],
        ['output', out],
      );
    }
  }
  const { c } = ctx;
  if (hasIsFeasible(c) && tf.tidy(() => c.isFeasible(toTensor(y))))
    fail('nonfinite', `isFeasible accepted an input holding ${bad}`, ['x', y]);
}

/** No capability leaves tensors behind (also on its error path). */
export function leakLaw(ctx: LawContext, xs: readonly Point[], step: number): void {
  for (const x of xs) leakOne(ctx, x, step);
}

function leakOne(ctx: LawContext, x: Point, step: number): void {
  const { c } = ctx;
  const t = toTensor(x);
  try {
    for (const [name, fn] of capabilityCalls(c, step)) {
      const before = tf.memory().numTensors;
      fn(t).dispose();
      const after = tf.memory().numTensors;
      if (after !== before) fail('leaks', `${name} leaked ${after - before} tensor(s)`, ['x', x]);
    }
    if (hasIsFeasible(c)) {
      const before = tf.memory().numTensors;
      c.isFeasible(t);
      if (tf.memory().numTensors !== before) fail('leaks', 'isFeasible leaked tensors', ['x', x]);
    }
  } finally {
    t.dispose();
  }
}

/** The batched variant on stacked slices equals the constraint applied to each slice. */
export function batchedLaw(ctx: LawContext, slices: readonly Point[], step: number): void {
  const batched = (ctx.options.batched ?? ((c: Any) => eachSlice(c as never)))(ctx.c as never) as Any;
  const stacked = scoped(() => readPoint(tf.stack(slices.map(toTensor))));
  const n = slices[0].data.length;
  const single = capabilityCalls(ctx.c, step);
  for (const [name, fn] of capabilityCalls(batched, step)) {
    const own = single.find(([m]) => m === name);
    if (!own) continue;
    const out = call(stacked, fn);
    const looped = slices.map((s) => call(s, own[1]));
    if (name === 'value') {
      const total = looped.reduce((a, v) => a + v.data[0], 0);
      const ok = total === out.data[0] || Math.abs(total - out.data[0]) <= slack(ctx, stacked) * (1 + Math.abs(total)) * n;
      if (!ok) fail('batched', `batched value ${out.data[0]} differs from the sum of slice values ${total}`, ['x', stacked]);
      continue;
    }
    looped.forEach((l, b) => {
      const part = out.data.subarray(b * n, (b + 1) * n);
      const { excess, index } = closeExcess(part, l.data, ctx.rtol, slack(ctx, slices[b]));
      if (excess > 0)
        fail(
          'batched',
          `batched ${name} differs from ${name} of slice ${b} at ${index}`,
          ['slice', slices[b]],
          ['batched', { shape: l.shape, data: part }],
          ['looped', l],
        );
    });
  }
}
