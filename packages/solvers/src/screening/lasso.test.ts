import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { coordinateDescent64, lassoObjective, leastSquaresData } from '../testing.js';
import { lasso } from './lasso.js';
import { transposeTimes } from './design-matrix.js';
import { gapSafeScreen, lassoGap } from './lasso-dual.js';

const lambdaMax = (X: { rows: number; cols: number; data: Float64Array }, y: Float64Array) =>
  transposeTimes(X, y).reduce((a, v) => Math.max(a, Math.abs(v)), 0) / X.rows;

describeBackends(['cpu', 'wasm'], 'lasso (working sets + gap-safe screening)', () => {
  it('matches float64 coordinate descent to 1e-5 relative objective, with and without screening', () => {
    const d = leastSquaresData(5, 60, 150, 6, 0.2);
    for (const ratio of [0.5, 0.1, 0.02]) {
      const lambda = ratio * lambdaMax(d.X, d.y);
      const fStar = lassoObjective(d.X, d.y, coordinateDescent64(d.X, d.y, lambda), lambda);
      for (const screening of [true, false]) {
        const r = lasso({ X: d.X, y: d.y, lambda }, { tol: 1e-8, screening, minWorkingSet: 8 });
        if (E.isLeft(r)) throw r.left;
        expect(r.right.status).toBe('converged');
        const f = lassoObjective(d.X, d.y, Float64Array.from(r.right.x.dataSync()), lambda);
        expect(Math.abs(f - fStar) / fStar, `λ = ${ratio}·λmax, screening ${screening}`).toBeLessThan(1e-5);
        // The certificate bounds the true relative suboptimality (float64 inside).
        expect((r.right.fun - fStar) / fStar).toBeLessThanOrEqual(r.right.certificate + 1e-12);
        r.right.x.dispose();
      }
    }
  });

  it('gap-safe screening never discards a feature of the solution', () => {
    const d = leastSquaresData(9, 40, 100, 5, 0.1);
    const lambda = 0.1 * lambdaMax(d.X, d.y);
    const wStar = coordinateDescent64(d.X, d.y, lambda);
    const colNorm2 = new Float64Array(100);
    for (let i = 0; i < 40; i++) for (let j = 0; j < 100; j++) colNorm2[j] += d.X.data[i * 100 + j] ** 2;
    // screen from a few rough points (w = 0, and w = w*/2)
    for (const s of [0, 0.5, 1]) {
      const w = wStar.map((v) => v * s);
      const r = Float64Array.from(d.y);
      for (let i = 0; i < 40; i++) for (let j = 0; j < 100; j++) r[i] -= d.X.data[i * 100 + j] * w[j];
      const g = transposeTimes(d.X, r);
      const gap = lassoGap(d.y, r, w, g, lambda);
      const screened = new Uint8Array(100);
      gapSafeScreen(g, colNorm2, gap.gap, gap.scale, lambda, 40, screened);
      for (let j = 0; j < 100; j++) if (wStar[j] !== 0) expect(screened[j], `feature ${j} at s=${s}`).toBe(0);
      if (s === 1) expect(screened.reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    }
  });

  it('accepts tensors, leaks nothing, and returns a Left for non-finite targets', async () => {
    const X = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
    const y = tf.tensor1d([1, 0.1, 1]);
    const r = await expectNoLeaks(() => lasso({ X, y, lambda: 0.05 }, { trace: true }));
    expect(E.isRight(r)).toBe(true);
    const bad = lasso({ X, y: [1, NaN, 0], lambda: 0.05 });
    expect(E.isLeft(bad)).toBe(true);
    expect(() => lasso({ X, y, lambda: -1 })).toThrow(/lambda/);
    tf.dispose([X, y]);
  });
});
