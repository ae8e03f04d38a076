/**
 * Path benchmark on the Lasso problem of the solver benchmark (1000×5000 Gaussian
 * design, 50-sparse truth, seed 2024): an LBI path with 100 t-values (Libra grid, trate 100)
 * against a 100-value lasso path λ_k = λmax·100^{−k/99} (the same range, t = 1/λ) computed by
 * the project's proximal solver (FISTA) with warm starts, and scikit-learn's `lasso_path` when
 * `$SPARSEKIT_PYTHON -c 'import sklearn'` works (default /usr/bin/python3).
 * Run: npx tsx --conditions=@sparsekit/source packages/bench/scripts/solvers/paths-bench.ts [wasm|cpu] [kappa]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { proximalGradient } from '@sparsekit/solvers/full-batch';
import { lbi } from '@sparsekit/solvers/paths';
import { leastSquaresData } from '@sparsekit/solvers/testing';
import { pythonPath } from '../../src/baselines/python.js';

const backend = (process.argv[2] ?? 'wasm') as 'cpu' | 'wasm';
const kappa = Number(process.argv[3] ?? 10);
await useBackendOrThrow(backend);
const n = 1000;
const p = 5000;
const d = leastSquaresData(2024, n, p, 50, 0.1);
const truth = Array.from(d.wTrue, (v) => v !== 0);

/** Path quality: best ℓ2 error to the truth and best support F1 over the grid. */
function quality(path: Float64Array[]): { err: number; f1: number } {
  let err = Infinity;
  let f1 = 0;
  for (const b of path) {
    let e = 0;
    let tp = 0;
    let sel = 0;
    b.forEach((v, j) => {
      e += (v - d.wTrue[j]) ** 2;
      if (v !== 0) {
        sel++;
        if (truth[j]) tp++;
      }
    });
    err = Math.min(err, Math.sqrt(e));
    if (sel > 0) f1 = Math.max(f1, (2 * tp) / (sel + 50));
  }
  return { err, f1 };
}

const xt = tf.tensor2d(Float32Array.from(d.X.data), [n, p]);
const report: string[] = [`backend ${backend}; n=${n}, p=${p}; 100 path values`];

// LBI (Libra discretisation, c = 1, no intercept or normalisation so the loss is the lasso's).
let t0 = performance.now();
const path = lbi(xt, Array.from(d.y), { kappa, intercept: false, normalize: false });
const lbiMs = performance.now() - t0;
if (E.isLeft(path)) throw path.left;
const lq = quality(path.right.beta as Float64Array[]);
report.push(
  `LBI κ=${kappa}: ${lbiMs.toFixed(0)} ms, ${path.right.iterations} iterations (α=${path.right.alpha.toExponential(3)}, t0=${path.right.t0.toFixed(4)}), best ‖β−β*‖ ${lq.err.toFixed(4)}, best support F1 ${lq.f1.toFixed(3)}`,
);

// Lasso path by FISTA with warm starts (the project's proximal solver).
const yt = tf.tensor1d(Float32Array.from(d.y));
const lambdaMax = 1 / path.right.t0; // t0 = n / max|Xᵀy| = 1/λmax
const lambdas = Array.from({ length: 100 }, (_, k) => lambdaMax * 100 ** (-k / 99));
const valueAndGrad = (w: tf.Tensor) =>
  tf.tidy(() => {
    const r = tf.sub(tf.matMul(xt, w.reshape([p, 1])).reshape([n]), yt);
    return {
      value: r
        .square()
        .sum()
        .div(2 * n),
      grad: tf
        .matMul(xt, r.reshape([n, 1]), true, false)
        .reshape([p])
        .div(n),
    };
  });
t0 = performance.now();
let w = tf.zeros([p]);
let iterations = 0;
const lassoPath: Float64Array[] = [];
for (const lambda of lambdas) {
  const l1 = {
    name: 'L1',
    params: { lambda },
    prox: (x: tf.Tensor, s: number) => tf.tidy(() => tf.mul(tf.sign(x), tf.relu(tf.sub(tf.abs(x), lambda * s)))),
  };
  const r = proximalGradient({ valueAndGrad, constraint: l1, x0: w }, { accelerated: true, maxIter: 500, tol: 1e-5 * lambda });
  if (E.isLeft(r)) throw r.left;
  w.dispose();
  w = r.right.x;
  iterations += r.right.nit;
  lassoPath.push(Float64Array.from(w.dataSync()));
}
const fistaMs = performance.now() - t0;
w.dispose();
const fq = quality(lassoPath);
report.push(
  `lasso path, FISTA + warm starts (tol 1e-5·λ on the gradient mapping, ≤ 500 it/λ): ${fistaMs.toFixed(0)} ms, ${iterations} iterations, best ‖β−β*‖ ${fq.err.toFixed(4)}, best support F1 ${fq.f1.toFixed(3)}`,
);
tf.dispose([xt, yt]);

// scikit-learn, only if it is importable (nothing is installed by this script).
const probe = spawnSync(pythonPath(), ['-c', 'import sklearn'], { encoding: 'utf8' });
if (probe.status === 0) {
  const dir = tmpdir();
  writeFileSync(join(dir, 'paths-bench-X.bin'), Buffer.from(d.X.data.buffer));
  writeFileSync(join(dir, 'paths-bench-y.bin'), Buffer.from(Float64Array.from(d.y).buffer));
  const py = `import numpy as np, time\nfrom sklearn.linear_model import lasso_path\nX=np.fromfile('${dir}/paths-bench-X.bin').reshape(${n},${p});y=np.fromfile('${dir}/paths-bench-y.bin')\nt=time.perf_counter();a,c,_=lasso_path(X,y,n_alphas=100,eps=1e-2);print(f"{(time.perf_counter()-t)*1000:.0f}")`;
  const run = spawnSync(pythonPath(), ['-c', py], { encoding: 'utf8' });
  report.push(
    run.status === 0
      ? `scikit-learn lasso_path (100 alphas, eps 1e-2): ${run.stdout.trim()} ms`
      : `scikit-learn lasso_path failed: ${run.stderr.trim()}`,
  );
} else {
  report.push(`scikit-learn: not importable by ${pythonPath()}, skipped`);
}
console.log(report.join('\n'));
