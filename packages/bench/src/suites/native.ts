/**
 * Native suite: the BLAS-backed kernels of `@sparsekit/native` against their peers at matched
 * BLAS threads (numpy/OpenBLAS for matmul, torch CPU for a conv training step) and against the
 * stock tfjs kernels: `tf.matMul` throughput, the LeNet conv2 training step (forward and both
 * gradients), and the per-call cost of small products, where dispatch dominates.
 */
import * as tf from '@tensorflow/tfjs';
import {
  installNativeKernels,
  loadAddon,
  nativeKernelStatus,
  restoreStockKernels,
  setNativeThreads,
  type BackendKind,
} from '@sparsekit/native';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SuiteSize } from '../types.js';

interface MatmulSpec {
  readonly n: number;
  readonly threads: number;
  readonly calls: number;
}
interface ConvSpec {
  readonly batch: number;
  readonly threads: number;
}

/** LeNet-5's second convolution: 14×14×20 → 10×10×50 with 5×5 filters, no padding. */
const LENET_CONV2 = { height: 14, width: 14, in: 20, out: 50, kernel: 5 } as const;

/** Runs `body` with the kernels (native or stock) and the BLAS threads asked for, then puts back what was there. */
async function withKernels<T>(native: boolean, threads: number, backend: string, body: () => Promise<T> | T): Promise<T> {
  const kind = backend as BackendKind;
  const before = nativeKernelStatus();
  const wasNative = (before.kernels[kind] ?? []).length > 0;
  const previousThreads = before.threads;
  if (native) {
    installNativeKernels({ backends: [kind] });
    setNativeThreads(threads);
  } else restoreStockKernels([kind]);
  try {
    return await body();
  } finally {
    if (wasNative) installNativeKernels({ backends: [kind] });
    else restoreStockKernels([kind]);
    if (previousThreads !== undefined && nativeKernelStatus().available) setNativeThreads(previousThreads);
  }
}

function nativeAvailable(): true | string {
  const load = loadAddon();
  return load.ok ? true : `@sparsekit/native unavailable: ${load.reason}`;
}

/** tf.matMul on the active backend; `calls` products per sample, reported per call. */
function tfjsMatmul(name: string, native: boolean): BenchSolver<MatmulSpec> {
  return {
    name,
    problems: ['matmul', 'small-matmul'],
    ...(native ? { available: nativeAvailable } : {}),
    run: (spec, ctx) =>
      withKernels(native, spec.threads, tf.getBackend(), () =>
        timingSolver<MatmulSpec>({
          name,
          samples: 5,
          prepare: ({ n, calls }) => {
            const a = tf.randomNormal([n, n], 0, 1, 'float32', ctx.seed);
            const b = tf.randomNormal([n, n], 0, 1, 'float32', ctx.seed + 1);
            const call = () => {
              let check = 0;
              for (let i = 0; i < calls; i++) {
                const c = tf.matMul(a, b);
                check = c.dataSync()[0];
                c.dispose();
              }
              return check;
            };
            return { call, dispose: () => tf.dispose([a, b]) };
          },
        }).run(spec, { ...ctx, report: (p) => ctx.report({ ...p, timeMs: p.timeMs === undefined ? undefined : p.timeMs / spec.calls }) }),
      ),
  };
}

