/**
 * Micro-benchmarks of the active tfjs backend: matmul GFLOP/s (real and complex), elementwise
 * throughput and per-op dispatch overhead, used by the `tensor` suite and by
 * `scripts/tensor/run.ts` (every backend configuration in its own process). Each measurement ends by reading one
 * element of the output, which forces completion on asynchronous backends and costs nothing
 * on the synchronous ones (cpu, wasm, tensorflow), so downloads are not timed.
 */
import * as tf from '@tensorflow/tfjs';
import { complexMatMul, createRng, requireInteger } from '@sparsekit/tensor';

/** Wall-clock samples of repeated runs, in milliseconds. */
export interface Timing {
  readonly warmup: number;
  readonly samples: number[];
  readonly medianMs: number;
}

/**
 * Runs `fn` `warmup` times untimed, then `reps` timed times; reports the median.
 *
 * @example
 * ```ts
 * import { timeRepeated } from '@sparsekit/bench/kernels/tensor-kernels';
 * const t = timeRepeated(() => { Math.sqrt(2); }, { warmup: 1, reps: 5 });
 * t.medianMs; // >= 0
 * ```
 */
export function timeRepeated(fn: () => void, options: { warmup?: number; reps?: number } = {}): Timing {
  const warmup = requireInteger('warmup', options.warmup ?? 1, 0);
  const reps = requireInteger('reps', options.reps ?? 5, 1);
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { warmup, samples, medianMs: median(samples) };
}

/**
 * Median of a non-empty list.
 *
 * @example
 * ```ts
 * import { median } from '@sparsekit/bench/kernels/tensor-kernels';
 * median([3, 1, 2]); // => 2
 * ```
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Forces completion without downloading the whole output. */
function settle(t: tf.Tensor): void {
  tf.tidy(() => tf.slice(t.reshape([-1]), 0, 1).dataSync());
}

/** One matmul measurement. Complex products count 8n³ real flops (numpy/BLAS convention). */
export interface MatMulResult extends Timing {
  readonly n: number;
  readonly kind: 'real' | 'complex';
  readonly gflops: number;
}

/**
 * GFLOP/s of an n×n float32 matmul (`kind: 'complex'` times {@link complexMatMul} on
 * `{ re, im }` pairs) on the active backend, inputs from a seeded N(0, 1).
 *
 * @example
 * ```ts
 * import { measureMatMul } from '@sparsekit/bench/kernels/tensor-kernels';
 * const r = measureMatMul(64, { kind: 'real', reps: 3 });
 * r.gflops; // e.g. 10 on wasm
 * ```
 */
export function measureMatMul(
  n: number,
  options: { kind?: 'real' | 'complex'; warmup?: number; reps?: number; seed?: number } = {},
): MatMulResult {
  requireInteger('n', n, 1);
  const kind = options.kind ?? 'real';
  const rng = createRng(options.seed ?? 0);
  const make = () => tf.tensor2d(Float32Array.from(rng.normalArray(n * n)), [n, n]);
  const [ar, br] = [make(), make()];
  const [ai, bi] = kind === 'complex' ? [make(), make()] : [null, null];
  try {
    const timing = timeRepeated(() => {
      if (ai && bi) {
        const c = complexMatMul({ re: ar, im: ai }, { re: br, im: bi });
        settle(c.im);
        c.re.dispose();
        c.im.dispose();
      } else {
        const c = tf.matMul(ar, br);
        settle(c);
        c.dispose();
      }
    }, options);
    const flops = (kind === 'complex' ? 8 : 2) * n ** 3;
    return { ...timing, n, kind, gflops: flops / (timing.medianMs * 1e6) };
  } finally {
    [ar, br, ai, bi].forEach((t) => t?.dispose());
  }
}

/** Elementwise kernels measured by {@link measureElementwise}. */
export type ElementwiseOp = 'add' | 'relu' | 'exp' | 'sum';

/** One elementwise measurement, in millions of input elements per second. */
export interface ElementwiseResult extends Timing {
  readonly op: ElementwiseOp;
  readonly size: number;
  readonly melemPerSec: number;
}

/**
 * Throughput of `add` (x + y), `relu`, `exp` or `sum` (full reduction) on `size` float32 elements.
 *
 * @example
 * ```ts
 * import { measureElementwise } from '@sparsekit/bench/kernels/tensor-kernels';
 * measureElementwise('exp', 1e5, { reps: 3 }).melemPerSec; // e.g. 50 on wasm
 * ```
 */
export function measureElementwise(
  op: ElementwiseOp,
  size: number,
  options: { warmup?: number; reps?: number; seed?: number } = {},
): ElementwiseResult {
  requireInteger('size', size, 1);
  const rng = createRng(options.seed ?? 0);
  const x = tf.tensor1d(Float32Array.from(rng.normalArray(size)));
  const y = op === 'add' ? tf.tensor1d(Float32Array.from(rng.normalArray(size))) : null;
  const kernels: Record<ElementwiseOp, () => tf.Tensor> = {
    add: () => tf.add(x, y!),
    relu: () => tf.relu(x),
    exp: () => tf.exp(x),
    sum: () => tf.sum(x),
  };
  try {
    const timing = timeRepeated(() => {
      const out = kernels[op]();
      settle(out);
      out.dispose();
    }, options);
    return { ...timing, op, size, melemPerSec: size / (timing.medianMs * 1e3) };
  } finally {
    x.dispose();
    y?.dispose();
  }
}

/** Per-op overhead: tiny adds per second, chained inside one tidy or read back after each. */
export interface DispatchResult {
  readonly mode: 'chained' | 'synced';
  readonly ops: number;
  readonly opsPerSec: number;
  readonly medianMs: number;
}

/**
 * Dispatch overhead of the backend: `ops` additions of 4-element tensors, either chained in one
 * `tf.tidy` ('chained', pure dispatch) or each followed by `dataSync` ('synced').
 *
 * @example
 * ```ts
 * import { measureDispatch } from '@sparsekit/bench/kernels/tensor-kernels';
 * measureDispatch('chained', { ops: 1000, reps: 3 }).opsPerSec; // e.g. 1e5
 * ```
 */
export function measureDispatch(
  mode: 'chained' | 'synced',
  options: { ops?: number; warmup?: number; reps?: number } = {},
): DispatchResult {
  const ops = requireInteger('ops', options.ops ?? 10_000, 1);
  const one = tf.ones([4]);
  try {
    const timing = timeRepeated(() => {
      tf.tidy(() => {
        let acc = tf.zeros([4]);
        for (let i = 0; i < ops; i++) {
          acc = tf.add(acc, one);
          if (mode === 'synced') acc.dataSync();
        }
        acc.dataSync();
      });
    }, options);
    return { mode, ops, opsPerSec: ops / (timing.medianMs / 1e3), medianMs: timing.medianMs };
  } finally {
    one.dispose();
  }
}
