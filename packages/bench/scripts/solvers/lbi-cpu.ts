/**
 * Process CPU time of a 100-point `lbi` path (κ = 10, Libra defaults) against scikit-learn's
 * `lasso_path` (100 alphas down to 0.01·λmax, one BLAS thread) on the data of the solvers suite's
 * `gaussian-path` dataset (seed 0 + 2025), timed the same way in both processes: CPU time sees
 * through the load of a shared machine better than wall time.
 * Run: node --conditions=@sparsekit/source --import tsx packages/bench/scripts/solvers/lbi-cpu.ts [shapes] [reps]
 * e.g. `100x500,1000x5000 21`. Environment: BACKEND (default wasm), NATIVE=0 turns the host kernels off, SAMPLES=1
 * prints every sample (the first few paths of a process run before V8 has optimised the loops).
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { setHostKernels, useBackendOrThrow } from '@sparsekit/tensor';
import { lbi } from '@sparsekit/solvers/paths';
import { disposeLassoData, lassoData } from '../../src/suites/solvers/lasso-data.js';

const shapes = (process.argv[2] ?? '100x500,1000x5000').split(',');
const reps = Number(process.argv[3] ?? 21);
await useBackendOrThrow(process.env.BACKEND ?? 'wasm');
if (process.env.NATIVE === '0') setHostKernels(undefined);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const cpuMs = (f: () => void) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

function sklearnCpu(files: { X: string; y: string }, n: number, p: number): number[] {
  const py = [
    'import time, numpy as np',
    'from sklearn.linear_model import lasso_path',
    `X=np.fromfile('${files.X}',dtype=np.float32).reshape(${n},${p}).astype(np.float64);y=np.fromfile('${files.y}')`,
    'lasso_path(X,y,n_alphas=100,eps=1e-2)',
    'out=[]',
    `for _ in range(${reps}):`,
    '  c=time.process_time();lasso_path(X,y,n_alphas=100,eps=1e-2);out.append((time.process_time()-c)*1000)',
    'print(",".join(f"{v:.2f}" for v in out))',
  ].join('\n');
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const run = spawnSync(process.env.SPARSEKIT_PYTHON ?? '/usr/bin/python3', ['-c', py], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim().split(',').map(Number);
}

for (const shape of shapes) {
  const [n, p] = shape.split('x').map(Number);
  const d = lassoData(2025, n, p, Math.max(5, Math.round(p / 100)));
  const X = tf.tensor2d(d.X, [n, p]);
  const y = Array.from(d.y);
  let iterations = 0;
  const once = () => {
    const r = lbi(X, y, { kappa: 10, nt: 100 });
    if (E.isLeft(r)) throw r.left;
    iterations = r.right.iterations;
  };
  cpuMs(once); // warm-up (JIT)
  const ours = Array.from({ length: reps }, () => cpuMs(once));
  X.dispose();
  const peer = sklearnCpu(d.files, n, p);
  disposeLassoData(d);
  if (process.env.SAMPLES) console.log(ours.map((v) => v.toFixed(1)).join(' '));
  const [a, b] = [median(ours), median(peer)];
  console.log(
    `${shape}: lbi ${a.toFixed(1)} ms [${Math.min(...ours).toFixed(1)}–${Math.max(...ours).toFixed(1)}] (${iterations} iterations), ` +
      `lasso_path ${b.toFixed(1)} ms [${Math.min(...peer).toFixed(1)}–${Math.max(...peer).toFixed(1)}], ratio ${(a / b).toFixed(2)}`,
  );
}
