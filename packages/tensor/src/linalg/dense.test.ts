import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { Matrix, solve as solve64 } from 'ml-matrix';
import { expect, it } from 'vitest';
import { createRng, fromMatrix, lstsq, solve, svd, symmetricEig, toMatrix } from '../index.js';
import { describeBackends, expectClose, expectNoLeaks } from '../testing.js';

const randomTensor = (seed: number, shape: [number, number]) =>
  tf.tensor2d(Float32Array.from(createRng(seed).normalArray(shape[0] * shape[1])), shape);
function right<T>(e: E.Either<unknown, T>): T {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${String(e.left)}`);
  return e.right;
}

describeBackends(['cpu', 'wasm'], 'dense linear algebra (ml-matrix)', () => {
  it('toMatrix / fromMatrix round-trip exactly', async () => {
    const t = randomTensor(1, [3, 4]);
    const m = toMatrix(t);
    expect([m.rows, m.columns, m.get(2, 1)]).toEqual([3, 4, t.arraySync()[2][1]]);
    await expectNoLeaks(() => {
      const back = fromMatrix(m);
      expect(back.arraySync()).toEqual(t.arraySync());
      return back;
    });
    expect(() => toMatrix(tf.zeros([2]))).toThrow(/^t: expected a tensor of rank 2/);
    t.dispose();
  });

  it('svd reconstructs A with orthonormal factors, values descending (wide and tall)', async () => {
    for (const shape of [
      [6, 4],
      [3, 5],
    ] as [number, number][]) {
      const a = randomTensor(2, shape);
      const a64 = toMatrix(a);
      await expectNoLeaks(() => {
        const { u, s, v } = right(svd(a));
        const r = Math.min(...shape);
        expect([u.shape, s.shape, v.shape]).toEqual([[shape[0], r], [r], [shape[1], r]]);
        const [u64, v64] = [toMatrix(u), toMatrix(v)];
        const sv = Array.from(s.dataSync());
        expect([...sv].sort((x, y) => y - x)).toEqual(sv);
        const rebuilt = u64.mmul(Matrix.diag(sv)).mmul(v64.transpose());
        expectClose(rebuilt.to1DArray(), a64.to1DArray(), { rtol: 1e-5, atol: 1e-5 * sv[0] });
        expectClose(u64.transpose().mmul(u64).to1DArray(), Matrix.eye(r).to1DArray(), { atol: 1e-6 });
        expectClose(v64.transpose().mmul(v64).to1DArray(), Matrix.eye(r).to1DArray(), { atol: 1e-6 });
        return [u, s, v];
      });
      a.dispose();
    }
  });

  it('symmetricEig: A v = λ v, ascending; Left for asymmetric, non-square, NaN', async () => {
    const b = randomTensor(3, [5, 5]);
    const a = tf.tidy(() => tf.add(b, tf.transpose(b)));
    const a64 = toMatrix(a);
    await expectNoLeaks(() => {
      const { values, vectors } = right(symmetricEig(a));
      const lambda = Array.from(values.dataSync());
      expect([...lambda].sort((x, y) => x - y)).toEqual(lambda);
      const v64 = toMatrix(vectors);
      const scale = Math.max(...lambda.map(Math.abs));
      expectClose(a64.mmul(v64).to1DArray(), v64.mmul(Matrix.diag(lambda)).to1DArray(), { atol: 2e-6 * scale });
      return [values, vectors];
    });
    const asym = symmetricEig(b);
    expect(E.isLeft(asym) && asym.left.message).toMatch(/^A: expected a symmetric matrix \(A\[1\]\[0\]/);
    expect(E.isLeft(symmetricEig(tf.zeros([2, 3])))).toBe(true);
    const nan = symmetricEig(
      tf.tensor2d([
        [1, NaN],
        [NaN, 1],
      ]),
    );
    expect(E.isLeft(nan) && nan.left.code).toBe('non_finite');
    [a, b].forEach((t) => t.dispose());
  });

  it('solve: A x = b for vector and matrix right-hand sides; singular is a Left', async () => {
    const a = tf.tidy(() => tf.add(randomTensor(4, [5, 5]), tf.mul(tf.eye(5), 5)));
    const b = randomTensor(5, [5, 2]);
    const a64 = toMatrix(a);
    await expectNoLeaks(() => {
      const x = right(solve(a, b));
      expect(x.shape).toEqual([5, 2]);
      expectClose(a64.mmul(toMatrix(x)).to1DArray(), toMatrix(b).to1DArray(), { rtol: 1e-5, atol: 1e-5 });
      return x;
    });
    const bv = tf.tensor1d([1, 2, 3, 4, 5]);
    const xv = right(solve(a, bv));
    expect(xv.shape).toEqual([5]);
    expectClose(a64.mmul(Matrix.columnVector(Array.from(xv.dataSync()))).to1DArray(), [1, 2, 3, 4, 5], { rtol: 1e-5, atol: 1e-5 });
    const singular = solve(
      tf.tensor2d([
        [1, 2],
        [2, 4],
      ]),
      tf.tensor1d([1, 1]),
    );
    expect(E.isLeft(singular) && singular.left.message).toMatch(/^A: expected a non-singular matrix/);
    const nan = solve(
      tf.tensor2d([
        [1, 0],
        [0, NaN],
      ]),
      tf.tensor1d([1, 1]),
    );
    expect(E.isLeft(nan) && nan.left.code).toBe('non_finite');
    expect(() => solve(a, tf.zeros([4]))).toThrow(/^b: expected 5 rows/);
    expect(() => solve(tf.zeros([2, 3]), tf.zeros([2]))).toThrow(/^A: expected a square matrix/);
    [a, b, bv, xv].forEach((t) => t.dispose());
  });

  it('lstsq: regression line by normal equations, minimum-norm for rank deficiency', async () => {
    // Fit y = c0 + c1 t: the float64 normal equations give the oracle.
    const t = [0, 1, 2, 3, 4];
    const y = [1.1, 2.9, 5.2, 6.8, 9.1];
    const design = tf.tensor2d(
      t.flatMap((ti) => [1, ti]),
      [5, 2],
    );
    const d64 = toMatrix(design);
    const oracle = solve64(d64.transpose().mmul(d64), d64.transpose().mmul(Matrix.columnVector(y.map(Math.fround))));
    const rhs = tf.tensor1d(y);
    await expectNoLeaks(() => {
      const c = right(lstsq(design, rhs));
      expectClose(c, oracle.to1DArray(), { rtol: 1e-5, atol: 1e-6 });
      return c;
    });
    const x = right(
      lstsq(
        tf.tensor2d([
          [1, 1],
          [1, 1],
        ]),
        tf.tensor1d([2, 2]),
      ),
    );
    expectClose(x, [1, 1]);
    [design, rhs, x].forEach((z) => z.dispose());
  });
});
