import { useBackendOrThrow } from '@sparsekit/tensor';
import { runExperiment } from './experiment.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND as 'wasm' | 'cpu' | undefined) ?? 'wasm');
const reports = await runExperiment({ train: 8000, test: 2000, epochs: 3, epsilon: 0.02, seed: 1 }, (l) => console.error(l));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
console.log('| model | clean | PGD L∞ 0.02 | certified L∞ 0.02 | Lipschitz cert. | ‖A‖∞ | density A | density B | training |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of reports) {
  console.log(
    `| ${r.name} | ${pct(r.clean)} | ${pct(r.robust)} | ${pct(r.certified)} | ${r.lipschitz.toFixed(1)} | ${r.normA.toFixed(3)} | ${pct(r.densityA)} | ${pct(r.densityB)} | ${r.trainSeconds.toFixed(0)} s |`,
  );
}
