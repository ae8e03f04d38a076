/**
 * Where one generic vanilla Frank-Wolfe iteration spends its time (100-dim least squares given
 * only as `valueAndGrad`, L1 ball r = 5, 2/(t+2) steps, the problem of the training suite's
 * 'fw-iteration'): the tfjs kernels of one iteration by name, then CPU-time medians of a whole
 * iteration, of one evaluation of f and ∇f, of one tiny tfjs op (dispatch cost) and of one read.
 * CPU time (process.cpuUsage) sees through the load of a shared machine better than wall time.
 * Run: node --conditions=@sparsekit/source --import tsx packages/bench/scripts/solvers/fw-iteration-profile.ts [wasm|cpu]
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1Ball } from '@sparsekit/constraints';
import { frankWolfe } from '@sparsekit/solvers/full-batch';
import { squaredLoss } from '@sparsekit/solvers/losses';
import { createRng, useBackend } from '@sparsekit/tensor';

const backend = process.argv[2] ?? 'wasm';
await useBackend(backend);
const rng = createRng(100);
const X = rng.normal([100, 100]) as tf.Tensor2D;
const y = rng.normal([100]) as tf.Tensor1D;
const loss = squaredLoss(X, y);
const constraint = l1Ball(5);

function run(maxIter: number): void {
  const x0 = tf.zeros([100]);
  const r = frankWolfe({ valueAndGrad: loss.valueAndGrad, constraint, x0 }, { step: 'sublinear', variant: 'vanilla', maxIter, tol: 0 });
  if (E.isLeft(r)) throw r.left;
  r.right.x.dispose();
  x0.dispose();
}

/** Median CPU time in µs of one call of `f`, over `reps` batches of `calls` calls. */
function cpuMicros(f: () => void, calls: number, reps = 15): number {
  for (let i = 0; i < calls; i++) f();
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) f();
    const dt = process.cpuUsage(t0);
    samples.push((dt.user + dt.system) / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const names = async (f: () => void) => (await tf.profile(f)).kernels.map((k) => k.name);
const short = await names(() => run(5));
const long = await names(() => run(6));
const w = tf.ones([100]);
const lossKernels = await names(() => tf.dispose(Object.values(loss.valueAndGrad(w))));
console.log(`backend ${backend}: ${long.length - short.length} kernels per iteration`);
console.log(`  f and ∇f (${lossKernels.length}): ${lossKernels.join(' ')}`);
console.log(`  last iteration: ${long.slice(short.length - long.length).join(' ')}`);
const iteration = (cpuMicros(() => run(201), 3) - cpuMicros(() => run(1), 3)) / 200;
const evaluation = cpuMicros(() => tf.dispose(Object.values(loss.valueAndGrad(w))), 200);
const a = tf.ones([100]);
const dispatch = cpuMicros(() => tf.add(a, a).dispose(), 2000);
const read = cpuMicros(() => a.dataSync(), 2000);
console.log(`CPU time per iteration ${iteration.toFixed(1)} µs; f and ∇f ${evaluation.toFixed(1)} µs;`);
console.log(`one tiny op (add of 100 floats) ${dispatch.toFixed(2)} µs; one read of 100 floats ${read.toFixed(2)} µs`);
tf.dispose([X, y, w, a]);
