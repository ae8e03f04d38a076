import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { pgdMadry } from './pgd-madry.js';
import { threeOperatorSplitting } from './three-operator-splitting.js';
import { frankWolfe } from './frank-wolfe.js';
import { proximalGradient } from './proximal-gradient.js';
import { minimize, type Solver } from '../minimize.js';
import {
  coordinateDescent64,
  lassoObjective,
  leastSquaresData,
  leastSquaresObjective,
  projectL1Ball,
  solverLaws,
  testL1Ball,
  testL1Penalty,
  testL2Ball,
  testNonNegative,
} from '../testing.js';
import type { OptimizeResult, SolveResult } from '../types.js';

const right = (r: SolveResult): OptimizeResult => {
  if (E.isLeft(r)) throw r.left;
  return r.right;
};
const c = [1.5, -0.7, 0.3, 0.05, -1.1, 0.4];
const quad = (target: tf.Tensor) => (x: tf.Tensor) => tf.tidy(() => x.sub(target).square().sum().mul(0.5));
const linf = (eps: number) => ({
  name: 'LinfBall',
  params: { radius: eps },
  lmo: (g: tf.Tensor) => tf.tidy(() => tf.where(tf.greater(g, 0), tf.fill(g.shape, -eps), tf.fill(g.shape, eps))),
  project: (x: tf.Tensor) => tf.clipByValue(x, -eps, eps),
});

solverLaws('threeOperatorSplitting', {
  solve: (p, o) => threeOperatorSplitting(p, { ...o, h: testL2Ball(1) }),
  problem: () => ({ objective: quad(tf.tensor1d(c)), constraint: testL1Ball(1.2), x0: tf.zeros([c.length]) }),
  nonFinite: () => ({ objective: (x: tf.Tensor) => x.sum().mul(NaN), constraint: testNonNegative(), x0: tf.zeros([3]) }),
});
solverLaws('pgdMadry', {
  solve: (p, o) => pgdMadry(p, o),
  problem: () => ({ objective: quad(tf.tensor1d(c)), constraint: linf(0.5), x0: tf.zeros([c.length]) }),
});
solverLaws('minimize(frank-wolfe)', {
  solve: (p, o) => minimize(p, { method: 'frank-wolfe', ...o }),
  problem: () => ({ objective: quad(tf.tensor1d(c)), constraint: testL1Ball(1), x0: tf.zeros([c.length]) }),
});

describeBackends(['cpu', 'wasm'], 'pgdMadry, threeOperatorSplitting, minimize', () => {
  it('pgdMadry maximizes a linear loss over the L∞ ball at the vertex −ε·sign(a)', () => {
    const a = tf.tensor1d([0.3, -2, 1, -0.1]);
    const x0 = tf.zeros([4]);
    const r = right(pgdMadry({ objective: (x: tf.Tensor) => x.mul(a).sum(), constraint: linf(0.1), x0 }, { maxIter: 10 }));
    expectClose(r.x, [-0.1, 0.1, -0.1, 0.1], { rtol: 1e-6, atol: 1e-7 });
    tf.dispose([a, x0, r.x]);
  });

  it('three-operator splitting: L1 ball ∩ L2 ball projection, and Lasso + nonnegativity vs float64 CD', () => {
    // ½‖x − c‖² over (L1 ball r=1.2) ∩ (L2 ball r=1): the L1 projection already has norm ≤ 1 here.
    const p1 = projectL1Ball(c, 1.2);
    expect(Math.hypot(...p1)).toBeLessThan(1);
    const t = tf.tensor1d(c);
    const x0 = tf.zeros([c.length]);
    const r = right(
      threeOperatorSplitting({ objective: quad(t), constraint: testL1Ball(1.2), x0 }, { h: testL2Ball(1), tol: 1e-7, maxIter: 3000 }),
    );
    expectClose(r.x, p1, { rtol: 1e-4, atol: 1e-5 });
    const d = leastSquaresData(4, 30, 10, 3, 0.2);
    const { objective, dispose } = leastSquaresObjective(d.X, d.y);
    const lambda = 0.05;
    const ref = coordinateDescent64(d.X, d.y, lambda, { nonNegative: true });
    const fStar = lassoObjective(d.X, d.y, ref, lambda);
    const x1 = tf.zeros([10]);
    const r2 = right(
      threeOperatorSplitting(
        { objective, constraint: testL1Penalty(lambda), x0: x1 },
        { h: testNonNegative(), tol: 1e-7, maxIter: 5000, hLipschitz: 0 },
      ),
    );
    const w = Float64Array.from(r2.x.dataSync());
    // x comes from prox_g and z from prox_h; they agree up to the certificate (x − z = η·cert).
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1e-6);
    expect(Math.abs(lassoObjective(d.X, d.y, w, lambda) - fStar) / fStar).toBeLessThan(1e-5);
    tf.dispose([t, x0, x1, r.x, r2.x]);
    dispose();
  });

  it('minimize accepts names and third-party solver objects, and rejects unknown names', () => {
    const t = tf.tensor1d(c);
    const x0 = tf.zeros([c.length]);
    const problem = { objective: quad(t), constraint: testL1Ball(1), x0 };
    const a = right(minimize(problem, { method: 'proximal-gradient', tol: 1e-7 }));
    let called = 0;
    const custom: Solver<ReturnType<typeof testL1Ball>> = {
      name: 'mine',
      solve: (p, o) => {
        called++;
        return frankWolfe(p, { ...o, variant: 'pairwise' });
      },
    };
    const b = right(minimize(problem, { method: custom, tol: 1e-7, maxIter: 500 }));
    expect(called).toBe(1);
    expectClose(a.x, b.x, { rtol: 1e-4, atol: 1e-5 });
    expect(() => minimize(problem, { method: 'newton' as never })).toThrow(/method/);
    tf.dispose([t, x0, a.x, b.x]);
  });

  it('batched problems: converged examples stop changing while others continue', () => {
    const T = tf.tensor2d([
      [0.2, 0.1, 0],
      [3, -2, 1],
    ]); // the first row is inside the ball: optimum x = row
    const x0 = tf.tensor2d([
      [0.2, 0.1, 0],
      [0, 0, 0],
    ]);
    const seen: number[][] = [];
    const r = right(
      proximalGradient(
        { objective: (x: tf.Tensor) => x.sub(T).square().sum(1).mul(0.5), constraint: testL1Ball(1, true), x0, batched: true },
        {
          tol: 1e-6,
          callback: (s) => {
            seen.push(Array.from(s.x.dataSync().slice(0, 3)));
          },
        },
      ),
    );
    expect(r.batch!.converged).toEqual([true, true]);
    for (const row of seen) expect(row).toEqual(Array.from(Float32Array.from([0.2, 0.1, 0])));
    expect(r.nit).toBeGreaterThan(1);
    tf.dispose([T, x0, r.x]);
  });
});
