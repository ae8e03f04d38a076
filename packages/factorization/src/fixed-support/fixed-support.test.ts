import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { complexMatMul, createRng, type ComplexTensor } from '@sparsekit/tensor';
import { Matrix, SVD } from 'ml-matrix';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { fixedSupportFactorization } from './fixed-support.js';
import { checkIdentifiability } from './identifiability.js';
import { randButterfly } from '../transforms/transforms.js';
import { dispose, read, relError } from '../faust/internal/reference.test-helpers.js';

const supportOf = (x: tf.Tensor | ComplexTensor): number[][] => {
  const re = (x instanceof tf.Tensor ? x : x.re).arraySync() as number[][];
  const im = x instanceof tf.Tensor ? null : (x.im.arraySync() as number[][]);
  return re.map((row, i) => row.map((v, j) => (v !== 0 || (im !== null && im[i][j] !== 0) ? 1 : 0)));
};

describeBackends(['cpu', 'wasm'], 'fixed-support two-factor factorization', () => {
  for (const complex of [false, true]) {
    it(`recovers a butterfly pair (disjoint rank-one supports), which is identifiable (${complex ? 'complex' : 'real'})`, async () => {
      const R = randButterfly(16, { seed: 5, complex });
      const [X, Y] = [R.left(0).toDense(), R.right(1).toDense()];
      const A = complexMatMul(X, Y);
      const a = complex ? A : A.re;
      expect(checkIdentifiability(X, Y).identifiable).toBe(true);
      await expectNoLeaks(() => {
        const res = fixedSupportFactorization(a, { leftSupport: supportOf(X), rightSupport: supportOf(Y) });
        if (!isRight(res)) throw res.left;
        expect(res.right.relError).toBeLessThan(1e-6);
        const prod = complexMatMul(res.right.X, res.right.Y);
        expect(relError(read(prod, 16, 16), read(A, 16, 16))).toBeLessThan(1e-6);
        [prod, res.right.X, res.right.Y].forEach(dispose);
      });
      [X, Y, A].forEach(dispose);
    });
  }

  it('is optimal on noisy data: each block gets its best rank-one fit (error = brute-force SVD tail)', () => {
    // Two disjoint 2×2 blocks with singular values (3, 1) and (2, 0.5): the optimal error is √(1 + 0.25).
    const A = tf.tensor2d([
      [2, 1, 0, 0],
      [1, 2, 0, 0],
      [0, 0, 1.25, 0.75],
      [0, 0, 0.75, 1.25],
    ]);
    const res = fixedSupportFactorization(A, {
      leftSupport: [
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 1],
      ],
      rightSupport: [
        [1, 1, 0, 0],
        [0, 0, 1, 1],
      ],
    });
    if (!isRight(res)) throw res.left;
    expect(res.right.relError).toBeCloseTo(Math.sqrt(1.25) / Math.sqrt(9 + 1 + 4 + 0.25), 6);
    [A, res.right.X, res.right.Y].forEach(dispose);
  });

  it('says non-identifiable for identical rank-one supports and for a zero side, undetermined for partial overlaps', () => {
    const [X, Y] = [
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor2d([
        [1, 1],
        [2, 1],
      ]),
    ];
    expect(checkIdentifiability(X, Y).identifiable).toBe(false);
    const [Z, W] = [
      tf.tensor2d([
        [1, 0],
        [1, 0],
      ]),
      tf.tensor2d([
        [1, 0],
        [1, 1],
      ]),
    ];
    expect(checkIdentifiability(Z, W)).toMatchObject({ identifiable: false, reason: expect.stringMatching(/zero on one side/) });
    const [P, Q] = [
      tf.tensor2d([
        [1, 1],
        [0, 1],
      ]),
      tf.tensor2d([
        [1, 0],
        [1, 1],
      ]),
    ];
    expect(checkIdentifiability(P, Q).identifiable).toBe('undetermined');
    [X, Y, Z, W, P, Q].forEach(dispose);
  });

  it('throws naming the condition for overlapping supports, Left for a shape mismatch or NaN', () => {
    const A = tf.ones([2, 2]);
    expect(() =>
      fixedSupportFactorization(A, {
        leftSupport: [
          [1, 1],
          [0, 1],
        ],
        rightSupport: [
          [1, 0],
          [1, 1],
        ],
      }),
    ).toThrow(/pairwise identical or disjoint[\s\S]*overlap without being identical/);
    expect(isLeft(fixedSupportFactorization(A, { leftSupport: [[1], [1], [1]], rightSupport: [[1, 1]] }))).toBe(true);
    const nan = tf.fill([2, 2], NaN);
    expect(isLeft(fixedSupportFactorization(nan, { leftSupport: [[1], [1]], rightSupport: [[1, 1]] }))).toBe(true);
    [A, nan].forEach(dispose);
  });
});

