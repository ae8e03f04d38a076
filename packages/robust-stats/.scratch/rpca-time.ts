import { inexactAlm } from '../src/rpca/internal/inexact-alm.ts';
import { createRng } from '@sparsekit/tensor';
const size = Number(process.argv[2] ?? 500);
const rng = createRng(0);
const rank = 5;
const U = rng.normalArray(size * rank), V = rng.normalArray(size * rank);
const M = new Float64Array(size * size);
for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) { let s = 0; for (let k = 0; k < rank; k++) s += U[a * rank + k] * V[b * rank + k]; M[a * size + b] = s / Math.sqrt(rank); }
const u = rng.uniformArray(size * size), v = rng.uniformArray(size * size);
for (let k = 0; k < M.length; k++) if (u[k] < 0.05) M[k] += 20 * (v[k] - 0.5);
const lambda = 1 / Math.sqrt(size);
// crude ||M||_2 by power iteration
let x = new Float64Array(size).fill(1); let n2 = 0;
for (let it = 0; it < 200; it++) { const y = new Float64Array(size); for (let i = 0; i < size; i++) { let s = 0; for (let j = 0; j < size; j++) s += M[i*size+j]*x[j]; y[i]=s; } const z = new Float64Array(size); for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) z[j] += M[i*size+j]*y[i]; const nz = Math.hypot(...z); n2 = Math.sqrt(nz); x = z.map(t=>t/nz); }
const normF = Math.sqrt(M.reduce((a, t) => a + t * t, 0));
const normInf = M.reduce((a, t) => Math.max(a, Math.abs(t)), 0) / lambda;
const t0 = performance.now();
const r = inexactAlm(M, size, size, null, { lambda, rho: 1.5, tol: 1e-7, maxIter: 1000, mu0: 1.25 / n2, dual: Math.max(n2, normInf), normF });
console.log('iters', r.iterations, 'rank', r.rank, 'ms', (performance.now() - t0).toFixed(0));
