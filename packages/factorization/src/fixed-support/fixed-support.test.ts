import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { complexMatMul, type ComplexTensor } from '@sparsekit/tensor';
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
          [1, 1],
        ],
        rightSupport: [
          [1, 1],
          [1, 1],
        ],
      }),
    ).toThrow(/pairwise disjoint rank-one supports/);
    expect(isLeft(fixedSupportFactorization(A, { leftSupport: [[1], [1], [1]], rightSupport: [[1, 1]] }))).toBe(true);
    const nan = tf.fill([2, 2], NaN);
    expect(isLeft(fixedSupportFactorization(nan, { leftSupport: [[1], [1]], rightSupport: [[1, 1]] }))).toBe(true);
    [A, nan].forEach(dispose);
  });
});