/** Σ of the q largest σ² of a block (real: SVD; complex: SVD of the real embedding, whose σ come in pairs). */
function topEnergy(re: number[][], im: number[][] | null, q: number): number {
  const m =
    im === null
      ? new Matrix(re)
      : new Matrix([...re.map((r, i) => [...r, ...im[i].map((v) => -v)]), ...im.map((r, i) => [...r, ...re[i]])]);
  const s = new SVD(m, { autoTranspose: true }).diagonal.sort((a, b) => b - a);
  return im === null ? s.slice(0, q).reduce((a, v) => a + v * v, 0) : s.slice(0, 2 * q).reduce((a, v) => a + v * v, 0) / 2;
}

describeBackends(['cpu', 'wasm'], 'fixed-support factorization with classes of identical rank-one supports', () => {
  for (const complex of [false, true]) {
    it(`is optimal on random instances: each class gets its truncated SVD (${complex ? 'complex' : 'real'})`, async () => {
      const rng = createRng(complex ? 71 : 70);
      const [m, n] = [9, 10];
      const rowGroups = [
        [0, 1, 2, 3],
        [4, 5],
        [6, 7, 8],
      ];
      const colGroups = [
        [0, 1, 2],
        [3, 4, 5, 6],
        [7, 8, 9],
      ];
      for (let trial = 0; trial < 4; trial++) {
        // three disjoint blocks (group a, group σ(a)) with 1–3 components each, plus noise everywhere
        const shift = trial % 3;
        const sizes = [1 + (trial % 3), 2, 3 - (trial % 2)];
        const blocks = rowGroups.map((rows, a) => ({ rows, cols: colGroups[(a + shift) % 3], p: sizes[a] }));
        const r = sizes.reduce((x, y) => x + y, 0);
        const I = Array.from({ length: m }, () => new Array<number>(r).fill(0));
        const J = Array.from({ length: r }, () => new Array<number>(n).fill(0));
        let k = 0;
        for (const b of blocks) {
          for (let t = 0; t < b.p; t++, k++) {
            b.rows.forEach((i) => (I[i][k] = 1));
            b.cols.forEach((j) => (J[k][j] = 1));
          }
        }
        const re = Array.from({ length: m }, () => Array.from(rng.normalArray(n), Math.fround));
        const im = complex ? Array.from({ length: m }, () => Array.from(rng.normalArray(n), Math.fround)) : null;
        const total = re.flat().reduce((a, v) => a + v * v, 0) + (im?.flat().reduce((a, v) => a + v * v, 0) ?? 0);
        const kept = blocks.reduce((acc, b) => {
          const sub = (M: number[][]) => b.rows.map((i) => b.cols.map((j) => M[i][j]));
          return acc + topEnergy(sub(re), im === null ? null : sub(im), Math.min(b.p, b.rows.length, b.cols.length));
        }, 0);
        const optimal = Math.sqrt((total - kept) / total);
        const A = complex ? { re: tf.tensor2d(re), im: tf.tensor2d(im!) } : tf.tensor2d(re);
        await expectNoLeaks(() => {
          const res = fixedSupportFactorization(A, { leftSupport: I, rightSupport: J });
          if (!isRight(res)) throw res.left;
          expect(res.right.relError).toBeCloseTo(optimal, 9);
          const prod = complexMatMul(res.right.X, res.right.Y);
          expect(relError(read(prod, m, n), read(A, m, n))).toBeCloseTo(optimal, 5);
          supportOf(res.right.X).forEach((row, i) => row.forEach((v, j) => expect(v).toBeLessThanOrEqual(I[i][j])));
          supportOf(res.right.Y).forEach((row, i) => row.forEach((v, j) => expect(v).toBeLessThanOrEqual(J[i][j])));
          [prod, res.right.X, res.right.Y].forEach(dispose);
        });
        dispose(A);
      }
    });
  }

  it('recovers an exact product whose rank-two class makes it non-identifiable, and leaves components beyond the rank at zero', () => {
    const rng = createRng(72);
    const X0 = tf.tensor2d([...Array.from({ length: 4 }, () => [...rng.normalArray(2), 0]), [0, 0, 1]]);
    const Y0 = tf.tensor2d([
      [...rng.normalArray(4), 0],
      [...rng.normalArray(4), 0],
      [0, 0, 0, 0, 2],
    ]);
    const A = tf.matMul(X0, Y0);
    expect(checkIdentifiability(X0, Y0).identifiable).toBe(false);
    const res = fixedSupportFactorization(A, { leftSupport: supportOf(X0), rightSupport: supportOf(Y0) });
    if (!isRight(res)) throw res.left;
    expect(res.right.relError).toBeLessThan(1e-7);
    // a class of three components on a 1×2 block has rank at most one: two components stay zero
    const thin = fixedSupportFactorization(tf.tensor2d([[3, 4]]), {
      leftSupport: [[1, 1, 1]],
      rightSupport: [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
    });
    if (!isRight(thin)) throw thin.left;
    expect(thin.right.relError).toBeLessThan(1e-7);
    expect(supportOf(thin.right.X)[0].filter((v) => v !== 0)).toHaveLength(1);
    [X0, Y0, A, res.right.X, res.right.Y, thin.right.X, thin.right.Y].forEach(dispose);
  });
});
