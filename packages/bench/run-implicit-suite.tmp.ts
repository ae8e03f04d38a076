import { writeFileSync } from 'node:fs';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { runBench } from './src/run-bench.js';
import suite from './src/suites/models-implicit.js';

const backend = process.argv[2] ?? 'wasm';
await useBackendOrThrow(backend as 'wasm');
const records = await runBench([suite({ size: 'quick' })], { timeLimitMs: 600_000, onProgress: (e) => console.error(JSON.stringify(e)) });
writeFileSync(`/tmp/implicit-bench/records-${backend}.json`, JSON.stringify(records, null, 1));
for (const r of records) console.log(JSON.stringify(r).slice(0, 600));
