/**
 * Factorization suite: applying the DFT/Hadamard Fausts to a batch vs a dense matmul (tfjs) and
 * numpy's dense matmul and FFT/fast WHT; butterfly factorization of the DFT/Hadamard matrices
 * vs a float64 numpy butterfly in the same run; hierarchical PALM4MSA on Hadamard.
 */
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { butterfly, dft, hierarchical, palm4msa, wht, type Faust, type PalmEngine } from '@sparsekit/factorization';
import { sp, splin, spcol } from '@sparsekit/constraints/faust';
import { complexMatMul, createRng, type ComplexTensor } from '@sparsekit/tensor';
import { timingSolver } from '../adapters.js';
import { pythonTimingSolver } from '../baselines/python-timing.js';
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, BenchSolver, SuiteSize } from '../types.js';

type Kind = 'dft' | 'wht';
interface ApplySpec {
  readonly N: number;
  readonly kind: Kind;
  readonly batch: number;
}
interface FactSpec {
  readonly N: number;
  readonly kind: Kind;
}

const transform = (kind: Kind, N: number): Faust => (kind === 'dft' ? dft(N, { normed: false }) : wht(N, { normed: false }));

function absSum(y: tf.Tensor | ComplexTensor): number {
  return tf.tidy(
    () => (y instanceof tf.Tensor ? tf.sum(tf.abs(y)) : tf.sum(tf.sqrt(tf.add(tf.square(y.re), tf.square(y.im))))).dataSync()[0],
  );
}

function disposeValue(y: tf.Tensor | ComplexTensor): void {
  if (y instanceof tf.Tensor) y.dispose();
  else tf.dispose([y.re, y.im]);
}

const batchOf = (spec: ApplySpec, seed: number): tf.Tensor2D =>
  tf.tensor2d(Float32Array.from(createRng(seed).normalArray(spec.N * spec.batch)), [spec.N, spec.batch]);

const faustApply = (samples: number) =>
  timingSolver<ApplySpec>({
    name: 'faust',
    problems: ['faust-apply'],
    samples,
    prepare: (spec, ctx) => {
      const F = transform(spec.kind, spec.N);
      const x = batchOf(spec, ctx.seed);
      return {
        call: () => {
          const y = F.apply(x);
          const s = absSum(y);
          disposeValue(y);
          return s;
        },
        dispose: () => x.dispose(),
      };
    },
  });

const denseApply = (samples: number) =>
  timingSolver<ApplySpec>({
    name: 'tfjs-dense',
    problems: ['faust-apply'],
    samples,
    prepare: (spec, ctx) => {
      const M = transform(spec.kind, spec.N).toDense();
      const x = batchOf(spec, ctx.seed);
      const call = () => {
        const y = M instanceof tf.Tensor ? tf.matMul(M, x) : complexMatMul(M, x);
        const s = absSum(y);
        disposeValue(y);
        return s;
      };
      return {
        call,
        dispose: () => {
          disposeValue(M);
          x.dispose();
        },
      };
    },
  });

const numpyApply = (samples: number, op: 'dense-apply' | 'fast-apply', name: string) =>
  pythonTimingSolver<ApplySpec>({
    name,
    modules: ['numpy'],
    script: 'numpy_faust.py',
    problems: ['faust-apply'],
    request: ({ N, kind, batch }) => ({ op, N, kind, batch, samples }),
  });

const butterflySolver = timingSolver<FactSpec>({
  name: 'sparsekit-butterfly',
  problems: ['butterfly'],
  samples: 1,
  warmup: 0,
  prepare: (spec) => {
    const A = transform(spec.kind, spec.N).toDense();
    const call = () => {
      const res = butterfly(A, { permutation: spec.kind === 'dft' ? 'bitrev' : 'none' });
      return isRight(res) ? res.right.relError : NaN;
    };
    return { call, dispose: () => disposeValue(A) };
  },
});

const numpyButterfly = pythonTimingSolver<FactSpec>({
  name: 'numpy-butterfly-f64',
  modules: ['numpy'],
  script: 'numpy_faust.py',
  problems: ['butterfly'],
  request: ({ N, kind }) => ({ op: 'butterfly', N, kind, samples: 1 }),
});

const hierarchicalSolver = timingSolver<FactSpec>({
  name: 'sparsekit-hierarchical',
  problems: ['hierarchical-hadamard'],
  samples: 1,
  warmup: 0,
  prepare: (spec) => {
    const A = wht(spec.N, { normed: false }).toDense() as tf.Tensor2D;
    const call = () => {
      const res = hierarchical(A, 'hadamard');
      return isRight(res) ? res.right.relError : NaN;
    };
    return { call, dispose: () => A.dispose() };
  },
});

interface PalmSpec {
  readonly A: tf.Tensor2D;
  readonly sweeps: number;
}

/**
 * PALM4MSA on a dense Gaussian target with three sparse factors (splin, sp, spcol): no exact
 * factorization exists, so the error levels off and f* (the best error seen) is a real optimum
 * to measure suboptimality against. Each point is its own run of K sweeps from the same start
 * (K = 1, 2, 4, …), so its time is the true time to K sweeps.
 */
