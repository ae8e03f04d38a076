import { describe, expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { butterflyFactor, permutationFactor } from '../../transforms/internal/butterfly-factor.js';
import { applyChainJs, applyFactor } from './apply-factor.js';
import { applyChain } from './apply-chain.js';
import { toDenseFactor, type Block, type Factor } from './factor.js';
import { isUnitPermutation, pairPlan } from './butterfly-kernel.js';

function randomBlock(rows: number, batch: number, complex: boolean, seed: number): Block {
  const rng = createRng(seed);
  const part = () => Float32Array.from(rng.normalArray(rows * batch));
  return { rows, batch, re: part(), im: complex ? part() : null };
}

/** The dense kernel is the reference: same float32 inputs, products accumulated one nonzero at a time. */
function expectSameProduct(f: Factor, x: Block): void {
  const fast = applyFactor(f, x);
  const ref = applyFactor(toDenseFactor(f), x);
  for (const [a, b] of [
    [fast.re, ref.re],
    [fast.im, ref.im],
  ] as const) {
    expect(a === null).toBe(b === null);
    if (a !== null && b !== null) for (let p = 0; p < a.length; p++) expect(a[p]).toBeCloseTo(b[p], 5);
  }
}

describe('butterfly and permutation kernels', () => {
  it('pair the rows of every butterfly level and match the dense product (real and complex, factor and block)', () => {
    const rng = createRng(7);
    for (let level = 0; level < 4; level++) {
      for (const complex of [false, true]) {
        const f = butterflyFactor(4, level, complex, () => [rng.normalArray(1)[0], complex ? rng.normalArray(1)[0] : 0]);
        expect(pairPlan(f)?.length).toBe(32);
        for (const xComplex of [false, true]) expectSameProduct(f, randomBlock(16, 5, xComplex, level));
      }
    }
  });

  it('copy rows for a unit permutation and fall back for a scaled one', () => {
    const P = permutationFactor([3, 0, 2, 1]);
    expect(isUnitPermutation(P)).toBe(true);
    expectSameProduct(P, randomBlock(4, 3, true, 1));
    const scaled = { ...P, re: Float32Array.from([1, 2, 1, 1]) };
    expect(isUnitPermutation(scaled)).toBe(false);
    expectSameProduct(scaled, randomBlock(4, 3, false, 2));
  });

  it('refuse a plan when two-nonzero rows do not pair up', () => {
    const f = butterflyFactor(2, 0, false, () => [1, 0]);
    const unpaired = { ...f, indices: Int32Array.from([0, 2, 1, 3, 0, 1, 2, 3]) };
    expect(pairPlan(unpaired)).toBeNull();
    expectSameProduct(unpaired, randomBlock(4, 3, false, 3));
  });

  it('give the same chain product when the cached buffers change batch size and kind between calls', () => {
    const rng = createRng(11);
    const factors = [0, 1, 2].map((level) => butterflyFactor(3, level, level === 1, () => [rng.normalArray(1)[0], rng.normalArray(1)[0]]));
    const dense = factors.map(toDenseFactor);
    for (const [batch, complex] of [
      [4, false],
      [2, true],
      [6, false],
      [1, true],
      [4, false],
    ] as const) {
      const x = randomBlock(8, batch, complex, batch);
      const fast = applyChain(factors, x);
      const ref = applyChainJs(dense, x);
      for (let p = 0; p < fast.re.length; p++) {
        expect(fast.re[p]).toBeCloseTo(ref.re[p], 4);
        expect(fast.im![p]).toBeCloseTo(ref.im![p], 4);
      }
    }
  });
});
