/**
 * CLI of the MNIST L1-logistic benchmark (mnist-l1-logistic.ts next to it).
 * Run: npx tsx --conditions=@sparsekit/source packages/bench/scripts/solvers/mnist-bench.ts [wasm|cpu] [parity|low-high] [seconds per solver] [perDigit]
 */
import { useBackendOrThrow } from '@sparsekit/tensor';
import { runMnistL1Logistic, type MnistTask } from './mnist-l1-logistic.js';

const backend = (process.argv[2] ?? 'wasm') as 'cpu' | 'wasm';
await useBackendOrThrow(backend);
const task = (process.argv[3] ?? 'parity') as MnistTask;
const seconds = Number(process.argv[4] ?? 60);
const perDigit = process.argv[5] === undefined ? Infinity : Number(process.argv[5]);
const report = runMnistL1Logistic({ task, timeLimitMs: seconds * 1000, perDigit, log: (line) => console.log(line) });
console.log(
  `\n${report.rows}×${report.cols} MNIST (${report.task}), radius ${report.radius}, backend ${report.backend}; time to ${report.target} relative suboptimality:`,
);
const base = report.results.find((r) => r.solver === 'fw-demyanov-rubinov')?.timeToTargetMs ?? null;
for (const r of report.results) {
  const t =
    r.timeToTargetMs === null
      ? `> ${(r.elapsedMs / 1000).toFixed(1)} s (best ${r.bestRelSubopt.toExponential(1)})`
      : `${(r.timeToTargetMs / 1000).toFixed(2)} s`;
  const ratio = r.timeToTargetMs !== null && base !== null ? `  (${(r.timeToTargetMs / base).toFixed(2)}× fw-demyanov-rubinov)` : '';
  console.log(`  ${r.solver.padEnd(16)} ${t}${ratio}`);
}