const palmSolver = (engine: Exclude<PalmEngine, 'auto'>): BenchSolver<PalmSpec> => ({
  name: `sparsekit-palm4msa-${engine}`,
  problems: ['palm4msa-fit'],
  run: ({ A, sweeps }, ctx) => {
    const n = A.shape[0];
    const constraints = [splin(8), sp(8 * n), spcol(8)];
    for (let k = 1; k <= sweeps; k *= 2) {
      const t0 = ctx.clock.now();
      const res = palm4msa(A, { constraints, stop: { numIts: k }, updateOrder: 'R2L', engine });
      const timeMs = ctx.clock.now() - t0;
      if (!isRight(res)) throw res.left;
      if (ctx.report({ iteration: k, objective: res.right.relError, timeMs }) === 'stop') return;
    }
  },
});

/**
 * Error against relative complexity gain: PALM4MSA with three factors (splin(k), sp(k·N),
 * spcol(k)) on the Gaussian target for several k, 32 sweeps each. A Gaussian matrix has no exact
 * sparse factorization, so each k trades speed of the operator (RCG) for accuracy.
 */
const rcgSolver = (ks: readonly number[]): BenchSolver<PalmSpec> =>
  timingSolver<PalmSpec>({
    name: 'sparsekit-palm4msa-rcg',
    problems: ['error-vs-rcg'],
    params: { k: [...ks] },
    samples: 1,
    warmup: 0,
    prepare: ({ A }, ctx) => {
      const n = A.shape[0];
      const k = Number(ctx.params.k);
      const call = () => {
        const res = palm4msa(A, { constraints: [splin(k), sp(k * n), spcol(k)], stop: { numIts: 32 }, updateOrder: 'R2L' });
        if (!isRight(res)) throw res.left;
        const rcg = res.right.faust.rcg();
        return { objective: res.right.relError, metrics: { rcg, error: res.right.relError } };
      };
      return { call };
    },
  });

/**
 * The factorization suite: `quick` applies at N = 256, 1024 (batch 128), butterfly at N = 256,
 * hierarchical Hadamard at N = 32; `full` applies up to N = 4096, butterfly at N = 1024 and
 * hierarchical Hadamard at N = 32 … 256; PALM4MSA on a Gaussian target (both engines) at N = 32
 * (quick) or 64 and 128 (full), whose error-vs-iterations and -time curves the report plots, and
 * its relative error against RCG for several sparsity levels (a plot).
 *
 * @example
 * ```ts
 * import factorizationSuite from '@sparsekit/bench/suites/factorization';
 * factorizationSuite({ size: 'quick' }).problems.map((p) => p.name); // ['faust-apply', 'butterfly', 'hierarchical-hadamard', 'error-vs-rcg', 'palm4msa-fit']
 * ```
 */
export default function factorizationSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  const samples = full ? 5 : 3;
  return definePlugin({
    name: 'factorization',
    datasets: [
      {
        name: 'transform',
        params: { N: full ? [256, 1024, 2048, 4096] : [256, 1024], kind: ['dft', 'wht'] },
        load: (p) => ({ N: Number(p.N), kind: p.kind as Kind }),
      },
      {
        name: 'butterfly-target',
        params: { N: full ? [1024] : [256], kind: ['dft', 'wht'] },
        load: (p) => ({ N: Number(p.N), kind: p.kind as Kind }),
      },
      { name: 'hadamard', params: { N: full ? [32, 64, 128, 256] : [32] }, load: (p) => ({ N: Number(p.N), kind: 'wht' as Kind }) },
      {
        name: 'gaussian-target',
        params: { N: full ? [64, 128] : [32] },
        load: (p, ctx) => {
          const N = Number(p.N);
          return tf.tensor2d(Float32Array.from(createRng(ctx.seed).normalArray(N * N)), [N, N]);
        },
        dispose: (A: tf.Tensor2D) => A.dispose(),
      },
    ],
    problems: [
      {
        name: 'faust-apply',
        kind: 'timing',
        datasets: ['transform'],
        create: (d: FactSpec) => ({
          spec: { ...d, batch: 128 },
          work: { amount: ((d.kind === 'dft' ? 8 : 2) * d.N * d.N * 128) / 1e9, unit: 'dense-GFLOP' },
        }),
      },
      {
        name: 'butterfly',
        kind: 'timing',
        datasets: ['butterfly-target'],
        create: (d: FactSpec) => ({ spec: d, work: { amount: 1, unit: 'factorization' } }),
      },
      {
        name: 'hierarchical-hadamard',
        kind: 'timing',
        datasets: ['hadamard'],
        create: (d: FactSpec) => ({ spec: d, work: { amount: 1, unit: 'factorization' } }),
      },
      {
        name: 'error-vs-rcg',
        kind: 'timing',
        datasets: ['gaussian-target'],
        plots: [{ x: 'rcg', y: 'error', logX: true, title: 'PALM4MSA on a Gaussian target: relative error vs RCG' }],
        create: (A: tf.Tensor2D) => ({ spec: { A, sweeps: 32 }, work: { amount: 1, unit: 'factorization' } }),
      },
      {
        name: 'palm4msa-fit',
        kind: 'convergence',
        datasets: ['gaussian-target'],
        tolerances: [1e-2, 1e-3],
        create: (A: tf.Tensor2D) => ({ spec: { A, sweeps: full ? 128 : 16 } }),
      },
    ],
    solvers: [
      faustApply(samples),
      denseApply(samples),
      numpyApply(samples, 'dense-apply', 'numpy-dense'),
      numpyApply(samples, 'fast-apply', 'numpy-fft'),
      butterflySolver,
      numpyButterfly,
      hierarchicalSolver,
      palmSolver('host'),
      palmSolver('tensor'),
      rcgSolver(full ? [1, 2, 4, 8, 16] : [2, 4, 8]),
    ],
  });
}