/** One training step of the conv layer: forward, then the input and filter gradients of sum(y). */
function convStep(name: string, native: boolean, backend?: 'cpu'): BenchSolver<ConvSpec> {
  return {
    name,
    problems: ['conv-step'],
    ...(native ? { available: nativeAvailable } : {}),
    run: async (spec, ctx) => {
      const previous = tf.getBackend();
      if (backend && backend !== previous) await tf.setBackend(backend);
      try {
        await withKernels(native, spec.threads, tf.getBackend(), () =>
          timingSolver<ConvSpec>({
            name,
            samples: native ? 5 : 1,
            warmup: native ? 1 : 0,
            prepare: ({ batch }) => {
              const { height, width, in: cin, out, kernel } = LENET_CONV2;
              const x = tf.randomNormal([batch, height, width, cin], 0, 1, 'float32', ctx.seed) as tf.Tensor4D;
              const w = tf.randomNormal([kernel, kernel, cin, out], 0, 1, 'float32', ctx.seed + 1) as tf.Tensor4D;
              const step = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'valid').sum());
              const call = () =>
                tf.tidy(() => {
                  const [dx, dw] = step([x, w]);
                  dx.dataSync();
                  return dw.dataSync()[0];
                });
              return { call, dispose: () => tf.dispose([x, w]) };
            },
          }).run(spec, ctx),
        );
      } finally {
        if (tf.getBackend() !== previous) await tf.setBackend(previous);
      }
    },
  };
}

const peers = [
  pythonTimingSolver<MatmulSpec>({
    name: 'numpy',
    modules: ['numpy'],
    script: 'native_peers.py',
    problems: ['matmul', 'small-matmul'],
    request: ({ n, threads, calls }) => ({ op: calls > 1 ? 'small-matmul' : 'matmul', n, threads, calls, samples: 5 }),
  }),
  pythonTimingSolver<ConvSpec>({
    name: 'torch',
    modules: ['torch'],
    script: 'native_peers.py',
    problems: ['conv-step'],
    request: ({ batch, threads }) => ({ op: 'conv-step', batch, threads, samples: 5, ...LENET_CONV2 }),
  }),
];

/**
 * The native suite: `quick` runs matmul at n = 256, 512, the conv step at batch 8 and small
 * products at n = 8, 32, 128, one BLAS thread; `full` runs n = 256…2048, batch 128 (the stock
 * cpu step takes minutes there), n = 8…128, at 1 and 2 threads.
 *
 * @example
 * ```ts
 * import nativeSuite from '@sparsekit/bench/suites/native';
 * nativeSuite({ size: 'quick' }).problems.map((p) => p.name); // ['matmul', 'conv-step', 'small-matmul']
 * ```
 */
export default function nativeSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const threads = full ? [1, 2] : [1];
  return definePlugin({
    name: 'native',
    datasets: [
      { name: 'square', params: { n: full ? [256, 512, 1024, 2048] : [256, 512] }, load: (p) => ({ n: Number(p.n) }) },
      { name: 'small-square', params: { n: full ? [8, 16, 32, 64, 128] : [8, 32, 128] }, load: (p) => ({ n: Number(p.n) }) },
      { name: 'lenet-conv2', params: { batch: full ? [128] : [8] }, load: (p) => ({ batch: Number(p.batch) }) },
    ],
    problems: [
      {
        name: 'matmul',
        kind: 'timing',
        datasets: ['square'],
        params: { threads },
        create: (d: { n: number }, p) => ({
          spec: { n: d.n, threads: Number(p.threads), calls: 1 },
          work: { amount: (2 * d.n ** 3) / 1e9, unit: 'GFLOP' },
        }),
      },
      {
        name: 'conv-step',
        kind: 'timing',
        datasets: ['lenet-conv2'],
        params: { threads },
        create: (d: { batch: number }, p) => ({
          spec: { batch: d.batch, threads: Number(p.threads) },
          work: { amount: d.batch, unit: 'image' },
        }),
      },
      {
        name: 'small-matmul',
        kind: 'timing',
        datasets: ['small-square'],
        params: { threads },
        create: (d: { n: number }, p) => ({
          spec: { n: d.n, threads: Number(p.threads), calls: d.n <= 32 ? 500 : 50 },
          work: { amount: 1, unit: 'call' },
        }),
      },
    ],
    solvers: [
      tfjsMatmul('tfjs-native', true),
      tfjsMatmul('tfjs-stock', false),
      convStep('tfjs-native', true),
      convStep('tfjs-stock-cpu', false, 'cpu'),
      ...peers,
    ],
  });
}
