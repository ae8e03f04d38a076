/**
 * The first float32 matmuls of a fresh process on 2-thread wasm (stock kernels, no native BLAS)
 * against numpy on 2 threads, n = 256: the time `useBackend` takes (its thread-pool warm-up
 * included) and each of the first 10 calls after it, then the median of 20 more. Records, never
 * asserts; run it several times, each run is one fresh process per side.
 *
 *   node --conditions=@sparsekit/source --import tsx packages/bench/scripts/tensor/first-calls.ts [n]
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { backendInfo, useBackendOrThrow } from '@sparsekit/tensor';

const n = Number(process.argv[2] ?? 256);
const CALLS = 10;
const WARM = 20;

const NUMPY = `
import json, sys, time, numpy as np
n, calls, warm = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
a = np.random.randn(n, n).astype(np.float32); b = np.random.randn(n, n).astype(np.float32)
def t():
    s = time.perf_counter(); a @ b; return (time.perf_counter() - s) * 1e3
first = [t() for _ in range(calls)]
rest = sorted(t() for _ in range(warm))
print(json.dumps({"first": first, "warmMedian": rest[len(rest) // 2]}))
`;

function timed(a: tf.Tensor, b: tf.Tensor): number {
  const t = performance.now();
  const c = tf.matMul(a, b);
  c.dataSync();
  c.dispose();
  return performance.now() - t;
}

const start = performance.now();
await useBackendOrThrow('wasm', { threads: 2, native: false });
const setupMs = performance.now() - start;
const [a, b] = [tf.randomNormal([n, n]), tf.randomNormal([n, n])];
a.dataSync();
b.dataSync();
const first = Array.from({ length: CALLS }, () => timed(a, b));
const rest = Array.from({ length: WARM }, () => timed(a, b)).sort((x, y) => x - y);
const env = { ...process.env, OPENBLAS_NUM_THREADS: '2', OMP_NUM_THREADS: '2', MKL_NUM_THREADS: '2' };
const py = spawnSync(process.env.SPARSEKIT_PYTHON ?? '/usr/bin/python3', ['-c', NUMPY, String(n), String(CALLS), String(WARM)], {
  encoding: 'utf8',
  env,
});
const numpy = py.status === 0 ? JSON.parse(py.stdout) : { error: py.stderr.trim().split('\n').pop() };
const round = (v: number[]) => v.map((x) => Number(x.toFixed(3)));
console.log(
  JSON.stringify({
    n,
    threads: backendInfo().threads,
    useBackendMs: Number(setupMs.toFixed(1)),
    wasmFirst: round(first),
    wasmWarmMedian: Number(rest[WARM / 2].toFixed(3)),
    numpyFirst: numpy.first ? round(numpy.first) : numpy,
    numpyWarmMedian: numpy.warmMedian,
  }),
);
tf.dispose([a, b]);
