import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { leastSquaresData, sparseGlmObjective, sparseGlmReference64, type SparseGlm64 } from '../testing.js';
import { l1Constrained, l1Regularized, type SparseGlmOptions } from './sparse-glm.js';
import { transposeTimes } from './design-matrix.js';
import { logisticDatafit, squaredDatafit } from './internal/datafit.js';
import { l1Gap, l1Screen, type L1Mode } from './internal/l1-duality.js';

/** Least-squares data, and ±1 labels from the sign of a noisy linear score (not separable). */
function data(seed: number, n: number, p: number, loss: 'squared' | 'logistic') {
  const d = leastSquaresData(seed, n, p, 5, 1.5);
  const y = loss === 'squared' ? d.y : Float64Array.from(d.y, (v) => (v >= 0 ? 1 : -1));
  return { X: d.X, y };
}

function solve(problem: SparseGlm64, options: SparseGlmOptions) {
  const r =
    problem.radius !== undefined
      ? l1Constrained({ X: problem.X, y: problem.y, loss: problem.loss, radius: problem.radius }, options)
      : l1Regularized({ X: problem.X, y: problem.y, loss: problem.loss, lambda: problem.lambda! }, options);
  if (E.isLeft(r)) throw r.left;
  return r.right;
}

const maxAbsGradAtZero = (X: SparseGlm64['X'], y: Float64Array, loss: 'squared' | 'logistic') => {
  const d = Float64Array.from(y, (v) => (loss === 'squared' ? v : v / 2) / X.rows);
  return transposeTimes(X, d).reduce((a, v) => Math.max(a, Math.abs(v)), 0);
};

const cases: { loss: 'squared' | 'logistic'; form: 'lambda' | 'radius'; values: number[] }[] = [
  { loss: 'squared', form: 'radius', values: [0.5, 3, 8] },
  { loss: 'squared', form: 'lambda', values: [0.3, 0.05] },
  { loss: 'logistic', form: 'lambda', values: [0.5, 0.1, 0.02] },
  { loss: 'logistic', form: 'radius', values: [0.3, 2, 6] },
];

describeBackends(['cpu', 'wasm'], 'sparse GLMs (working sets + gap-safe screening)', () => {
  for (const c of cases) {
    it(`${c.loss}, ${c.form === 'lambda' ? 'L1 penalty' : 'L1 ball'}: matches float64 FISTA to 1e-5 relative objective`, () => {
      const d = data(c.loss === 'squared' ? 21 : 22, 50, 120, c.loss);
      const lmax = maxAbsGradAtZero(d.X, d.y, c.loss);
      for (const v of c.values) {
        const problem: SparseGlm64 = { X: d.X, y: d.y, loss: c.loss, ...(c.form === 'lambda' ? { lambda: v * lmax } : { radius: v }) };
        const fStar = sparseGlmObjective(problem, sparseGlmReference64(problem));
        for (const screening of [true, false]) {
          const r = solve(problem, { tol: 1e-9, screening, minWorkingSet: 8 });
          const w = Float64Array.from(r.x.dataSync());
          r.x.dispose();
          expect(r.status, `${c.form} ${v}`).toBe('converged');
          const f = sparseGlmObjective(
            problem,
            problem.radius !== undefined ? w.map((e) => e / Math.max(1, w.reduce((a, b) => a + Math.abs(b), 0) / problem.radius!)) : w,
          );
          expect(Math.abs(f - fStar) / fStar, `${c.form} = ${v}, screening ${screening}`).toBeLessThan(1e-5);
          // The certified gap bounds the suboptimality of the float64 iterate (r.fun).
          expect((r.fun - fStar) / fStar).toBeLessThanOrEqual(r.certificate + 1e-10);
        }
      }
    });
  }

  it('gap-safe screening never discards a feature of the solution (both forms, both losses)', () => {
    for (const loss of ['squared', 'logistic'] as const) {
      const d = data(31, 40, 90, loss);
      const fit = loss === 'squared' ? squaredDatafit(d.y) : logisticDatafit(d.y);
      const lmax = maxAbsGradAtZero(d.X, d.y, loss);
      const colNorm2 = new Float64Array(90);
      for (let i = 0; i < 40; i++) for (let j = 0; j < 90; j++) colNorm2[j] += d.X.data[i * 90 + j] ** 2;
      for (const mode of [
        { kind: 'penalty', lambda: 0.15 * lmax },
        { kind: 'ball', radius: 1 },
      ] as L1Mode[]) {
        const problem: SparseGlm64 = {
          X: d.X,
          y: d.y,
          loss,
          ...(mode.kind === 'penalty' ? { lambda: mode.lambda } : { radius: mode.radius }),
        };
        const wStar = sparseGlmReference64(problem);
        let screenedAtOptimum = 0;
        for (const s of [0, 0.5, 0.9, 1]) {
          const w = wStar.map((v) => v * s);
          const z = new Float64Array(40);
          for (let i = 0; i < 40; i++) for (let j = 0; j < 90; j++) z[i] += d.X.data[i * 90 + j] * w[j];
          const g = transposeTimes(d.X, fit.gradient(z, new Float64Array(40)));
          const state = l1Gap(fit, mode, z, w, g);
          const screened = new Uint8Array(90);
          l1Screen(fit, mode, state, g, colNorm2, screened);
          for (let j = 0; j < 90; j++)
            if (Math.abs(wStar[j]) > 1e-9) expect(screened[j], `${loss} ${mode.kind} feature ${j} at s=${s}`).toBe(0);
          if (s === 1) screenedAtOptimum = screened.reduce((a, b) => a + b, 0);
        }
        // near the optimum the sphere is tiny: most zero features go
        expect(screenedAtOptimum, `${loss} ${mode.kind}`).toBeGreaterThan(45);
      }
    }
  });

  it('accepts tensors, leaks nothing, validates input and returns a Left for non-finite targets', async () => {
    const X = tf.tensor2d([
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ]);
    const y = tf.tensor1d([1, 1, -1, 1]);
    for (const run of [
      () => l1Regularized({ X, y, loss: 'logistic', lambda: 0.05 }, { trace: true }),
      () => l1Constrained({ X, y, loss: 'logistic', radius: 1 }, { trace: true }),
    ]) {
      await expectNoLeaks(run);
      const r = run();
      if (E.isLeft(r)) throw r.left;
      expect(r.right.status).toBe('converged');
      const w = r.right.x.arraySync() as number[];
      expect(w[0]).toBeGreaterThan(0);
      expect(w[1]).toBe(0);
      r.right.x.dispose();
    }
    expect(E.isLeft(l1Constrained({ X, y: [1, NaN, 0, 0], radius: 1 }))).toBe(true);
    expect(() => l1Regularized({ X, y: [1, 0, 1, 0], loss: 'logistic', lambda: 0.1 })).toThrow(/labels/);
    expect(() => l1Constrained({ X, y, radius: 0 })).toThrow(/radius/);
    expect(() => l1Regularized({ X, y, lambda: 0.1 }, { bogus: 1 } as never)).toThrow(/bogus/);
    tf.dispose([X, y]);
  });
});
