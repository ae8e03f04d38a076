import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRng, isSparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { Faust, type FactorFormat } from './faust.js';
import { loadFaust, saveFaust } from './faust-json.js';
import {
  dispose,
  matmul64,
  random64,
  read,
  relError,
  toTensor,
  transpose64,
  zeros64,
  type Dense64,
} from './internal/reference.test-helpers.js';

function build(seed: number, complex: boolean, format: FactorFormat): { F: Faust; dense: Dense64; factors: Dense64[] } {
  const rng = createRng(seed);
  const dims = [6, 9, 5, 7];
  const densities = [0.1, 0.9, 0.3];
  const factors = densities.map((d, i) => random64(rng, dims[i], dims[i + 1], d, complex && i !== 1));
  const tensors = factors.map((f, i) => toTensor(f, complex && i !== 1));
  const F = Faust.fromFactors(tensors, { format });
  tensors.forEach(dispose);
  return { F, dense: factors.reduce(matmul64), factors };
}

function dot(a: Dense64, b: Dense64): [number, number] {
  let re = 0;
  let im = 0;
  for (let p = 0; p < a.re.length; p++) {
    re += a.re[p] * b.re[p] + a.im[p] * b.im[p];
    im += a.re[p] * b.im[p] - a.im[p] * b.re[p];
  }
  return [re, im];
}

