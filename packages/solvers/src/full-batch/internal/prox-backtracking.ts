/**
 * One proximal-gradient step from a base point y with per-example steps η:
 * z = prox_{ηg}(y − η∇f(y)). With `search`, copt's rule: accept when
 * f(z) ≤ f(y) + ⟨∇f(y), z − y⟩ + ‖z − y‖²/(2η), else η ← 0.6·η (at most `maxTries` times).
 * The certificate is the gradient-mapping norm ‖z − y‖/η. The search also fails once η‖∇f‖
 * drops below float32 resolution of ‖y‖ (smaller steps would round to no move and "pass").
 */
import * as tf from '@tensorflow/tfjs';
import type { Evaluator } from '../../core/evaluator.js';
import { broadcastPerExample, dotAndSquaredNorm, selectPerExample, type Layout } from '../../core/per-example.js';
import { F32_SLACK } from './fw-step-size.js';
import type { Proximable } from '@sparsekit/constraints';
import { applyProx } from './prox-map.js';

export interface ProxStepResult {
  readonly z: tf.Tensor;
  readonly values: Float64Array;
  readonly grad: tf.Tensor;
  readonly certificate: Float64Array;
  readonly failed: Uint8Array;
}

export const BACKTRACK_FACTOR = 0.6;
const F32_EPS = 2 ** -24;

function candidate(c: Proximable, layout: Layout, y: tf.Tensor, gy: tf.Tensor, eta: Float64Array): tf.Tensor {
  const v = tf.tidy(() => tf.sub(y, tf.mul(gy, broadcastPerExample(layout, eta))));
  const z = applyProx(c, layout, v, eta);
  v.dispose();
  return z;
}

/** Takes the step for examples with `active[b]`; inactive examples get z = y. */
export function proxStep(
  ev: Evaluator,
  layout: Layout,
  c: Proximable,
  base: { y: tf.Tensor; fy: Float64Array; gy: tf.Tensor },
  eta: Float64Array,
  active: Uint8Array,
  search: boolean,
  maxTries = 100,
): ProxStepResult {
  const n = layout.size;
  const pending = Uint8Array.from(active);
  const failed = new Uint8Array(n);
  const certificate = new Float64Array(n);
  // Shrinking η past float32 resolution of y cannot produce a meaningful step: that is failure.
  const [, yNorm2] = dotAndSquaredNorm(layout, base.y, base.y);
  const [, gNorm2] = dotAndSquaredNorm(layout, base.gy, base.gy);
  let z: tf.Tensor | undefined;
  let out: { values: Float64Array; grad: tf.Tensor } | undefined;
  for (let attempt = 0; ; attempt++) {
    const raw = candidate(c, layout, base.y, base.gy, eta);
    const next = tf.tidy(() => tf.where(tf.broadcastTo(broadcastPerExample(layout, active).cast('bool'), raw.shape), raw, base.y));
    raw.dispose();
    const e = ev.valueAndGrad(next);
    const incr = tf.sub(next, base.y);
    const [gInc, inc2] = dotAndSquaredNorm(layout, base.gy, incr);
    incr.dispose();
    if (z) {
      z.dispose();
      out!.grad.dispose();
    }
    z = next;
    out = e;
    let any = false;
    for (let b = 0; b < n; b++) {
      if (!pending[b]) continue;
      certificate[b] = Math.sqrt(inc2[b]) / eta[b];
      const bound = base.fy[b] + gInc[b] + inc2[b] / (2 * eta[b]);
      const negligible = search && gNorm2[b] > 0 && eta[b] * Math.sqrt(gNorm2[b]) <= F32_EPS * Math.sqrt(yNorm2[b]);
      if (negligible) {
        failed[b] = 1;
        pending[b] = 0;
        continue;
      }
      if (!search || e.values[b] <= bound + F32_SLACK * Math.abs(base.fy[b])) {
        pending[b] = 0;
        continue;
      }
      if (attempt + 1 >= maxTries) {
        failed[b] = 1;
        pending[b] = 0;
        continue;
      }
      eta[b] *= BACKTRACK_FACTOR;
      any = true;
    }
    if (!any) break;
  }
  if (failed.some((f) => f === 1)) {
    // Keep the base point for examples whose search failed (the best iterate so far).
    const kept = selectPerExample(
      layout,
      failed.map((f) => 1 - f),
      z!,
      base.y,
    );
    tf.dispose([z!, out!.grad]);
    z = kept;
    out = ev.valueAndGrad(kept);
  }
  return { z: z!, values: out!.values, grad: out!.grad, certificate, failed };
}
