import { useBackendOrThrow } from '@sparsekit/tensor';
import { runExperiment } from './experiment.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND as 'wasm' | 'cpu' | undefined) ?? 'wasm');
// MNIST_SOURCE=official trains on LeCun's split (MNIST_TRAIN / MNIST_TEST digits of it, default all).
const official = process.env.MNIST_SOURCE === 'official';
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const reports = await runExperiment(
  {
    train: size('MNIST_TRAIN', official ? 60_000 : 8000),
    test: size('MNIST_TEST', official ? 10_000 : 2000),
    epochs: size('EPOCHS', 3),
    epsilon: 0.02,
    seed: 1,
    source: official ? 'official' : 'small',
  },
  (l) => console.error(l),
);
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
console.log('| model | clean | PGD L∞ 0.02 | certified L∞ 0.02 | Lipschitz cert. | ‖A‖∞ | density A | density B | training |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of reports) {
  console.log(
    `| ${r.name} | ${pct(r.clean)} | ${pct(r.robust)} | ${pct(r.certified)} | ${r.lipschitz.toFixed(1)} | ${r.normA.toFixed(3)} | ${pct(r.densityA)} | ${pct(r.densityB)} | ${r.trainSeconds.toFixed(0)} s |`,
  );
}
