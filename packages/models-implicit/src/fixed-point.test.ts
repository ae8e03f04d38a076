import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { isSparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { solveFixedPoint, type FixedPointMethod } from './index.js';
import { contractiveMatrix, normals } from './internal/fixtures.js';

const METHODS: FixedPointMethod[] = ['picard', 'anderson', 'broyden'];

/** A random A with ‖A‖∞ = κ exactly and a drive c. */
function contraction(n: number, batch: number, kappa: number, seed: number): { a: tf.Tensor2D; c: tf.Tensor2D } {
  return { a: contractiveMatrix(n, kappa, seed).tensor, c: normals(batch, n, seed + 100).tensor };
}

describeBackends(['cpu', 'wasm'], 'solveFixedPoint', () => {
  it.each(METHODS)('%s solves x = cos(x) to the float32 value of the Dottie number', (method) => {
    const r = solveFixedPoint((x) => tf.cos(x), tf.zeros([3, 1]), { method, tol: 1e-6 });
    expect(r.converged).toBe(true);
    for (const v of r.x.dataSync()) expect(v).toBeCloseTo(0.7390851332151607, 5);
    r.x.dispose();
  });

  it('Anderson and Broyden reach the Picard fixed point of a tanh contraction', () => {
    const { a, c } = contraction(20, 4, 0.95, 1);
    const f = (x: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(x, a, false, true), c)) as tf.Tensor2D;
    const x0 = tf.zeros([4, 20]) as tf.Tensor2D;
    const [p, an, br] = METHODS.map((method) => solveFixedPoint(f, x0, { method, tol: 1e-6, maxIter: 1000 }));
    for (const r of [p, an, br]) expect(r.converged).toBe(true);
    const ref = p.x.dataSync();
    for (const r of [an, br]) {
      const got = r.x.dataSync();
      for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-5);
    }
    tf.dispose([p.x, an.x, br.x, a, c, x0]);
  });

  it.each(METHODS)('%s with checkEvery 3 tests every third evaluation and returns the same fixed point', (method) => {
    const { a, c } = contraction(20, 4, 0.95, 5);
    const f = (x: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(x, a, false, true), c)) as tf.Tensor2D;
    const x0 = tf.zeros([4, 20]) as tf.Tensor2D;
    const every = solveFixedPoint(f, x0, { method, tol: 1e-6, maxIter: 1000 });
    const third = solveFixedPoint(f, x0, { method, tol: 1e-6, maxIter: 1000, checkEvery: 3 });
    expect(third.converged).toBe(true);
    expect(third.nit % 3).toBe(0);
    expect(third.nit).toBeGreaterThanOrEqual(every.nit);
    expect(third.nit).toBeLessThan(every.nit + 3);
    for (const v of third.iterations) expect((v + 1) % 3).toBe(0);
    const [ref, got] = [every.x.dataSync(), third.x.dataSync()];
    for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-5);
    // The last evaluation is always tested, whatever k.
    const capped = solveFixedPoint(f, x0, { method, tol: 0, maxIter: 7, checkEvery: 5 });
    expect(capped.residuals.every((r) => Number.isFinite(r))).toBe(true);
    expect(() => solveFixedPoint(f, x0, { checkEvery: 0 })).toThrow(/options\.checkEvery/);
    tf.dispose([every.x, third.x, capped.x, a, c, x0]);
  });

  it('Anderson and Broyden need far fewer evaluations than Picard when the rate is κ itself', () => {
    // A ≥ 0 with row sums 0.95: its Perron root is 0.95, so Picard needs ~log(1e-6)/log(0.95) ≈ 270 steps.
    const a = tf.abs(contractiveMatrix(20, 0.95, 3).tensor) as tf.Tensor2D;
    const c = normals(4, 20, 4).tensor;
    const f = (x: tf.Tensor2D) => tf.add(tf.matMul(x, a, false, true), c) as tf.Tensor2D;
    const x0 = tf.zeros([4, 20]) as tf.Tensor2D;
    const [p, an, br] = METHODS.map((method) => solveFixedPoint(f, x0, { method, tol: 1e-4, maxIter: 1000 }));
    for (const r of [p, an, br]) expect(r.converged).toBe(true);
    expect(p.nit).toBeGreaterThan(100);
    expect(an.nit).toBeLessThan(p.nit / 3);
    expect(br.nit).toBeLessThan(p.nit / 3);
    tf.dispose([p.x, an.x, br.x, a, c, x0]);
  });

  it('reports per-example iteration counts: an example already at its fixed point needs none', () => {
    // f(x) = 0.5x + c with c = [0, 1]: row 0 starts at its fixed point 0, row 1 converges to 2.
    const c = tf.tensor2d([[0], [1]]);
    const r = solveFixedPoint((x) => tf.add(tf.mul(0.5, x), c) as tf.Tensor2D, tf.zeros([2, 1]), { tol: 1e-6 });
    expect(r.iterations[0]).toBe(0);
    expect(r.iterations[1]).toBeGreaterThan(15);
    expect(r.x.dataSync()[1]).toBeCloseTo(2, 5);
    tf.dispose([r.x, c]);
  });

  it('returns the lowest-residual iterate of a divergent iteration, with converged false', () => {
    // x ← 1 − 2x from 0: 0, 1, −1, 3, ...; residuals 1, 2, 4, ...: the best iterate is x0.
    const r = solveFixedPoint((x) => tf.sub(1, tf.mul(2, x)) as tf.Tensor2D, tf.zeros([1, 1]), { maxIter: 10 });
    expect(r.converged).toBe(false);
    expect(r.x.dataSync()[0]).toBe(0);
    expect(r.residuals[0]).toBe(1);
    expect(r.iterations[0]).toBe(10);
    r.x.dispose();
  });

  it('Anderson without regularization falls back to Picard on singular Gram matrices and never returns NaN', () => {
    // In one dimension any two residuals are collinear: with λ = 0 every 2 × 2 system is exactly singular.
    const r = solveFixedPoint((x) => tf.add(tf.mul(0.5, x), 1) as tf.Tensor2D, tf.zeros([1, 1]), {
      method: 'anderson',
      lambda: 0,
      tol: 1e-6,
    });
    expect(r.fallbacks).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    expect(r.x.dataSync()[0]).toBeCloseTo(2, 5);
    r.x.dispose();
  });

  it.each(['anderson', 'broyden'] as const)('%s stays finite on a map with a zero residual', (method) => {
    const c = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const r = solveFixedPoint(() => tf.clone(c) as tf.Tensor2D, tf.zeros([2, 2]), { method, tol: 0, maxIter: 8 });
    expect(Array.from(r.x.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(r.residuals)).toEqual([0, 0]);
    tf.dispose([r.x, c]);
  });

  it('propagates non-finite data as NaN with an infinite residual instead of throwing', () => {
    const c = tf.tensor2d([[Number.NaN]]);
    const r = solveFixedPoint((x) => tf.add(tf.mul(0.5, x), c) as tf.Tensor2D, tf.zeros([1, 1]), { method: 'anderson', maxIter: 5 });
    expect(r.residuals[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(r.x.dataSync()[0])).toBe(true);
    tf.dispose([r.x, c]);
  });

  it.each(METHODS)('%s is leak-free', async (method) => {
    const { a, c } = contraction(6, 3, 0.9, 2);
    const x0 = tf.zeros([3, 6]) as tf.Tensor2D;
    await expectNoLeaks(() => {
      const r = solveFixedPoint((x) => tf.relu(tf.add(tf.matMul(x, a, false, true), c)) as tf.Tensor2D, x0, { method, memory: 3 });
      r.x.dispose();
    }, method);
    tf.dispose([a, c, x0]);
  });
});

it('rejects bad options naming the key, including unknown ones', () => {
  const x0 = tf.zeros([1, 1]) as tf.Tensor2D;
  const attempt = (o: object) => {
    try {
      solveFixedPoint((x) => tf.clone(x), x0, o);
    } catch (e) {
      return isSparsekitError(e) ? e.argument : 'other';
    }
    return 'none';
  };
  expect(attempt({ stop_mode: 'rel' })).toBe('options.stop_mode');
  expect(attempt({ maxIter: 0 })).toBe('options.maxIter');
  expect(attempt({ damping: 0 })).toBe('options.damping');
  expect(attempt({ method: 'newton' })).toBe('options.method');
  expect(attempt({ tol: Number.NaN })).toBe('options.tol');
  x0.dispose();
});