describeBackends(['cpu', 'wasm'], 'Faust', () => {
  for (const complex of [false, true]) {
    for (const format of ['dynamic', 'dense', 'sparse'] as const) {
      it(`applies like the dense product from both sides (${complex ? 'complex' : 'real'}, ${format})`, async () => {
        const { F, dense } = build(1, complex, format);
        expect(F.shape).toEqual([6, 7]);
        expect(F.isComplex).toBe(complex);
        const rng = createRng(2);
        const x = random64(rng, 7, 4, 1, complex);
        const y = random64(rng, 3, 6, 1, complex);
        await expectNoLeaks(() => {
          const xt = toTensor(x, complex);
          const yt = toTensor(y, complex);
          const fx = F.apply(xt as ComplexTensor);
          const yf = F.applyLeft(yt as ComplexTensor);
          const x0 = tf.tidy(() => (xt instanceof tf.Tensor ? xt : xt.re).slice([0, 0], [7, 1]).reshape([7]));
          const v = F.apply(x0);
          expect(relError(read(fx, 6, 4), matmul64(dense, x))).toBeLessThan(1e-6);
          expect(relError(read(yf, 3, 7), matmul64(y, dense))).toBeLessThan(1e-6);
          const xCol = zeros64(7, 1);
          for (let i = 0; i < 7; i++) xCol.re[i] = x.re[i * 4];
          expect(relError(read(v, 6, 1), matmul64(dense, xCol))).toBeLessThan(1e-6);
          [xt, yt, fx, yf, v, x0].forEach(dispose);
        });
      });
    }

    it(`satisfies ⟨Fx, y⟩ = ⟨x, Fᴴy⟩ and Fᵀ, F̄ match the dense ones (${complex ? 'complex' : 'real'})`, async () => {
      const { F, dense } = build(3, complex, 'dynamic');
      const rng = createRng(4);
      const x = random64(rng, 7, 1, 1, complex);
      const y = random64(rng, 6, 1, 1, complex);
      await expectNoLeaks(() => {
        const [xt, yt] = [toTensor(x, complex), toTensor(y, complex)];
        const [fxt, fhyt] = [F.apply(xt as ComplexTensor), F.adjoint().apply(yt as ComplexTensor)];
        const [fx, fhy] = [read(fxt, 6, 1), read(fhyt, 7, 1)];
        const [l, r] = [dot(fx, y), dot(x, fhy)];
        expect(Math.abs(l[0] - r[0]) + Math.abs(l[1] - r[1])).toBeLessThan(1e-5 * (Math.abs(l[0]) + Math.abs(l[1]) + 1));
        const [t, c] = [F.transpose().toDense(), F.conj().toDense()];
        expect(relError(read(t, 7, 6), transpose64(dense, false))).toBeLessThan(1e-6);
        const conjugate = { ...dense, im: dense.im.map((v) => -v) };
        expect(relError(read(c, 6, 7), conjugate)).toBeLessThan(1e-6);
        [xt, yt, t, c, fxt, fhyt].forEach(dispose);
      });
    });

    it(`saves and loads exactly (${complex ? 'complex' : 'real'})`, async () => {
      const { F } = build(5, complex, 'dynamic');
      const back = loadFaust(JSON.stringify(saveFaust(F)));
      if (!isRight(back)) throw back.left;
      expect(back.right.numFactors()).toBe(3);
      expect(back.right.internalFactors().map((f) => f.format)).toEqual(F.internalFactors().map((f) => f.format));
      await expectNoLeaks(() => {
        const [a, b] = [F.toDense(), back.right.toDense()];
        expect(relError(read(b, 6, 7), read(a, 6, 7))).toBe(0);
        [a, b].forEach(dispose);
      });
    });

    it(`computes norms like the dense matrix (${complex ? 'complex' : 'real'})`, () => {
      const { F, dense } = build(6, complex, 'dynamic');
      const abs = (i: number, j: number) => Math.hypot(dense.re[i * 7 + j], dense.im[i * 7 + j]);
      let fro = 0;
      for (let p = 0; p < dense.re.length; p++) fro += dense.re[p] ** 2 + dense.im[p] ** 2;
      const colSums = Array.from({ length: 7 }, (_, j) => Array.from({ length: 6 }, (_, i) => abs(i, j)).reduce((a, b) => a + b));
      const rowSums = Array.from({ length: 6 }, (_, i) => Array.from({ length: 7 }, (_, j) => abs(i, j)).reduce((a, b) => a + b));
      expect(F.norm('fro')).toBeCloseTo(Math.sqrt(fro), 4);
      expect(F.norm(1)).toBeCloseTo(Math.max(...colSums), 4);
      expect(F.norm('inf')).toBeCloseTo(Math.max(...rowSums), 4);
      // ‖F‖₂² is the top eigenvalue of FᴴF: brute force by many power steps in float64.
      const g = matmul64(transpose64(dense, true), dense);
      let v = zeros64(7, 1);
      v.re.fill(1);
      let lambda = 0;
      for (let k = 0; k < 2000; k++) {
        const w = matmul64(g, v);
        lambda = Math.sqrt(dot(w, w)[0]);
        v = { ...w, re: w.re.map((a) => a / lambda), im: w.im.map((a) => a / lambda) };
      }
      expect(F.norm(2, { threshold: 1e-12, maxIter: 5000 })).toBeCloseTo(Math.sqrt(lambda), 4);
    });
  }

  it('counts nonzeros, density, RCG, and slices factors', async () => {
    const { F, factors } = build(7, false, 'dynamic');
    const nnz = factors.reduce((acc, f) => acc + f.re.filter((v) => v !== 0).length, 0);
    expect(F.nnzSum()).toBe(nnz);
    expect(F.density()).toBeCloseTo(nnz / 42, 12);
    expect(F.rcg()).toBeCloseTo(42 / nnz, 12);
    expect(F.left(1).shape).toEqual([6, 5]);
    expect(F.right(1).shape).toEqual([9, 7]);
    await expectNoLeaks(() => {
      const f1 = F.factor(1) as tf.Tensor;
      expect(relError(read(f1, 9, 5), factors[1])).toBe(0);
      f1.dispose();
    });
    expect(() => F.factor(3)).toThrow(/factor index/);
  });

  it('multiplies by scalars and Fausts, concatenates along both axes, prunes exactly', async () => {
    const { F, dense } = build(8, true, 'dynamic');
    const { F: G, dense: g } = build(9, false, 'sparse');
    await expectNoLeaks(() => {
      const scaled = F.scale(-2.5).toDense();
      expect(relError(read(scaled, 6, 7), { ...dense, re: dense.re.map((v) => -2.5 * v), im: dense.im.map((v) => -2.5 * v) })).toBeLessThan(
        1e-6,
      );
      const prod = F.matmul(G.transpose().matmul(G)).toDense();
      expect(relError(read(prod, 6, 7), matmul64(dense, matmul64(transpose64(g, false), g)))).toBeLessThan(1e-5);
      const v = F.concat([G], 0).toDense();
      const h = F.concat([G.transpose().transpose()], 0).transpose().concat([F.transpose()], 1).toDense();
      const vd = read(v, 12, 7);
      for (let i = 0; i < 12; i++) {
        for (let j = 0; j < 7; j++) {
          const ref = i < 6 ? [dense.re[i * 7 + j], dense.im[i * 7 + j]] : [g.re[(i - 6) * 7 + j], 0];
          expect(Math.abs(vd.re[i * 7 + j] - ref[0]) + Math.abs(vd.im[i * 7 + j] - ref[1])).toBeLessThan(1e-5);
        }
      }
      expect((h as ComplexTensor).re.shape).toEqual([7, 18]);
      const side = F.concat([F.scale(2), G.left(0)], 1).toDense();
      const sd = read(side, 6, 23);
      const g0 = G.left(0).toDense();
      const gd = read(g0, 6, 9);
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 23; j++) {
          const ref =
            j < 7
              ? [dense.re[i * 7 + j], dense.im[i * 7 + j]]
              : j < 14
                ? [2 * dense.re[i * 7 + j - 7], 2 * dense.im[i * 7 + j - 7]]
                : [gd.re[i * 9 + j - 14], 0];
          expect(Math.abs(sd.re[i * 23 + j] - ref[0]) + Math.abs(sd.im[i * 23 + j] - ref[1])).toBeLessThan(1e-5);
        }
      }
      [scaled, prod, v, h, side, g0].forEach(dispose);
    });
    const zeroCol = tf.tensor2d([
      [1, 0, 2],
      [3, 0, 4],
    ]);
    const zeroRow = tf.tensor2d([
      [5, 6],
      [0, 0],
    ]);
    const mid = tf.tensor2d([
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
    const P = Faust.fromFactors([zeroCol, mid, zeroRow]);
    const pruned = P.pruneOut();
    expect(pruned.internalFactors().map((f) => [f.rows, f.cols])).toEqual([
      [2, 1],
      [1, 1],
      [1, 2],
    ]);
    const [a, b] = [P.toDense() as tf.Tensor, pruned.toDense() as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(a.dataSync())).toEqual([5, 6, 15, 18]); // [[1, 2], [3, 4]]·[[5, 6], [0, 0]]
    [zeroCol, mid, zeroRow, a, b].forEach(dispose);
  });

  it('keeps the operator when optimizing the factor storage for time', async () => {
    const { F } = build(10, true, 'dense');
    const G = F.optimizeTime({ batch: 4, repeats: 3 });
    await expectNoLeaks(() => {
      const [a, b] = [F.toDense(), G.toDense()];
      expect(relError(read(b, 6, 7), read(a, 6, 7))).toBe(0);
      [a, b].forEach(dispose);
    });
  });

  it('rejects bad input with named errors', () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.ones([3, 3]);
    const nan = tf.tensor2d([
      [NaN, 1],
      [0, 1],
    ]);
    const catchErr = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return null;
    };
    const e1 = catchErr(() => Faust.fromFactors([a, b]));
    expect(isSparsekitError(e1) && e1.argument).toBe('factors[1]');
    expect(() => Faust.fromFactors([nan])).toThrow(/finite/);
    expect(() => Faust.fromFactors([])).toThrow(/non-empty/);
    expect(() => Faust.fromFactors([a], { format: 'coo' as never })).toThrow(/format/);
    const F = Faust.fromFactors([a]);
    expect(() => F.apply(b)).toThrow(/vector \[2\]/);
    expect(() => F.applyLeft(b)).toThrow(/row vectors/);
    expect(() => F.norm(3 as never)).toThrow(/ord/);
    expect(() => F.scale(NaN)).toThrow(/finite/);
    expect(() => F.pruneOut(-1)).toThrow(/threshold/);
    [a, b, nan].forEach(dispose);
  });
});

describe('loadFaust', () => {
  it('reports every problem of a bad document as a Left', () => {
    const bad = loadFaust({
      format: 'sparsekit-faust',
      version: 1,
      shape: [2, 2],
      factors: [{ rows: 2, cols: 2, indptr: [0, 1, 2], indices: [0, 5], re: [1, NaN], storage: 'csr' }],
    });
    expect(isLeft(bad) && bad.left.message).toMatch(/indices.*re: expected 2 finite/);
    const future = loadFaust({ format: 'sparsekit-faust', version: 2, shape: [1, 1], factors: [] });
    expect(isLeft(future) && future.left.message).toMatch(/version: expected 1/);
    expect(isLeft(loadFaust('{not json'))).toBe(true);
  });
});
