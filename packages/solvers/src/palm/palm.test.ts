import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { sp } from '@sparsekit/constraints/faust';
import { disposeComplex, isComplexTensor, type ComplexTensor } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { palm } from './palm.js';
import { productFit } from './product-fit.js';
import type { BlockValue, PalmResult } from './types.js';
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
    const res = unwrap(palm({
      blocks: [{ x0: x0[0], constraint: sp(24, { normalized: false }) }, { x0: x0[1], constraint: sp(30, { normalized: false }) }],
      ...productFit(a),
    }, { maxIter: 40, trace: true }));
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

  it('uses the product Lipschitz constant ‖L‖²‖R‖² and matches the autodiff estimate', () => {
    const rng = testRng(8);
    const a = tf.tensor2d(gaussianMatrix(rng, 5, 4));
    const x = [tf.tensor2d(gaussianMatrix(rng, 5, 3)), tf.tensor2d(gaussianMatrix(rng, 3, 4))];
    const parts = productFit(a);
    const withOwn = unwrap(palm({ blocks: x.map((x0) => ({ x0 })), ...parts }, { maxIter: 1, trace: true }));
    const auto = unwrap(palm({ blocks: x.map((x0) => ({ x0 })), objective: parts.objective }, { maxIter: 1, trace: true }));
    // Block 0's constant depends only on X₂: ‖X₂‖₂² (largest eigenvalue of X₂X₂ᵀ).
    const s = tf.tidy(() => tf.matMul(x[1], x[1], false, true).arraySync() as number[][]);
    let v = [1, 1, 1];
    for (let k = 0; k < 500; k++) { const w = s.map((r) => r.reduce((u, e, i) => u + e * v[i], 0)); const n = Math.hypot(...w); v = w.map((e) => e / n); }
    const top = s.map((r) => r.reduce((u, e, i) => u + e * v[i], 0)).reduce((u, e, i) => u + e * v[i], 0);
    expect(withOwn.trace!.lipschitz[0][0]).toBeCloseTo(top, 3);
    expectClose(auto.trace!.lipschitz[0], withOwn.trace!.lipschitz[0], { rtol: 1e-3 });
    expectClose(auto.blocks[1] as tf.Tensor, withOwn.blocks[1] as tf.Tensor, { rtol: 1e-3, atol: 1e-4 });
    dispose([...withOwn.blocks, ...auto.blocks]);
    tf.dispose([a, ...x]);
  });

  it('handles complex blocks (Wirtinger gradients, modulus projections) without increasing the objective', () => {
    const rng = testRng(13);
    const c = (r: number, k: number): ComplexTensor => ({ re: tf.tensor2d(gaussianMatrix(rng, r, k)), im: tf.tensor2d(gaussianMatrix(rng, r, k)) });
    const a = c(6, 6);
    const x0 = [c(6, 6), c(6, 6)];
    const res = unwrap(palm({
      blocks: [{ x0: x0[0], constraint: sp(18, { normalized: false }) }, { x0: x0[1], constraint: sp(18, { normalized: false }) }],
      ...productFit(a),
    }, { maxIter: 25, trace: true }));
    nonIncreasing(res.trace!.fun);
    expect(res.trace!.fun[24]).toBeLessThan(res.trace!.fun[0]);
    dispose(res.blocks);
    dispose([a, ...x0]);
  });

  it('is leak-free, stops on callback, and returns Left for a non-finite start', async () => {
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const x0 = [tf.eye(2), tf.eye(2)];
    const problem = { blocks: x0.map((x) => ({ x0: x })), ...productFit(a) };
    await expectNoLeaks(() => unwrap(palm(problem, { maxIter: 3 })).blocks);
    const stopped = unwrap(palm(problem, { maxIter: 10, callback: (st) => (st.nit === 2 ? 'stop' : undefined) }));
    expect(stopped.status).toBe('callback');
    expect(stopped.nit).toBe(2);
    dispose(stopped.blocks);
    const nan = tf.fill([2, 2], NaN);
    const bad = palm({ blocks: [{ x0: nan }, { x0: x0[1] }], ...productFit(a) });
    expect(bad._tag).toBe('Left');
    tf.dispose([a, nan, ...x0]);
  });
});
