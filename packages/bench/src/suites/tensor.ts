/**
 * Tensor suite: float32 matmul GFLOP/s, elementwise throughput and per-op dispatch overhead of
 * the active tfjs backend, against numpy on the same machine when available.
 */
import * as tf from '@tensorflow/tfjs';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';

interface MatmulSpec { readonly n: number }
interface ElementwiseSpec { readonly size: number; readonly op: 'add' | 'relu' | 'exp' | 'sum' }
interface DispatchSpec { readonly ops: number }

const SAMPLES = 5;

/** Reads one element so asynchronous backends must finish the op (cheaper than a full download). */
function settle(t: tf.Tensor): number {
  return tf.tidy(() => t.reshape([-1]).slice(0, 1).dataSync()[0]);
}

const tfjsMatmul = timingSolver<MatmulSpec>({
  name: 'tfjs', problems: ['matmul'], samples: SAMPLES,
  prepare: ({ n }, ctx) => {
    const a = tf.randomNormal([n, n], 0, 1, 'float32', ctx.seed);
    const b = tf.randomNormal([n, n], 0, 1, 'float32', ctx.seed + 1);
    return { call: () => tf.tidy(() => settle(tf.matMul(a, b))), dispose: () => tf.dispose([a, b]) };
  },
});

const tfjsElementwise = timingSolver<ElementwiseSpec>({
  name: 'tfjs', problems: ['elementwise'], samples: SAMPLES,
  prepare: ({ size, op }, ctx) => {
    const x = tf.randomNormal([size], 0, 1, 'float32', ctx.seed);
    const y = tf.randomNormal([size], 0, 1, 'float32', ctx.seed + 1);
    const ops = { add: () => tf.add(x, y), relu: () => tf.relu(x), exp: () => tf.exp(x), sum: () => tf.sum(x) };
    return { call: () => tf.tidy(() => settle(ops[op]())), dispose: () => tf.dispose([x, y]) };
  },
});

const tfjsDispatch = timingSolver<DispatchSpec>({
  name: 'tfjs', problems: ['dispatch'], samples: SAMPLES,
  prepare: ({ ops }) => {
    const x = tf.scalar(0);
    return {
      call: () => tf.tidy(() => {
        let y: tf.Tensor = x;
        for (let i = 0; i < ops; i++) y = tf.add(y, 1);
        return settle(y);
      }),
      dispose: () => x.dispose(),
    };
  },
});

const numpyKernels = [
  pythonTimingSolver<MatmulSpec>({ name: 'numpy', modules: ['numpy'], script: 'numpy_kernels.py', problems: ['matmul'], request: ({ n }) => ({ op: 'matmul', n, samples: SAMPLES }) }),
  pythonTimingSolver<ElementwiseSpec>({ name: 'numpy', modules: ['numpy'], script: 'numpy_kernels.py', problems: ['elementwise'], request: ({ size, op }) => ({ op, size, samples: SAMPLES }) }),
];

/**
 * The tensor suite at a size: `quick` (n = 256, 512; 1e6 elements) or `full`
 * (n up to 2048; 1e6 and 1e7 elements).
 *
 * @example
 * ```ts
 * import tensorSuite from '@sparsekit/bench/suites/tensor';
 * tensorSuite({ size: 'quick' }).name; // 'tensor'
 * ```
 */
export default function tensorSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  return definePlugin({
    name: 'tensor',
    datasets: [
      { name: 'square', params: { n: full ? [256, 512, 1024, 2048] : [256, 512] }, load: (p) => ({ n: Number(p.n) }) },
      { name: 'vector', params: { size: full ? [1e6, 1e7] : [1e6] }, load: (p) => ({ size: Number(p.size) }) },
      { name: 'scalar', load: () => ({}) },
    ],
    problems: [
      { name: 'matmul', kind: 'timing', datasets: ['square'], create: (d: { n: number }) => ({ spec: d, work: { amount: (2 * d.n ** 3) / 1e9, unit: 'GFLOP' } }) },
      {
        name: 'elementwise', kind: 'timing', datasets: ['vector'], params: { op: ['add', 'relu', 'exp', 'sum'] },
        create: (d: { size: number }, p) => ({ spec: { size: d.size, op: p.op as ElementwiseSpec['op'] }, work: { amount: d.size / 1e6, unit: 'Melem' } }),
      },
      { name: 'dispatch', kind: 'timing', datasets: ['scalar'], create: () => ({ spec: { ops: 1000 }, work: { amount: 1000, unit: 'op' } }) },
    ],
    solvers: [tfjsMatmul, tfjsElementwise, tfjsDispatch, ...numpyKernels],
  });
}
