/**
 * Standalone timing of the batched L1-ball projection: 256×10,000 and
 * 1×1,000,000 float32 on wasm. Recorded, not asserted. Run from the repo root:
 *   node --conditions=@sparsekit/source --import tsx packages/bench/scripts/l1-projection.ts [backend] [repeats] [radii]
 * `radii` is a comma-separated list (default 10,1000). The radius sets the support size: 10
 * gives ~40–100 nonzeros per row (one topk of 257), 1000 gives ~2,000 per row of 10,000 (Newton
 * on the threshold) and ~3,500 in the row of 1,000,000.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { eachSlice, l1Ball } from '@sparsekit/constraints';

const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
const repeats = Number(process.argv[3] ?? 7);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(label: string, shape: [number, number], radius: number): Promise<void> {
  const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
  const c = eachSlice(l1Ball(radius));
  c.project(x).dispose(); // warm-up (kernel compilation, allocation)
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const p = c.project(x);
    await p.data();
    ms.push(performance.now() - t0);
    p.dispose();
  }
  // the largest row L1 norm after projection, summed in float64 (a float32 sum would add its own error)
  const p = c.project(x);
  const data = p.dataSync();
  p.dispose();
  const n = shape[1];
  let check = 0;
  for (let row = 0; row < shape[0]; row++) {
    let s = 0;
    for (let i = row * n; i < (row + 1) * n; i++) s += Math.abs(data[i]);
    check = Math.max(check, s);
  }
  console.log(
    `${label} [${backend}] median ${median(ms).toFixed(1)} ms (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}, n=${repeats}); max row L1 after = ${check.toFixed(4)} (radius ${radius})`,
  );
  x.dispose();
}

await useBackendOrThrow(backend);
for (const radius of (process.argv[4] ?? '10,1000').split(',').map(Number)) {
  await time('256x10000', [256, 10_000], radius);
  await time('1x1000000', [1, 1_000_000], radius);
}
