/**
 * Profile of the Lasso benchmark problem (the data of the solvers suite): per outer iteration,
 * elapsed time, certificate, true relative suboptimality, and the cost of the shared pieces.
 * Run: node --conditions=@sparsekit/source --import tsx packages/bench/scripts/solvers/lasso-profile.ts [tol]
 * Environment: SEED (data, default 0), RATIO (λ/λmax, default 0.1), MINWS (first working-set
 * size, default 64), MATVEC ('auto' | 'js' | 'tfjs').
 */
import * as E from 'fp-ts/lib/Either.js';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { lasso } from '@sparsekit/solvers/sparse-glm';
import { leastSquaresData } from '@sparsekit/solvers/testing';
import { lassoObjective64 } from '../../src/suites/solvers/lasso-data.js';

/** Xᵀv in plain JS on the row-major float32 design (the cost of one full gradient pass). */
function transposeTimes(D: { rows: number; cols: number; data: Float32Array }, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(D.cols);
  for (let i = 0; i < D.rows; i++) {
    const vi = v[i];
    for (let j = 0; j < D.cols; j++) out[j] += D.data[i * D.cols + j] * vi;
  }
  return out;
}

await useBackendOrThrow('wasm');
const n = 1000,
  p = 5000,
  k = 50;
const problem = leastSquaresData(Number(process.env.SEED ?? 0), n, p, k);
const X = Float32Array.from(problem.X.data);
const y = problem.y;
const D = { rows: n, cols: p, data: X };
const g0 = transposeTimes(D, y);
const lambda = (Number(process.env.RATIO ?? 0.1) * g0.reduce((m, v) => Math.max(m, Math.abs(v)), 0)) / n;
// The suite's float64 objective, on the same design.
const obj = (w: ArrayLike<number>) => lassoObjective64({ n, p, X, y }, w, lambda);
const ref = lasso({ X: D, y, lambda }, { tol: 1e-13, maxIter: 500 });
if (E.isLeft(ref)) throw ref.left;
const fStar = obj(ref.right.x.dataSync());
const time = (label: string, f: () => void, reps = 7) => {
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(`${label}: median ${t[reps >> 1].toFixed(2)} ms`);
};
time('Xᵀy in plain JS (one full gradient pass)', () => transposeTimes(D, y));
const tol = Number(process.argv[2] ?? 1e-12);
for (let rep = 0; rep < 5; rep++) {
  const marks: string[] = [];
  const t0 = performance.now();
  const xs: { t: number; nit: number; cert: number; x: Float32Array }[] = [];
  const r = lasso(
    { X: D, y, lambda },
    {
      tol,
      maxIter: 100,
      minWorkingSet: Number(process.env.MINWS ?? 64),
      matvec: (process.env.MATVEC ?? 'auto') as 'auto',
      callback: (s) => {
        xs.push({ t: performance.now() - t0, nit: s.nit, cert: s.certificate, x: s.x.dataSync() as Float32Array });
        return undefined;
      },
    },
  );
  const total = performance.now() - t0;
  if (E.isLeft(r)) throw r.left;
  for (const e of xs)
    marks.push(
      `it${e.nit} ${e.t.toFixed(1)}ms cert ${e.cert.toExponential(1)} sub ${((obj(e.x) - fStar) / fStar).toExponential(1)} nnz ${e.x.filter((v) => v !== 0).length}`,
    );
  console.log(`total ${total.toFixed(1)} ms | ${marks.join(' | ')}`);
  r.right.x.dispose();
}
