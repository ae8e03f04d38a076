/**
 * `npm run grid`: error vs density on MNIST. Environment: MODE (`constrained` default or
 * `penalized`), GRID (comma-separated ε or λ values), SOURCE (`official` default or `small`),
 * TRAIN, TEST, EPOCHS, DUAL_LR (constrained runs, default 1e-4 × the schedule compression),
 * PRIMAL_LR, GATE_LR (default PRIMAL_LR × the compression), BATCH, WEIGHT_DECAY (penalized runs,
 * default 5e-4 per example), TEST_GATE (`median` or `paper`), OUT (JSON file to write),
 * SPARSEKIT_BACKEND (default wasm).
 */
import { writeFileSync } from 'node:fs';
import { backendInfo, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { runGrid, type GridConfig } from './grid.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName);
const mode = (process.env.MODE ?? 'constrained') as GridConfig['mode'];
const config: GridConfig = {
  mode,
  grid: (process.env.GRID ?? (mode === 'constrained' ? '0.2,0.33,0.5' : '0.05,0.2,0.5')).split(',').map(Number),
  source: (process.env.SOURCE ?? 'official') as GridConfig['source'],
  trainSize: Number(process.env.TRAIN ?? 5000),
  testSize: Number(process.env.TEST ?? 10000),
  epochs: Number(process.env.EPOCHS ?? 10),
  seed: 1,
  ...(process.env.DUAL_LR ? { dualLr: Number(process.env.DUAL_LR) } : {}),
  ...(process.env.PRIMAL_LR ? { primalLr: Number(process.env.PRIMAL_LR) } : {}),
  ...(process.env.GATE_LR ? { gateLr: Number(process.env.GATE_LR) } : {}),
  ...(process.env.BATCH ? { batchSize: Number(process.env.BATCH) } : {}),
  ...(process.env.WEIGHT_DECAY ? { weightDecay: Number(process.env.WEIGHT_DECAY) } : {}),
  ...(process.env.TEST_GATE ? { testGate: process.env.TEST_GATE as GridConfig['testGate'] } : {}),
};
const info = backendInfo();
console.log(`backend ${info.name}; ${JSON.stringify(config)}`);
const start = performance.now();
const points = await runGrid(config, (line) => console.log(line));
const seconds = (performance.now() - start) / 1000;
console.log(`total ${seconds.toFixed(0)} s`);
if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify({ config, backend: info, seconds, points }, null, 1));
