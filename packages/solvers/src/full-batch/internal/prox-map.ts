/**
 * Applying a constraint's proximal map with per-example steps. Sets project (the step does not
 * matter); penalties get prox(v, η_b). `prox` takes one number, so a batch whose examples have
 * different steps is handled slice by slice (correct, slower; equal steps take one call).
 */
import * as tf from '@tensorflow/tfjs';
import type { HasProx, Proximable } from '@sparsekit/constraints';
import type { Layout } from '../../core/per-example.js';

/** prox_{η g}(v) per example; v is not disposed. */
export function applyProx(c: Proximable, layout: Layout, v: tf.Tensor, eta: Float64Array): tf.Tensor {
  if ('project' in c && typeof c.project === 'function') return c.project(v);
  const prox = (c as HasProx).prox.bind(c);
  const allEqual = eta.every((e) => e === eta[0]);
  if (!layout.batched || allEqual) return prox(v, eta[0]);
  return tf.tidy(() => {
    const slices = tf.unstack(v);
    return tf.stack(slices.map((s, b) => prox(s.expandDims(0), eta[b]).squeeze([0])));
  });
}
