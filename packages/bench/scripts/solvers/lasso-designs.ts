/**
 * CPU time to 1e-4 relative suboptimality of `lasso` on the three designs of the solvers suite
 * (seed 0 of the suite), for a few option sets, many repetitions in one process.
 * Run: node --conditions=@sparsekit/source --import tsx packages/bench/scripts/solvers/lasso-designs.ts [reps]
 * Environment: NATIVE=0 (plain JS passes), DESIGNS (comma list of gaussian-1000x5000, gaussian-100x500, toeplitz-1000x5000),
 * CONFIGS (JSON list of lasso option objects; default Anderson on and off).
 */
import * as E from 'fp-ts/lib/Either.js';
import { hostKernels, setHostKernels, useBackendOrThrow } from '@sparsekit/tensor';
import { lasso, type LassoOptions } from '@sparsekit/solvers/sparse-glm';
import { disposeLassoData, lassoData, lassoObjective64 } from '../../src/suites/solvers/lasso-data.js';

const reps = Number(process.argv[2] ?? 7);
// The bench's backend (it loads the native addon's host kernels when built); NATIVE=0 runs the plain JS passes.
await useBackendOrThrow('wasm');
if (process.env.NATIVE === '0') setHostKernels(undefined);
console.log(`host kernels: ${hostKernels() ? 'native' : 'plain JS'}`);
const designs = (process.env.DESIGNS ?? 'gaussian-1000x5000,gaussian-100x500,toeplitz-1000x5000').split(',');
const configs: LassoOptions[] = JSON.parse(process.env.CONFIGS ?? '[{"anderson":true},{"anderson":false}]');
const target = Number(process.env.TARGET ?? 1e-4);
// CPU time of this process (user + system): on a loaded shared machine wall time mostly measures the load.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (const design of designs) {
  const [kind, shape] = design.split('-');
  const [n, p] = shape.split('x').map(Number);
  const data = lassoData(2024, n, p, Math.max(5, Math.round(p / 100)), kind === 'toeplitz' ? 0.9 : 0);
  const lambda = 0.1 * data.lambdaMax;
  const X = { rows: n, cols: p, data: data.X };
  const ref = lasso({ X, y: data.y, lambda }, { tol: 1e-12, maxIter: 500 });
  if (E.isLeft(ref)) throw ref.left;
  const fStar = lassoObjective64(data, ref.right.x.dataSync(), lambda);
  ref.right.x.dispose();
  for (const config of configs) {
    const times: number[] = [];
    let detail = '';
    for (let rep = 0; rep < reps; rep++) {
      const marks: { t: number; x: Float32Array; nit: number }[] = [];
      let excluded = 0;
      const t0 = cpuMs();
      const r = lasso(
        { X, y: data.y, lambda },
        {
          tol: 1e-12,
          maxIter: 200,
          ...config,
          // Stops at the target (as the bench runner does); evaluation time is not counted.
          callback: (s) => {
            const t = cpuMs() - t0 - excluded;
            const e0 = cpuMs();
            const x = s.x.dataSync() as Float32Array;
            const hit = (lassoObjective64(data, x, lambda) - fStar) / fStar <= target;
            marks.push({ t, x, nit: s.nit });
            excluded += cpuMs() - e0;
            return hit ? 'stop' : undefined;
          },
        },
      );
      if (E.isLeft(r)) throw r.left;
      r.right.x.dispose();
      const hit = marks.find((m) => (lassoObjective64(data, m.x, lambda) - fStar) / fStar <= target);
      times.push(hit ? hit.t : Number.NaN);
      if (rep === 0) detail = `outer ${hit?.nit}`;
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `${design} ${JSON.stringify(config)}: median ${sorted[reps >> 1].toFixed(2)} ms [${sorted[0].toFixed(2)}–${sorted[reps - 1].toFixed(2)}] ${detail}`,
    );
  }
  disposeLassoData(data);
}
