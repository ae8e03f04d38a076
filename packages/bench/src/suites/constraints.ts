/**
 * Constraints suite: throughput of batched L1-ball projection and LMO (one ball per row) on
 * the active backend, against vectorized sort-based projections in PyTorch and NumPy when
 * available, Condat's exact C projection when built into the peers directory, and a float64
 * plain-JS sort reference. Three radii: 10 (tens of survivors per row), 1000 (hundreds to
 * thousands) and a dense one (half of the expected ‖x‖₁: thousands of survivors).
 */
import * as tf from '@tensorflow/tfjs';
import { eachSlice, l1Ball } from '@sparsekit/constraints';
import { hostKernels, setHostKernels } from '@sparsekit/tensor';
import { timingSolver } from '../adapters.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { peersDir, pythonHas } from '../baselines/python.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SuiteSize } from '../types.js';

interface BatchSpec {
  readonly batch: number;
  readonly n: number;
  readonly radius: number;
}

/** E|x| of a standard Gaussian entry: the dense radius is half the expected row norm. */
const MEAN_ABS = Math.sqrt(2 / Math.PI);

function randomRows({ batch, n }: BatchSpec, seed: number): tf.Tensor2D {
  return tf.randomNormal([batch, n], 0, 1, 'float32', seed) as tf.Tensor2D;
}

/** Sum of |output| read back to the host: doubles as a cross-implementation check value. */
function l1Total(t: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0]);
}

/**
 * eachSlice(l1Ball).project through tfjs. `host`: 'native' runs the addon's projection kernel on
 * the backend's memory when `useBackend` loaded it; 'js' the plain JS search (one read, one
 * upload: what browsers and wasm-only installs run), both in one run. The check sum of |output|
 * is read on the first (warm-up) call only, so the timed calls are the projection alone, as for
 * Condat's C.
 */
const sparsekitProjection = (samples: number) =>
  timingSolver<BatchSpec>({
    name: 'sparsekit',
    problems: ['l1-projection'],
    params: { host: ['native', 'js'] },
    samples,
    prepare: (spec, ctx) => {
      const x = randomRows(spec, ctx.seed);
      const ball = eachSlice(l1Ball(spec.radius));
      const native = hostKernels();
      let check: number | undefined;
      const project = () => {
        const p = ball.project(x);
        check ??= l1Total(p);
        p.dispose();
        return check;
      };
      return {
        call: () => {
          if (ctx.params.host !== 'js') return project();
          setHostKernels(undefined);
          try {
            return project();
          } finally {
            setHostKernels(native);
          }
        },
        dispose: () => x.dispose(),
      };
    },
  });

/**
 * The addon's row kernel alone on a Float32Array (what Condat's C timing measures: no tensor
 * reads or uploads), when `useBackend` loaded it.
 */
const nativeKernel = (samples: number): BenchSolver<BatchSpec> => ({
  ...timingSolver<BatchSpec>({
    name: 'sparsekit-native-kernel',
    problems: ['l1-projection'],
    samples,
    prepare: (spec, ctx) => {
      const x = randomRows(spec, ctx.seed);
      const values = x.dataSync() as Float32Array;
      x.dispose();
      const out = new Float32Array(values.length);
      const radii = new Float64Array(spec.batch).fill(spec.radius);
      const kernels = hostKernels()!;
      return {
        call: () => {
          kernels.l1BallRows(values, out, spec.batch, spec.n, radii);
          return out[0];
        },
      };
    },
  }),
  available: () => (hostKernels() ? true : 'the native addon is not loaded (no host kernels on this backend)'),
});

const sparsekitLmo = (samples: number) =>
  timingSolver<BatchSpec>({
    name: 'sparsekit',
    problems: ['l1-lmo'],
    samples,
    prepare: (spec, ctx) => {
      const g = randomRows(spec, ctx.seed);
      const ball = eachSlice(l1Ball(spec.radius));
      return { call: () => tf.tidy(() => l1Total(ball.lmo(g))), dispose: () => g.dispose() };
    },
  });

