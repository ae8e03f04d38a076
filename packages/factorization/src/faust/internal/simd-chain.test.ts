import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { bitrevIndices } from '../../transforms/transforms.js';
import { butterflyFactor, permutationFactor } from '../../transforms/internal/butterfly-factor.js';
import { toDenseFactor, toCsr, type Block, type Factor } from './factor.js';
import { applyChainSimd, simdKernels } from './simd-chain.js';

function randomBlock(rows: number, batch: number, complex: boolean, seed: number): Block {
  const rng = createRng(seed);
  const part = () => Float32Array.from(rng.normalArray(rows * batch));
  return { rows, batch, re: part(), im: complex ? part() : null };
}

/** S₁⋯S_J·x in float64, one dense factor at a time: the oracle. */
function reference(factors: readonly Factor[], x: Block): { re: Float64Array; im: Float64Array } {
  let re = Float64Array.from(x.re);
  let im = x.im === null ? new Float64Array(re.length) : Float64Array.from(x.im);
  for (let j = factors.length - 1; j >= 0; j--) {
    const f = toDenseFactor(factors[j]);
    const [yr, yi] = [new Float64Array(f.rows * x.batch), new Float64Array(f.rows * x.batch)];
    for (let i = 0; i < f.rows; i++) {
      for (let c = 0; c < f.cols; c++) {
        const [ar, ai] = [f.re[i * f.cols + c], f.im === null ? 0 : f.im[i * f.cols + c]];
        if (ar === 0 && ai === 0) continue;
        for (let k = 0; k < x.batch; k++) {
          yr[i * x.batch + k] += ar * re[c * x.batch + k] - ai * im[c * x.batch + k];
          yi[i * x.batch + k] += ar * im[c * x.batch + k] + ai * re[c * x.batch + k];
        }
      }
    }
    [re, im] = [yr, yi];
  }
  return { re, im };
}

function expectClose(y: Block, ref: { re: Float64Array; im: Float64Array }, complex: boolean): void {
  expect(y.im !== null).toBe(complex);
  let err = 0;
  let norm = 0;
  for (let p = 0; p < ref.re.length; p++) {
    err += (y.re[p] - ref.re[p]) ** 2 + (y.im === null ? ref.im[p] ** 2 : (y.im[p] - ref.im[p]) ** 2);
    norm += ref.re[p] ** 2 + ref.im[p] ** 2;
  }
  expect(y.re.length).toBe(ref.re.length);
  expect(Math.sqrt(err / norm)).toBeLessThan(1e-6);
}

const kernels = simdKernels();

function butterflyChain(n: number, complex: boolean, seed: number): Factor[] {
  const rng = createRng(seed);
  const value = (): [number, number] => [rng.normalArray(1)[0], complex ? rng.normalArray(1)[0] : 0];
  return Array.from({ length: n }, (_, level) => butterflyFactor(n, level, complex, value));
}

describe('WebAssembly SIMD chain', () => {
  it('is available in this runtime (Node ships WebAssembly SIMD)', () => {
    expect(kernels).not.toBeNull();
  });

  it('matches the float64 product for real and complex butterfly chains and padded batch widths', () => {
    for (const complex of [false, true]) {
      for (const xComplex of [false, true]) {
        for (const batch of [1, 3, 4, 9, 130]) {
          const factors = butterflyChain(5, complex, batch);
          const x = randomBlock(32, batch, xComplex, batch + 1);
          expectClose(applyChainSimd(kernels!, factors, x), reference(factors, x), complex || xComplex);
        }
      }
    }
  });

  it('runs the JavaScript kernels inside the chain for permutations, dense and irregular sparse factors', () => {
    const rng = createRng(3);
    const butterflies = butterflyChain(4, true, 9);
    const dense = toDenseFactor(butterflyChain(4, false, 4)[2]);
    const irregular = toCsr({ ...dense, re: Float32Array.from(rng.normalArray(256), (v) => (v > 0.5 ? v : 0)) });
    const factors = [butterflies[0], permutationFactor(bitrevIndices(16)), dense, butterflies[1], irregular, butterflies[3]];
    for (const batch of [2, 8]) {
      const x = randomBlock(16, batch, false, batch);
      expectClose(applyChainSimd(kernels!, factors, x), reference(factors, x), true);
    }
  });

  it('keeps the right factors resident when chains alternate and memory grows', () => {
    const small = butterflyChain(3, false, 1);
    const large = butterflyChain(10, true, 2);
    for (const [factors, rows, batch] of [
      [small, 8, 4],
      [large, 1024, 40],
      [small, 8, 4],
      [large, 1024, 3],
    ] as const) {
      const x = randomBlock(rows, batch, false, rows + batch);
      expectClose(applyChainSimd(kernels!, factors, x), reference(factors, x), factors === large);
    }
  });
});
