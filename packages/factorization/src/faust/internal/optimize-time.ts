/** pyfaust `optimize_time`: per factor, keep the storage (dense or CSR) that applies faster here. */
import { createRng, requireInteger } from '@sparsekit/tensor';
import { applyFactor } from './apply-factor.js';
import { toCsr, toDenseFactor, type Block, type Factor } from './factor.js';

/** Options of `Faust.optimizeTime`. */
export interface OptimizeTimeOptions {
  /** Columns of the random batch the formats are timed on. Default 64. */
  readonly batch?: number;
  /** Timed repetitions per format (the median is kept). Default 5. */
  readonly repeats?: number;
  readonly seed?: number;
}

function medianTime(f: Factor, x: Block, repeats: number): number {
  const times: number[] = [];
  applyFactor(f, x); // warm-up, so the JIT has compiled the loop being timed
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    applyFactor(f, x);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function fastestFormats(factors: readonly Factor[], options: OptimizeTimeOptions): Factor[] {
  const batch = requireInteger('batch', options.batch ?? 64, 1);
  const repeats = requireInteger('repeats', options.repeats ?? 5, 1);
  const rng = createRng(options.seed ?? 0);
  return factors.map((f) => {
    const x: Block = { rows: f.cols, batch, re: Float32Array.from(rng.normalArray(f.cols * batch)), im: null };
    const dense = toDenseFactor(f);
    const csr = toCsr(f);
    return medianTime(csr, x, repeats) <= medianTime(dense, x, repeats) ? csr : dense;
  });
}