/** Per-row L1 projection by a full float64 sort (Duchi et al. 2008): the plain-JS reference. */
function projectL1SortF64(x: Float32Array, batch: number, n: number, radius: number): number {
  let check = 0;
  const sorted = new Float64Array(n);
  for (let i = 0; i < batch; i++) {
    const row = x.subarray(i * n, (i + 1) * n);
    for (let j = 0; j < n; j++) sorted[j] = Math.abs(row[j]);
    sorted.sort().reverse();
    let sum = 0;
    let theta = 0;
    for (let k = 0; k < n; k++) {
      sum += sorted[k];
      const t = (sum - radius) / (k + 1);
      if (sorted[k] > t) theta = t;
    }
    theta = Math.max(theta, 0);
    for (let j = 0; j < n; j++) check += Math.max(Math.abs(row[j]) - theta, 0);
  }
  return check;
}

const jsReference = (samples: number) =>
  timingSolver<BatchSpec>({
    name: 'js-f64-sort',
    problems: ['l1-projection'],
    samples,
    prepare: (spec, ctx) => {
      const x = randomRows(spec, ctx.seed);
      const values = x.dataSync() as Float32Array;
      x.dispose();
      return { call: () => projectL1SortF64(values, spec.batch, spec.n, spec.radius), dispose: () => undefined };
    },
  });

const numpyProjection = (samples: number) =>
  pythonTimingSolver<BatchSpec>({
    name: 'numpy',
    modules: ['numpy'],
    script: 'numpy_l1_projection.py',
    problems: ['l1-projection'],
    request: ({ batch, n, radius }) => ({ batch, n, radius, samples }),
  });

/** Condat's C projection (float64), when built into the peers directory. */
const condatProjection = (samples: number): BenchSolver<BatchSpec> => ({
  ...pythonTimingSolver<BatchSpec>({
    name: 'condat-c',
    modules: ['numpy'],
    script: 'condat_l1_projection.py',
    problems: ['l1-projection'],
    request: ({ batch, n, radius }) => ({ batch, n, radius, samples }),
  }),
  available: () => {
    const dir = peersDir();
    if (dir === undefined || !existsSync(join(dir, 'lib', 'libcondat-l1.so')))
      return "peer not installed: Condat's C projection (build it into SPARSEKIT_PEERS_DIR with scripts/build-peers.sh)";
    return pythonHas(['numpy']);
  },
});

const torchProjection = (samples: number) =>
  pythonTimingSolver<BatchSpec>({
    name: 'torch',
    modules: ['torch'],
    script: 'torch_l1_projection.py',
    problems: ['l1-projection'],
    request: ({ batch, n, radius }) => ({ batch, n, radius, samples }),
  });

/**
 * The constraints suite: `quick` at 16×10,000 and 1×100,000 (5 samples); `full` at the goal
 * sizes 256×10,000 and 1×1,000,000 (7 samples); each at r = 10, r = 1000 and a dense
 * (r = ½·E‖x‖₁) radius.
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
    name,
    kind: 'timing' as const,
    create: (d: BatchSpec) => ({ spec: d, work: { amount: (d.batch * d.n) / 1e6, unit: 'Melem' } }),
  });
  return definePlugin({
    name: 'constraints',
    datasets: [
      {
        name: 'gaussian-rows',
        params: { shape: shapes, radius: ['10', '1000', 'dense'] },
        load: (p) => {
          const [batch, n] = String(p.shape).split('x').map(Number);
          return { batch, n, radius: p.radius === 'dense' ? 0.5 * n * MEAN_ABS : Number(p.radius) };
        },
      },
    ],
    problems: [timing('l1-projection'), timing('l1-lmo')],
    solvers: [
      sparsekitProjection(samples),
      nativeKernel(samples),
      sparsekitLmo(samples),
      condatProjection(samples),
      torchProjection(samples),
      numpyProjection(samples),
      jsReference(samples),
    ],
  });
}
