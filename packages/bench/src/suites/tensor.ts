/**
 * Tensor suite: float32 matmul GFLOP/s (real and complex), elementwise throughput and per-op
 * dispatch overhead of the active tfjs backend, measured by `kernels/tensor-kernels.ts`,
 * against numpy on the same machine when available.
 */
import { measureDispatch, measureElementwise, measureMatMul, type ElementwiseOp } from '../kernels/tensor-kernels.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SolverContext, SuiteSize } from '../types.js';

interface MatmulSpec {
  readonly n: number;
  readonly kind: 'real' | 'complex';
}
interface ElementwiseSpec {
  readonly size: number;
  readonly op: ElementwiseOp;
}
interface DispatchSpec {
  readonly ops: number;
  readonly mode: 'chained' | 'synced';
}

const SAMPLES = 5;

/** Reports the samples of a kernel measurement. */
function reportSamples(ctx: SolverContext, samples: readonly number[]): void {
  for (const [i, ms] of samples.entries()) if (ctx.report({ iteration: i + 1, timeMs: ms }) === 'stop') return;
}

const tfjsMatmul: BenchSolver<MatmulSpec> = {
  name: 'tfjs',
  problems: ['matmul'],
  run: ({ n, kind }, ctx) => reportSamples(ctx, measureMatMul(n, { kind, warmup: 1, reps: SAMPLES, seed: ctx.seed }).samples),
};

const tfjsElementwise: BenchSolver<ElementwiseSpec> = {
  name: 'tfjs',
  problems: ['elementwise'],
  run: ({ size, op }, ctx) => reportSamples(ctx, measureElementwise(op, size, { warmup: 1, reps: SAMPLES, seed: ctx.seed }).samples),
};

const tfjsDispatch: BenchSolver<DispatchSpec> = {
  name: 'tfjs',
  problems: ['dispatch'],
  // measureDispatch returns only its median over the repetitions: one sample per run.
  run: ({ ops, mode }, ctx) => reportSamples(ctx, [measureDispatch(mode, { ops, warmup: 1, reps: SAMPLES }).medianMs]),
};

const numpyKernels = [
  pythonTimingSolver<MatmulSpec>({
    name: 'numpy',
    modules: ['numpy'],
    script: 'numpy_kernels.py',
    problems: ['matmul'],
    request: ({ n, kind }) => ({ op: 'matmul', n, kind, samples: SAMPLES }),
  }),
  pythonTimingSolver<ElementwiseSpec>({
    name: 'numpy',
    modules: ['numpy'],
    script: 'numpy_kernels.py',
    problems: ['elementwise'],
    request: ({ size, op }) => ({ op, size, samples: SAMPLES }),
  }),
];

/**
 * The tensor suite at a size: `quick` (n = 256, 512; 1e6 elements) or `full`
 * (n up to 2048; 1e6 and 1e7 elements).
 *
 * @example
 * ```ts
 * import tensorSuite from '@sparsekit/bench/suites/tensor';
 * tensorSuite({ size: 'quick' }).name; // => 'tensor'
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
      {
        name: 'matmul',
        kind: 'timing',
        datasets: ['square'],
        params: { kind: ['real', 'complex'] },
        create: (d: { n: number }, p) => ({
          spec: { n: d.n, kind: p.kind as MatmulSpec['kind'] },
          work: { amount: ((p.kind === 'complex' ? 8 : 2) * d.n ** 3) / 1e9, unit: 'GFLOP' },
        }),
      },
      {
        name: 'elementwise',
        kind: 'timing',
        datasets: ['vector'],
        params: { op: ['add', 'relu', 'exp', 'sum'] },
        create: (d: { size: number }, p) => ({
          spec: { size: d.size, op: p.op as ElementwiseSpec['op'] },
          work: { amount: d.size / 1e6, unit: 'Melem' },
        }),
      },
      {
        name: 'dispatch',
        kind: 'timing',
        datasets: ['scalar'],
        params: { mode: ['chained', 'synced'] },
        create: (_d, p) => ({ spec: { ops: 1000, mode: p.mode as DispatchSpec['mode'] }, work: { amount: 1000, unit: 'op' } }),
      },
    ],
    solvers: [tfjsMatmul, tfjsElementwise, tfjsDispatch, ...numpyKernels],
  });
}
