import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { hostKernels, setHostKernels } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { coordinateDescent64, lassoObjective, leastSquaresData } from '../testing.js';
import { lasso } from './lasso.js';
import { transposeTimes } from './design-matrix.js';
import { squaredDatafit } from './internal/datafit.js';
import { l1Gap, l1Screen } from './internal/l1-duality.js';

const lambdaMax = (X: { rows: number; cols: number; data: Float64Array }, y: Float64Array) =>
  transposeTimes(X, y).reduce((a, v) => Math.max(a, Math.abs(v)), 0) / X.rows;

describeBackends(['cpu', 'wasm'], 'lasso (working sets + gap-safe screening)', () => {
  it('matches float64 coordinate descent to 1e-5 relative objective, with and without screening', () => {
    const d = leastSquaresData(5, 60, 150, 6, 0.2);
    for (const ratio of [0.5, 0.1, 0.02]) {
      const lambda = ratio * lambdaMax(d.X, d.y);
      const fStar = lassoObjective(d.X, d.y, coordinateDescent64(d.X, d.y, lambda), lambda);
      // with the native host kernels when useBackend loaded them, and on the plain JS passes
      for (const [screening, plainJs] of [
        [true, false],
        [false, false],
        [true, true],
      ]) {
        const native = hostKernels();
        if (plainJs) setHostKernels(undefined);
        const r = lasso({ X: { ...d.X, data: Float32Array.from(d.X.data) }, y: d.y, lambda }, { tol: 1e-8, screening, minWorkingSet: 8 });
        setHostKernels(native);
        if (E.isLeft(r)) throw r.left;
        expect(r.right.status).toBe('converged');
        const f = lassoObjective(d.X, d.y, Float64Array.from(r.right.x.dataSync()), lambda);
        expect(Math.abs(f - fStar) / fStar, `λ = ${ratio}·λmax, screening ${screening}, plain JS ${plainJs}`).toBeLessThan(1e-5);
        // The certificate bounds the true relative suboptimality (float64 inside).
        expect((r.right.fun - fStar) / fStar).toBeLessThanOrEqual(r.right.certificate + 1e-12);
        r.right.x.dispose();
      }
    }
  });

  it('the squared-loss gap is the textbook Lasso dual, and screening never discards a feature of the solution', () => {
    const n = 40;
    const d = leastSquaresData(9, n, 100, 5, 0.1);
    const lambda = 0.1 * lambdaMax(d.X, d.y);
    const wStar = coordinateDescent64(d.X, d.y, lambda);
    const colNorm2 = new Float64Array(100);
    for (let i = 0; i < n; i++) for (let j = 0; j < 100; j++) colNorm2[j] += d.X.data[i * 100 + j] ** 2;
    const fit = squaredDatafit(d.y);
    const mode = { kind: 'penalty', lambda } as const;
    // screen from a few rough points (w = 0, and w = w*/2)
    for (const s of [0, 0.5, 1]) {
      const w = wStar.map((v) => v * s);
      const z = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < 100; j++) z[i] += d.X.data[i * 100 + j] * w[j];
      const r = d.y.map((yi, i) => yi - z[i]);
      const g = transposeTimes(d.X, fit.gradient(z, new Float64Array(n)));
      const gap = l1Gap(fit, mode, z, w, g);
      // Fercoq et al.: θ = r / max(nλ, ‖Xᵀr‖∞), D(θ) = (‖y‖² − ‖y − nλθ‖²)/(2n).
      const scale = Math.max(n * lambda, ...transposeTimes(d.X, r).map(Math.abs));
      const dual = d.y.reduce((acc, yi, i) => acc + yi * yi - (yi - (n * lambda * r[i]) / scale) ** 2, 0) / (2 * n);
      expect(Math.abs(gap.dual - dual)).toBeLessThan(1e-12 * Math.abs(dual) + 1e-15);
      const screened = new Uint8Array(100);
      l1Screen(fit, mode, gap, g, colNorm2, screened);
      for (let j = 0; j < 100; j++) if (wStar[j] !== 0) expect(screened[j], `feature ${j} at s=${s}`).toBe(0);
      if (s === 1) expect(screened.reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    }
  });

  it('accepts tensors, leaks nothing, and returns a Left for non-finite targets', async () => {
    const X = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const y = tf.tensor1d([1, 0.1, 1]);
    const r = await expectNoLeaks(() => lasso({ X, y, lambda: 0.05 }, { trace: true }));
    expect(E.isRight(r)).toBe(true);
    const bad = lasso({ X, y: [1, NaN, 0], lambda: 0.05 });
    expect(E.isLeft(bad)).toBe(true);
    expect(() => lasso({ X, y, lambda: -1 })).toThrow(/lambda/);
    tf.dispose([X, y]);
  });

  it('returns a Left for NaN or ±Infinity in X, an empty X and a y of the wrong length, without leaks', async () => {
    const y = [1, 0.1, 1];
    for (const v of [NaN, Infinity, -Infinity]) {
      const X = tf.tensor2d([
        [1, 0],
        [0, v],
        [1, 1],
      ]);
      const r = await expectNoLeaks(() => lasso({ X, y, lambda: 0.05 }));
      expect(E.isLeft(r) && [r.left.argument, r.left.code], String(v)).toEqual(['X', 'non_finite']);
      X.dispose();
    }
    for (const shape of [
      [0, 2],
      [3, 0],
    ] as const) {
      const X = tf.zeros([...shape]) as tf.Tensor2D;
      const r = await expectNoLeaks(() => lasso({ X, y: new Array(shape[0]).fill(1), lambda: 0.05 }));
      expect(E.isLeft(r) && r.left.argument, `shape ${shape}`).toBe('X');
      X.dispose();
    }
    const X = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const r = await expectNoLeaks(() => lasso({ X, y: [1, 2], lambda: 0.05 }));
    expect(E.isLeft(r) && [r.left.argument, r.left.code]).toEqual(['y', 'shape_mismatch']);
    X.dispose();
  });
});
