import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { frankWolfe, type FrankWolfeOptions } from './frank-wolfe.js';
import { projectL1Ball, projectSimplex, solverLaws, testL1Ball, testL2Ball, testSimplex } from '../testing.js';
import type { OptimizeResult } from '../types.js';

const c = [1.5, -0.7, 0.3, 0.05, -1.1, 0.4];
const quad = (target: tf.Tensor) => (x: tf.Tensor) => tf.tidy(() => x.sub(target).square().sum().mul(0.5));
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, b) => a + b * b, 0));

function solve(constraint: Parameters<typeof frankWolfe>[0]['constraint'], options: FrankWolfeOptions, x0 = tf.zeros([c.length])): OptimizeResult {
  const target = tf.tensor1d(c);
  const r = frankWolfe({ objective: quad(target), constraint, x0 }, options);
  target.dispose();
  x0.dispose();
  if (E.isLeft(r)) throw r.left;
  return r.right;
}

solverLaws('frankWolfe', {
  solve: (p, o) => frankWolfe(p, o),
  problem: () => ({ objective: quad(tf.tensor1d(c)), constraint: testL1Ball(1), x0: tf.zeros([c.length]) }),
  nonFinite: () => ({ objective: (x: tf.Tensor) => x.sum().mul(NaN), constraint: testL1Ball(1), x0: tf.zeros([3]) }),
  batched: () => {
    const rows = [[2, 0, 1], [0.1, 0.2, -0.1], [-3, 1, 1]];
    const T = tf.tensor2d(rows);
    const batchedProblem = {
      objective: (x: tf.Tensor) => x.sub(T).square().sum(1).mul(0.5), constraint: testL1Ball(1, true),
      x0: tf.zeros([3, 3]), batched: true,
    };
    const singles = rows.map((r) => ({ objective: quad(tf.tensor1d(r)), constraint: testL1Ball(1), x0: tf.zeros([3]) }));
    return { batched: batchedProblem, singles };
  },
});

describeBackends(['cpu', 'wasm'], 'frankWolfe', () => {
  it('a quadratic over an L2 ball converges to the projection (all step rules)', () => {
    const proj = c.map((v) => v / norm(c));
    for (const step of ['backtracking', 'demyanov-rubinov'] as const) {
      const r = solve(testL2Ball(1), { step, maxIter: 500, tol: 1e-7 });
      expectClose(r.x, proj, { rtol: 1e-4, atol: 1e-4, message: step });
      r.x.dispose();
    }
  });

  it('away-step and pairwise FW reach the simplex and L1-ball projections to float32 accuracy', () => {
    for (const [set, proj] of [[testSimplex(1), projectSimplex(c, 1)], [testL1Ball(1), projectL1Ball(c, 1)]] as const) {
      for (const variant of ['away', 'pairwise'] as const) {
        const r = solve(set, { variant, maxIter: 300, tol: 1e-7 }, tf.oneHot([0], c.length).reshape([c.length]).toFloat());
        expect(r.status, `${set.name} ${variant}`).toBe('converged');
        expectClose(r.x, proj, { rtol: 1e-5, atol: 2e-6, message: `${set.name} ${variant}` });
        r.x.dispose();
      }
    }
  });

  it('FW gap bounds f − f* at every iterate (sublinear, DR, backtracking)', () => {
    const xs = projectL1Ball(c, 1);
    const fStar = 0.5 * c.reduce((a, v, i) => a + (xs[i] - v) ** 2, 0);
    for (const step of ['sublinear', 'demyanov-rubinov', 'backtracking'] as const) {
      const r = solve(testL1Ball(1), {
        step, maxIter: 60, tol: 0,
        callback: (s) => { expect(s.certificate).toBeGreaterThanOrEqual(s.fun - fStar - 1e-6 * Math.abs(fStar)); },
      });
      r.x.dispose();
    }
  });

  it('sublinear steps obey f(x_t) − f* ≤ 2LD²/(t+2)', () => {
    const xs = projectL1Ball(c, 1);
    const fStar = 0.5 * c.reduce((a, v, i) => a + (xs[i] - v) ** 2, 0);
    const L = 1;
    const D2 = 4; // diameter of the unit L1 ball in L2 norm is 2
    const r = solve(testL1Ball(1), {
      step: 'sublinear', maxIter: 200, tol: 0,
      callback: (s) => { expect(s.fun - fStar).toBeLessThanOrEqual((2 * L * D2) / (s.nit + 2) + 1e-6); },
    });
    // The bound is tight in order: the error after 200 steps is well below that after 10.
    expect(r.fun - fStar).toBeLessThan(0.05);
    r.x.dispose();
  });

  it('away-step converges linearly on a strongly convex problem over the simplex', () => {
    const gaps: number[] = [];
    const x0 = tf.oneHot([3], c.length).reshape([c.length]).toFloat();
    const r = solve(testSimplex(1), { variant: 'away', maxIter: 40, tol: 1e-6, trace: true, callback: (s) => { gaps.push(s.certificate); } }, x0);
    // Vanilla FW gaps decay like 1/t (≈ 0.05 after 40 steps here); away steps converge linearly.
    expect(r.status).toBe('converged');
    expect(r.nit).toBeLessThan(40);
    expect(r.trace!.fun.length).toBe(r.nit);
    r.x.dispose();
  });

  it('reports linesearch_failed and keeps the best iterate when no step decreases f', () => {
    // The gradient is deliberately wrong (sign-flipped), so every FW direction ascends f.
    const problem = {
      valueAndGrad: (x: tf.Tensor) => ({ value: x.square().sum().mul(0.5), grad: x.neg() }),
      constraint: testL1Ball(1), x0: tf.tensor1d([0.5, 0]),
    };
    const r = frankWolfe(problem, { maxIter: 20, tol: 0 });
    if (E.isLeft(r)) throw r.left;
    expect(r.right.status).toBe('linesearch_failed');
    expect(r.right.success).toBe(false);
    expectClose(r.right.x, [0.5, 0], { rtol: 0, atol: 0 });
    expect(r.right.fun).toBeCloseTo(0.125, 6);
    tf.dispose([r.right.x, problem.x0]);
  });

  it('rejects unknown options and bad step names with SparsekitError', () => {
    const p = { objective: quad(tf.tensor1d(c)), constraint: testL1Ball(1), x0: tf.zeros([c.length]) };
    expect(() => frankWolfe(p, { steps: 'demyanov-rubinov' } as never)).toThrow(/steps/);
    expect(() => frankWolfe(p, { step: 'exact' as never })).toThrow(/step/);
    p.x0.dispose();
  });
});
