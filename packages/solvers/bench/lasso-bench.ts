/**
 * Lasso benchmark of issue #4: 1000×5000 Gaussian design, 50-sparse truth, λ = 0.1·λmax,
 * objective ‖y − Xw‖²/(2n) + λ‖w‖₁; time to 1e-4 relative suboptimality.
 * Run: npx tsx --conditions=@sparsekit/source packages/solvers/bench/lasso-bench.ts [cpu|wasm]
 * f* comes from the same working-set solver run to a 1e-12 relative duality gap (float64).
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { lasso, proximalGradient } from '../src/index.js';
import { lassoObjective, leastSquaresData } from '../src/testing.js';

const backend = (process.argv[2] ?? 'wasm') as 'cpu' | 'wasm';
await useBackendOrThrow(backend);
const n = 1000;
const p = 5000;
const d = leastSquaresData(2024, n, p, 50, 0.1);
const Xf32 = { rows: n, cols: p, data: Float32Array.from(d.X.data) };
let gInf = 0;
for (let j = 0; j < p; j++) {
  let s = 0;
  for (let i = 0; i < n; i++) s += d.X.data[i * p + j] * d.y[i];
  gInf = Math.max(gInf, Math.abs(s));
}
const lambda = (0.1 * gInf) / n;
const ref = lasso({ X: Xf32, y: d.y, lambda }, { tol: 1e-12, maxIter: 200 });
if (E.isLeft(ref)) throw ref.left;
const fStar = ref.right.fun;
const support = Array.from(ref.right.x.dataSync()).filter((v) => v !== 0).length;
ref.right.x.dispose();
const rel = (w: Float64Array) => (lassoObjective(d.X, d.y, w, lambda) - fStar) / fStar;

function timeIt(label: string, run: () => { x: tf.Tensor; nit: number }, reps = 5) {
  const times: number[] = [];
  let sub = NaN;
  let nit = 0;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    const r = run();
    times.push(performance.now() - t0);
    sub = rel(Float64Array.from(r.x.dataSync()));
    nit = r.nit;
    r.x.dispose();
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(reps / 2)].toFixed(1)} ms (min ${times[0].toFixed(1)}), ${nit} iterations, rel. subopt ${sub.toExponential(2)}`);
}

console.log(`backend ${backend}; n=${n}, p=${p}, λ=${lambda.toExponential(3)} (0.1·λmax), f*=${fStar.toFixed(8)}, |support| ${support}`);
const solve = (X: Parameters<typeof lasso>[0]['X'], screening: boolean, matvec: 'auto' | 'js' = 'auto') => () => {
  const r = lasso({ X, y: d.y, lambda }, { tol: 1e-4, screening, matvec });
  if (E.isLeft(r)) throw r.left;
  return r.right;
};
timeIt('working sets + gap-safe screening (X in JS memory, matvec auto = JS loop)', solve(Xf32, true));
timeIt('working sets, no screening (X in JS memory)', solve(Xf32, false));
timeIt('working sets + screening, Xᵀr in a JS loop (X in JS memory)', solve(Xf32, true, 'js'));
timeIt('working sets + screening, X as a tf.Tensor2D (includes the device read)', () => {
  const X = tf.tensor2d(Xf32.data, [n, p]);
  const out = solve(X, true)();
  X.dispose();
  return out;
});

// Baseline: FISTA in tfjs (matmuls on the backend), stopped at 1e-4 relative suboptimality.
const Xt = tf.tensor2d(Xf32.data, [n, p]);
const yt = tf.tensor1d(Float32Array.from(d.y));
const l1 = { name: 'L1', params: { lambda }, prox: (x: tf.Tensor, s: number) => tf.tidy(() => tf.mul(tf.sign(x), tf.relu(tf.sub(tf.abs(x), lambda * s)))) };
const valueAndGrad = (w: tf.Tensor) => tf.tidy(() => {
  const r = tf.sub(tf.matMul(Xt, w.reshape([p, 1])).reshape([n]), yt);
  return { value: r.square().sum().div(2 * n), grad: tf.matMul(Xt, r.reshape([n, 1]), true, false).reshape([p]).div(n) };
});
timeIt(`FISTA in tfjs (${backend}), stop at 1e-4`, () => {
  const x0 = tf.zeros([p]);
  const r = proximalGradient({ valueAndGrad, constraint: l1, x0 }, {
    accelerated: true, maxIter: 2000, tol: 0, timeLimitMs: 60_000,
    callback: (s) => (rel(Float64Array.from(s.x.dataSync())) <= 1e-4 ? 'stop' : undefined),
  });
  x0.dispose();
  if (E.isLeft(r)) throw r.left;
  return r.right;
}, 1);
tf.dispose([Xt, yt]);
