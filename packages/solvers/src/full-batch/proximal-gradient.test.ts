import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { largestSingularValue } from '@sparsekit/tensor';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { proximalGradient } from './proximal-gradient.js';
import {
  coordinateDescent64,
  lassoObjective,
  leastSquaresData,
  leastSquaresObjective,
  projectL1Ball,
  solverLaws,
  testL1Ball,
  testL1Penalty,
  testNonNegative,
} from '../testing.js';
import type { OptimizeResult, SolveResult } from '../types.js';

const right = (r: SolveResult): OptimizeResult => {
  if (E.isLeft(r)) throw r.left;
  return r.right;
};
const c = [1.5, -0.7, 0.3, 0.05, -1.1, 0.4];
const quad = (target: tf.Tensor) => (x: tf.Tensor) => tf.tidy(() => x.sub(target).square().sum().mul(0.5));

for (const accelerated of [false, true]) {
  solverLaws(`proximalGradient${accelerated ? ' (FISTA)' : ''}`, {
    solve: (p, o) => proximalGradient(p, { ...o, accelerated }),
    problem: () => ({ objective: quad(tf.tensor1d(c)), constraint: testL1Ball(1), x0: tf.zeros([c.length]) }),
    nonFinite: () => ({ objective: (x: tf.Tensor) => x.sum().div(0), constraint: testNonNegative(), x0: tf.zeros([3]) }),
    batched: () => {
      const rows = [
        [2, 0, 1],
        [0.1, 0.2, -0.1],
        [-3, 1, 1],
      ];
      const scales = [1, 3, 0.5];
      const T = tf.tensor2d(rows);
      const S = tf.tensor2d(scales, [3, 1]);
      return {
        batched: {
          objective: (x: tf.Tensor) => x.sub(T).square().mul(S).sum(1),
          constraint: testL1Ball(1, true),
          x0: tf.zeros([3, 3]),
          batched: true,
        },
        singles: rows.map((r, i) => ({
          objective: (x: tf.Tensor) => x.sub(tf.tensor1d(r)).square().sum().mul(scales[i]),
          constraint: testL1Ball(1),
          x0: tf.zeros([3]),
        })),
      };
    },
  });
}

describeBackends(['cpu', 'wasm'], 'proximalGradient', () => {
  it('a quadratic over an L1 ball converges to the projection', () => {
    for (const step of ['backtracking', 'fixed', 0.5] as const) {
      const x0 = tf.zeros([c.length]);
      const t = tf.tensor1d(c);
      const r = right(proximalGradient({ objective: quad(t), constraint: testL1Ball(1), x0 }, { step, tol: 1e-6 }));
      expect(r.status).toBe('converged');
      expectClose(r.x, projectL1Ball(c, 1), { rtol: 1e-5, atol: 2e-6, message: String(step) });
      tf.dispose([r.x, x0, t]);
    }
  });

  it('NNLS and the Lasso match float64 coordinate descent to 1e-5 relative objective', () => {
    const d = leastSquaresData(7, 40, 12, 4, 0.5);
    const { objective, dispose } = leastSquaresObjective(d.X, d.y);
    const wNnls = coordinateDescent64(d.X, d.y, 0, { nonNegative: true });
    const lambda = 0.05;
    const wLasso = coordinateDescent64(d.X, d.y, lambda);
    for (const accelerated of [false, true]) {
      const x0 = tf.zeros([12]);
      const nn = right(proximalGradient({ objective, constraint: testNonNegative(), x0 }, { accelerated, tol: 1e-7, maxIter: 5000 }));
      const fNn = lassoObjective(d.X, d.y, Float64Array.from(nn.x.dataSync()), 0);
      const fNnStar = lassoObjective(d.X, d.y, wNnls, 0);
      expect((fNn - fNnStar) / fNnStar).toBeLessThan(1e-5);
      const la = right(proximalGradient({ objective, constraint: testL1Penalty(lambda), x0 }, { accelerated, tol: 1e-7, maxIter: 5000 }));
      const fLa = lassoObjective(d.X, d.y, Float64Array.from(la.x.dataSync()), lambda);
      const fLaStar = lassoObjective(d.X, d.y, wLasso, lambda);
      expect(Math.abs(fLa - fLaStar) / fLaStar).toBeLessThan(1e-5);
      tf.dispose([nn.x, la.x, x0]);
    }
    dispose();
  });

  it('FISTA needs far fewer iterations than plain proximal gradient on an ill-conditioned problem', () => {
    const d = leastSquaresData(3, 30, 20, 5, 0.1);
    const { objective, dispose } = leastSquaresObjective(d.X, d.y);
    const fStar = lassoObjective(d.X, d.y, coordinateDescent64(d.X, d.y, 0.01), 0.01);
    const lipschitz = largestSingularValue(d.X).value ** 2 / d.X.rows;
    const itersTo = (accelerated: boolean) => {
      const x0 = tf.zeros([20]);
      let hit = Infinity;
      const r = right(
        proximalGradient(
          { objective, constraint: testL1Penalty(0.01), x0 },
          {
            accelerated,
            maxIter: 3000,
            tol: 0,
            step: 'fixed',
            lipschitz,
            callback: (s) => {
              const f = lassoObjective(d.X, d.y, Float64Array.from(s.x.dataSync()), 0.01);
              if ((f - fStar) / fStar < 1e-4) {
                hit = s.nit;
                return 'stop';
              }
            },
          },
        ),
      );
      tf.dispose([r.x, x0]);
      return hit;
    };
    const plain = itersTo(false);
    const fista = itersTo(true);
    expect(fista).toBeLessThan(plain / 2);
    dispose();
  });

  it('line-search failure keeps the best iterate; diverging fixed steps end as nonfinite', () => {
    const x0 = tf.tensor1d([0.5, 0]);
    const wrong = {
      valueAndGrad: (x: tf.Tensor) => ({ value: x.square().sum().mul(0.5), grad: x.neg() }),
      constraint: testNonNegative(),
      x0,
    };
    const r = right(proximalGradient(wrong, { tol: 0, maxIter: 10 }));
    expect(r.status).toBe('linesearch_failed');
    expectClose(r.x, [0.5, 0], { rtol: 0, atol: 0 });
    const huge = right(
      proximalGradient(
        { objective: (x: tf.Tensor) => x.square().sum(), constraint: testL1Penalty(0), x0 },
        { step: 1e3, tol: 0, maxIter: 200 },
      ),
    );
    expect(huge.status).toBe('nonfinite');
    tf.dispose([r.x, huge.x, x0]);
  });
});
