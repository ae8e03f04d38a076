/**
 * Constraints suite: throughput of batched L1-ball projection and LMO (one ball per row) on
 * the active backend, against a vectorized sort-based projection in PyTorch when available.
 */
import * as tf from '@tensorflow/tfjs';
import { eachSlice, l1Ball } from '@sparsekit/constraints';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';

interface BatchSpec { readonly batch: number; readonly n: number; readonly radius: number }

/** Radius well inside ‖x‖₁ of a Gaussian row, so every projection is active. */
const RADIUS = 10;

function randomRows({ batch, n }: BatchSpec, seed: number): tf.Tensor2D {
  return tf.randomNormal([batch, n], 0, 1, 'float32', seed) as tf.Tensor2D;
}

/** Sum of |output| read back to the host: doubles as a cross-implementation check value. */
function l1Total(t: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0]);
}

const sparsekitProjection = (samples: number) => timingSolver<BatchSpec>({
  name: 'sparsekit', problems: ['l1-projection'], samples,
  prepare: (spec, ctx) => {
    const x = randomRows(spec, ctx.seed);
    const ball = eachSlice(l1Ball(spec.radius));
    return { call: () => tf.tidy(() => l1Total(ball.project(x))), dispose: () => x.dispose() };
  },
});

const sparsekitLmo = (samples: number) => timingSolver<BatchSpec>({
  name: 'sparsekit', problems: ['l1-lmo'], samples,
  prepare: (spec, ctx) => {
    const g = randomRows(spec, ctx.seed);
    const ball = eachSlice(l1Ball(spec.radius));
    return { call: () => tf.tidy(() => l1Total(ball.lmo(g))), dispose: () => g.dispose() };
  },
});

const torchProjection = (samples: number) => pythonTimingSolver<BatchSpec>({
  name: 'torch', modules: ['torch'], script: 'torch_l1_projection.py', problems: ['l1-projection'],
  request: ({ batch, n, radius }) => ({ batch, n, radius, samples }),
});

/**
 * The constraints suite: `quick` at 16×10,000 and 1×100,000 (5 samples); `full` at the goal
 * sizes 256×10,000 and 1×1,000,000 (7 samples).
 *
 * @example
 * ```ts
 * import constraintsSuite from '@sparsekit/bench/suites/constraints';
 * constraintsSuite({ size: 'quick' }).problems.map((p) => p.name); // => ['l1-projection', 'l1-lmo']
 * ```
 */
export default function constraintsSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const shapes = full ? ['256x10000', '1x1000000'] : ['16x10000', '1x100000'];
  // Five timed calls per run at least: a ratio is a median over several samples, never one.
  const samples = full ? 7 : 5;
  const timing = (name: string) => ({
    name, kind: 'timing' as const,
    create: (d: { batch: number; n: number }) => ({ spec: { ...d, radius: RADIUS }, work: { amount: (d.batch * d.n) / 1e6, unit: 'Melem' } }),
  });
  return definePlugin({
    name: 'constraints',
    datasets: [{
      name: 'gaussian-rows', params: { shape: shapes },
      load: (p) => {
        const [batch, n] = String(p.shape).split('x').map(Number);
        return { batch, n };
      },
    }],
    problems: [timing('l1-projection'), timing('l1-lmo')],
    solvers: [sparsekitProjection(samples), sparsekitLmo(samples), torchProjection(samples)],
  });
}
