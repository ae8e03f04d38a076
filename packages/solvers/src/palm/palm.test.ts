import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { sp } from '@sparsekit/constraints/faust';
import { complexMatMul, complexSub, conjTranspose, disposeComplex, isComplexTensor, type ComplexTensor } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { palm } from './palm.js';
import type { BlockValue, PalmResult } from './types.js';

/** ½‖X·Y − A‖² as a plain objective: palm differentiates it and estimates the Lipschitz constants. */
function twoFactorFit(a: tf.Tensor) {
  return {
    objective: ([x, y]: readonly BlockValue[]) =>
      tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), a))))) as tf.Scalar,
  };
}

/** The same for complex blocks, with the Wirtinger gradient palm needs for them. */
function complexTwoFactorFit(a: ComplexTensor) {
  const residual = ([x, y]: readonly BlockValue[]) => complexSub(complexMatMul(x, y), a);
  return {
    objective: (blocks: readonly BlockValue[]) =>
      tf.tidy(() => {
        const r = residual(blocks);
        return tf.mul(0.5, tf.add(tf.sum(tf.square(r.re)), tf.sum(tf.square(r.im)))) as tf.Scalar;
      }),
    gradient: (blocks: readonly BlockValue[], j: number) =>
      tf.tidy(() => {
        const r = residual(blocks);
        return j === 0
          ? complexMatMul(r, conjTranspose(blocks[1] as ComplexTensor))
          : complexMatMul(conjTranspose(blocks[0] as ComplexTensor), r);
      }),
  };
}
import { gaussianMatrix, testRng } from '../paths/internal/test-data.test-helpers.js';

function unwrap(res: ReturnType<typeof palm>): PalmResult {
  if (!isRight(res)) throw res.left;
  return res.right;
}

function nonIncreasing(values: readonly number[]): void {
  for (let k = 1; k < values.length; k++) {
    // float32 evaluation of Ψ: allow rounding noise of the objective itself, nothing more.
    expect(values[k]).toBeLessThanOrEqual(values[k - 1] * (1 + 1e-6) + 1e-7);
  }
}

function dispose(blocks: readonly BlockValue[]): void {
  blocks.forEach((b) => (isComplexTensor(b) ? disposeComplex(b) : b.dispose()));
}

describeBackends(['cpu', 'wasm'], 'palm', () => {
  it('never increases the objective of a two-factor sparse factorization with exact projections', () => {
    const rng = testRng(5);
    const a = tf.tensor2d(gaussianMatrix(rng, 8, 8));
    const x0 = [tf.tensor2d(gaussianMatrix(rng, 8, 6)), tf.tensor2d(gaussianMatrix(rng, 6, 8))];
    const res = unwrap(
      palm(
        {
          blocks: [
            { x0: x0[0], constraint: sp(24, { normalized: false }) },
            { x0: x0[1], constraint: sp(30, { normalized: false }) },
          ],
          ...twoFactorFit(a),
        },
        { maxIter: 40, trace: true },
      ),
    );
    nonIncreasing(res.trace!.fun);
    expect(res.trace!.fun[39]).toBeLessThan(0.5 * res.trace!.fun[0]);
    const [s1, s2] = res.blocks as tf.Tensor[];
    expect(Array.from(s1.dataSync()).filter((v) => v !== 0).length).toBeLessThanOrEqual(24);
    expect(Array.from(s2.dataSync()).filter((v) => v !== 0).length).toBeLessThanOrEqual(30);
    const fit = tf.tidy(() => 0.5 * tf.sum(tf.square(tf.sub(tf.matMul(s1, s2), a))).dataSync()[0]);
    expect(fit).toBeCloseTo(res.fun, 3);
    dispose(res.blocks);
    tf.dispose([a, ...x0]);
  });

  it('handles complex blocks (Wirtinger gradients, modulus projections) without increasing the objective', () => {
    const rng = testRng(13);
    const c = (r: number, k: number): ComplexTensor => ({
      re: tf.tensor2d(gaussianMatrix(rng, r, k)),
      im: tf.tensor2d(gaussianMatrix(rng, r, k)),
    });
    const a = c(6, 6);
    const x0 = [c(6, 6), c(6, 6)];
    const res = unwrap(
      palm(
        {
          blocks: [
            { x0: x0[0], constraint: sp(18, { normalized: false }) },
            { x0: x0[1], constraint: sp(18, { normalized: false }) },
          ],
          ...complexTwoFactorFit(a),
        },
        { maxIter: 25, trace: true },
      ),
    );
    nonIncreasing(res.trace!.fun);
    expect(res.trace!.fun[24]).toBeLessThan(res.trace!.fun[0]);
    dispose(res.blocks);
    dispose([a, ...x0]);
  });

  it('is leak-free, stops on callback, and returns Left for a non-finite start', async () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const x0 = [tf.eye(2), tf.eye(2)];
    const problem = { blocks: x0.map((x) => ({ x0: x })), ...twoFactorFit(a) };
    await expectNoLeaks(() => unwrap(palm(problem, { maxIter: 3 })).blocks);
    const stopped = unwrap(palm(problem, { maxIter: 10, callback: (st) => (st.nit === 2 ? 'stop' : undefined) }));
    expect(stopped.status).toBe('callback');
    expect(stopped.nit).toBe(2);
    dispose(stopped.blocks);
    const nan = tf.fill([2, 2], NaN);
    const bad = palm({ blocks: [{ x0: nan }, { x0: x0[1] }], ...twoFactorFit(a) });
    expect(bad._tag).toBe('Left');
    tf.dispose([a, nan, ...x0]);
  });
});
