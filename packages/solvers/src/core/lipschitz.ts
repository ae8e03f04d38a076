/**
 * Initial Lipschitz estimate (chop/copt `init_lipschitz`): start from L = 1e-3 and multiply by
 * 10 until a gradient step of length 1/L decreases f. Per example, so a batch of problems with
 * different curvatures gets its own estimates.
 */
import * as tf from '@tensorflow/tfjs';
import type { Evaluator } from './evaluator.js';
import { broadcastPerExample, type Layout } from './per-example.js';

/** Per-example L such that x − ∇f/L decreases f (at most 100 tenfold increases). */
export function initLipschitz(evaluator: Evaluator, layout: Layout, x: tf.Tensor, grad: tf.Tensor, f0: Float64Array): Float64Array {
  const L = new Float64Array(layout.size).fill(1e-3);
  const pending = new Uint8Array(layout.size).fill(1);
  for (let attempt = 0; attempt < 100; attempt++) {
    const trial = tf.tidy(() => tf.sub(x, tf.mul(grad, broadcastPerExample(layout, L.map((l) => 1 / l)))));
    const f = evaluator.value(trial);
    trial.dispose();
    let any = false;
    for (let b = 0; b < layout.size; b++) {
      if (!pending[b]) continue;
      if (f[b] <= f0[b]) pending[b] = 0;
      else { L[b] *= 10; any = true; }
    }
    if (!any) break;
  }
  return L;
}
