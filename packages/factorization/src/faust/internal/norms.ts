/** Norms of a factor product without forming it: column passes over identity chunks, power iteration. */
import { createRng } from '@sparsekit/tensor';
import { applyChain } from './apply-chain.js';
import { transposeFactor, type Block, type Factor } from './factor.js';
import { identityBlock } from './tensor-io.js';

const CHUNK = 256;

/** Visits the columns of ∏S in chunks: `visit(block, firstColumn)` with block [m, count]. */
export function forEachColumnChunk(factors: readonly Factor[], cols: number, visit: (b: Block, start: number) => void): void {
  for (let start = 0; start < cols; start += CHUNK) {
    const count = Math.min(CHUNK, cols - start);
    visit(applyChain(factors, identityBlock(cols, start, count)), start);
  }
}

export function frobenius(factors: readonly Factor[], cols: number): number {
  let sum = 0;
  forEachColumnChunk(factors, cols, (b) => {
    for (let p = 0; p < b.re.length; p++) sum += b.re[p] ** 2 + (b.im === null ? 0 : b.im[p] ** 2);
  });
  return Math.sqrt(sum);
}

/** max_j Σ_i |F_ij|. */
export function maxColumnSum(factors: readonly Factor[], cols: number): number {
  let best = 0;
  forEachColumnChunk(factors, cols, (b) => {
    const sums = new Float64Array(b.batch);
    for (let i = 0; i < b.rows; i++) {
      for (let k = 0; k < b.batch; k++) {
        const p = i * b.batch + k;
        sums[k] += Math.hypot(b.re[p], b.im === null ? 0 : b.im[p]);
      }
    }
    for (const s of sums) best = Math.max(best, s);
  });
  return best;
}

export interface PowerSettings {
  readonly maxIter: number;
  readonly threshold: number;
  readonly seed: number;
}

function unitNorm(b: Block): number {
  let s = 0;
  for (let p = 0; p < b.re.length; p++) s += b.re[p] ** 2 + (b.im === null ? 0 : b.im[p] ** 2);
  return Math.sqrt(s);
}

function scaled(b: Block, s: number): Block {
  return { ...b, re: b.re.map((v) => v * s), im: b.im === null ? null : b.im.map((v) => v * s) };
}

/**
 * ‖F‖₂ by power iteration on FᴴF from a seeded Gaussian start (pyfaust's fixed-seed power
 * iteration), in float64; stops when the estimate changes by less than `threshold` relatively.
 */
export function spectral(factors: readonly Factor[], cols: number, complex: boolean, s: PowerSettings): number {
  const adjoint = factors.map((f) => transposeFactor(f, true)).reverse();
  const rng = createRng(s.seed);
  let x: Block = {
    rows: cols,
    batch: 1,
    re: Float32Array.from(rng.normalArray(cols)),
    im: complex ? Float32Array.from(rng.normalArray(cols)) : null,
  };
  x = scaled(x, 1 / unitNorm(x));
  let sigma = 0;
  for (let it = 0; it < s.maxIter; it++) {
    const y = applyChain(adjoint, applyChain(factors, x));
    const norm = unitNorm(y);
    if (norm === 0) return 0;
    const next = Math.sqrt(norm);
    const done = Math.abs(next - sigma) <= s.threshold * next;
    sigma = next;
    x = scaled(y, 1 / norm);
    if (done) break;
  }
  return sigma;
}
