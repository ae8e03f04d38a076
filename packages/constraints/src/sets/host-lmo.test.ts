/**
 * lmoHost (HasHostLmo) of the whole-tensor norm balls: the vertex of the tensor LMO, computed on
 * host arrays in float64, with the same ties, the same vertex for a zero gradient, all NaN for a
 * non-finite gradient, and a SparsekitError for a malformed matrix.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createRng, SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import type { HasHostLmo, HasLmo, HostMatrix } from '../types.js';
import { scaled } from '../helpers/scaled.js';
import { eachSlice } from '../each-slice.js';
import { l1Ball } from './l1-ball.js';
import { l2Ball } from './l2-ball.js';
import { linfBall } from './linf-ball.js';
import { lpBall } from './lp-ball.js';

type HostSet = HasLmo & HasHostLmo;

const host = (data: number[], rows = 1): HostMatrix => ({ rows, cols: data.length / rows, re: Float64Array.from(data), im: null });

const sets: [string, () => HostSet][] = [
  ['l1Ball(1.5)', () => l1Ball(1.5)],
  ['l2Ball(2)', () => l2Ball(2)],
  ['linfBall(0.25)', () => linfBall(0.25)],
  ['lpBall(1, 3)', () => lpBall(1, 3) as unknown as HostSet],
  ['lpBall(Infinity, 3)', () => lpBall(Infinity, 3) as unknown as HostSet],
  ['scaled(l1Ball(1), 4)', () => scaled(l1Ball(1), 4)],
];

/**
 * Gradients with signs, ties (largest |g| at two indices, of both signs), zeros, tiny and huge
 * entries; float32 values, which is what a solver reads from a gradient tensor.
 */
function gradients(): number[][] {
  return gradients64().map((g) => g.map(Math.fround));
}

function gradients64(): number[][] {
  const rng = createRng(3);
  const random = Array.from({ length: 20 }, (_, k) => Array.from(rng.normal([12]).dataSync()).map((v) => v * 10 ** ((k % 7) - 3)));
  return [...random, [0, 0, 0, 0], [1, -3, 3, 2], [-3, 3, 0, 1], [0, -0, 2e-45, -1e-45], [3e38, -3e38, 1, 0], [0, 5, 0, 0, 0, 0]];
}

describeBackends(['cpu', 'wasm'], 'lmoHost of the norm balls', () => {
  it.each(sets)('%s: the tensor LMO vertex (float32 agreement), vectors and matrices', (_name, make) => {
    const set = make();
    for (const g of gradients()) {
      for (const rows of g.length % 2 === 0 ? [1, 2] : [1]) {
        const expected = tf.tidy(() => set.lmo(tf.tensor2d(g, [rows, g.length / rows])).dataSync());
        const got = set.lmoHost(host(g, rows));
        expect([got.rows, got.cols, got.im]).toEqual([rows, g.length / rows, null]);
        const scale = Math.max(...Array.from(got.re, Math.abs));
        Array.from(got.re).forEach((v, i) => expect(Math.abs(v - expected[i]), `g = ${g}, entry ${i}`).toBeLessThanOrEqual(1e-6 * scale));
      }
    }
  });

  it.each(sets)('%s: NaN or ±Infinity anywhere gives all NaN; the input is untouched', (_name, make) => {
    const set = make();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const g = host([1, bad, -2, 0]);
      const copy = Float64Array.from(g.re);
      expect(Array.from(set.lmoHost(g).re).every(Number.isNaN)).toBe(true);
      expect(g.re).toEqual(copy);
    }
  });

  it('ties and zeros follow the tensor LMO: lowest index, sign(0) = +1, −r·e_0 for a zero gradient', () => {
    expect(Array.from(l1Ball(2).lmoHost(host([1, -3, 3])).re)).toEqual([0, 2, 0]);
    expect(Array.from(l1Ball(2).lmoHost(host([0, 0, 0])).re)).toEqual([-2, 0, 0]);
    expect(Array.from(linfBall(1).lmoHost(host([2, -1, 0])).re)).toEqual([-1, 1, -1]);
    expect(Array.from(l2Ball(1).lmoHost(host([0, 0])).re)).toEqual([-1, 0]);
    const tiny = l2Ball(5).lmoHost(host([3e-300, 4e-300])).re;
    expect(tiny[0]).toBeCloseTo(-3, 12);
    expect(tiny[1]).toBeCloseTo(-4, 12);
  });

  it('a malformed matrix is a SparsekitError naming grad; per-slice sets do not offer it', () => {
    const set = l1Ball(1);
    for (const bad of [
      { rows: 1, cols: 3, re: Float64Array.of(1, 2), im: null },
      { rows: 0, cols: 0, re: new Float64Array(0), im: null },
      { rows: 1, cols: 2, re: Float64Array.of(1, 2), im: Float64Array.of(0, 0) },
      { rows: 1, cols: 2, re: [1, 2] as unknown as Float64Array, im: null },
    ]) {
      expect(() => set.lmoHost(bad)).toThrow(SparsekitError);
      expect(() => set.lmoHost(bad)).toThrow(/grad/);
    }
    expect('lmoHost' in eachSlice(l1Ball(1))).toBe(false);
  });

  it('creates no tensors', async () => {
    await expectNoLeaks(() => {
      for (const [, make] of sets) make().lmoHost(host([1, -2, 3]));
    });
  });
});
