import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createRng, useBackendOrThrow } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { frankWolfe, type FrankWolfeOptions } from './frank-wolfe.js';
import { projectL1Ball, projectSimplex, solverLaws, testL1Ball, testL2Ball, testSimplex } from '../testing.js';
import type { OptimizeResult } from '../types.js';

const c = [1.5, -0.7, 0.3, 0.05, -1.1, 0.4];
const quad = (target: tf.Tensor) => (x: tf.Tensor) => tf.tidy(() => x.sub(target).square().sum().mul(0.5));
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, b) => a + b * b, 0));

function solve(
  constraint: Parameters<typeof frankWolfe>[0]['constraint'],
  options: FrankWolfeOptions,
  x0 = tf.zeros([c.length]),
): OptimizeResult {
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
    const rows = [
      [2, 0, 1],
      [0.1, 0.2, -0.1],
      [-3, 1, 1],
    ];
    const T = tf.tensor2d(rows);
    const batchedProblem = {
      objective: (x: tf.Tensor) => x.sub(T).square().sum(1).mul(0.5),
      constraint: testL1Ball(1, true),
      x0: tf.zeros([3, 3]),
      batched: true,
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
    for (const [set, proj] of [
      [testSimplex(1), projectSimplex(c, 1)],
      [testL1Ball(1), projectL1Ball(c, 1)],
    ] as const) {
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
        step,
        maxIter: 60,
        tol: 0,
        callback: (s) => {
          expect(s.certificate).toBeGreaterThanOrEqual(s.fun - fStar - 1e-6 * Math.abs(fStar));
        },
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
      step: 'sublinear',
      maxIter: 200,
      tol: 0,
      callback: (s) => {
        expect(s.fun - fStar).toBeLessThanOrEqual((2 * L * D2) / (s.nit + 2) + 1e-6);
      },
    });
    // The bound is tight in order: the error after 200 steps is well below that after 10.
    expect(r.fun - fStar).toBeLessThan(0.05);
    r.x.dispose();
  });

  it('away-step converges linearly on a strongly convex problem over the simplex', () => {
    const gaps: number[] = [];
    const x0 = tf.oneHot([3], c.length).reshape([c.length]).toFloat();
    const r = solve(
      testSimplex(1),
      {
        variant: 'away',
        maxIter: 40,
        tol: 1e-6,
        trace: true,
        callback: (s) => {
          gaps.push(s.certificate);
        },
      },
      x0,
    );
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
      constraint: testL1Ball(1),
      x0: tf.tensor1d([0.5, 0]),
    };
    const r = frankWolfe(problem, { maxIter: 20, tol: 0 });
    if (E.isLeft(r)) throw r.left;
    expect(r.right.status).toBe('linesearch_failed');
    expect(r.right.success).toBe(false);
    expectClose(r.right.x, [0.5, 0], { rtol: 0, atol: 0 });
    expect(r.right.fun).toBeCloseTo(0.125, 6);
    tf.dispose([r.right.x, problem.x0]);
  });

  it('starts from the projection of an infeasible x0 and ends inside the set', async () => {
    const target = tf.tensor1d([0.2, 0.1, 0]);
    const x0 = tf.tensor1d([2, -0.33, 0]); // ‖x0‖₁ = 2.33 > 1
    for (const variant of ['vanilla', 'pairwise'] as const) {
      await expectNoLeaks(() => {
        const r = frankWolfe({ objective: quad(target), constraint: testL1Ball(1), x0 }, { variant, tol: 1e-7 });
        if (E.isLeft(r)) throw r.left;
        expect(
          Array.from(r.right.x.dataSync()).reduce((a, v) => a + Math.abs(v), 0),
          variant,
        ).toBeLessThanOrEqual(1 + 1e-6);
        expectClose(r.right.x, [0.2, 0.1, 0], { atol: 1e-4, message: variant });
        r.right.x.dispose();
      });
    }
    expectClose(x0, [2, Math.fround(-0.33), 0], { rtol: 0, atol: 0 }); // the caller's x0 is untouched
    // Without a projection but with an indicator value, an infeasible x0 is a Left naming x0.
    const lmoOnly = {
      name: 'L1Ball',
      params: { radius: 1 },
      lmo: testL1Ball(1).lmo,
      value: (x: tf.Tensor) => tf.tidy(() => ((x.abs().sum().arraySync() as number) <= 1 ? tf.scalar(0) : tf.scalar(Infinity))),
    };
    const bad = await expectNoLeaks(() => frankWolfe({ objective: quad(target), constraint: lmoOnly, x0 }, {}));
    expect(E.isLeft(bad) && bad.left.argument).toBe('x0');
    tf.dispose([target, x0]);
  });

  it('rejects a gradient whose shape differs from x with a Left instead of broadcasting', async () => {
    const x0 = tf.zeros([3]);
    const problem = {
      valueAndGrad: (x: tf.Tensor) => ({ value: x.square().sum(), grad: tf.ones([2, 3]) }),
      constraint: testL1Ball(1),
      x0,
    };
    const r = await expectNoLeaks(() => frankWolfe(problem, {}));
    expect(E.isLeft(r) && r.left.code).toBe('shape_mismatch');
    expect(E.isLeft(r) && r.left.argument).toBe('gradient');
    x0.dispose();
  });

  it('defaults converge on a 3-variable problem whose solution lies on a face; reaching float32 resolution is reported as converged', () => {
    // ½‖x − t‖² over the unit L1 ball, t = [0.6, −0.5, 0.1]: x* = [0.5333, −0.4333, 0.0333] (θ = 1/15), f* = 1/150.
    const target = tf.tensor1d([0.6, -0.5, 0.1]);
    const fStar = 1 / 150;
    const run = (options: FrankWolfeOptions) => {
      const x0 = tf.zeros([3]);
      const r = frankWolfe({ objective: quad(target), constraint: testL1Ball(1), x0 }, options);
      x0.dispose();
      if (E.isLeft(r)) throw r.left;
      r.right.x.dispose();
      return r.right;
    };
    const byDefault = run({});
    expect([byDefault.status, byDefault.success], byDefault.message).toEqual(['converged', true]);
    expect(Math.abs(byDefault.fun - fStar) / fStar).toBeLessThan(1e-5);
    for (const variant of ['away', 'pairwise'] as const) {
      const r = run({ variant });
      expect(r.status, `${variant}: ${r.message}`).toBe('converged');
      expect(Math.abs(r.fun - fStar) / fStar, variant).toBeLessThan(1e-5);
      if (r.certificate > 1e-6) expect(r.message).toMatch(/float32 resolution/);
    }
    target.dispose();
  });

  it('rejects unknown options and bad step names with SparsekitError', () => {
    const p = { objective: quad(tf.tensor1d(c)), constraint: testL1Ball(1), x0: tf.zeros([c.length]) };
    expect(() => frankWolfe(p, { steps: 'demyanov-rubinov' } as never)).toThrow(/steps/);
    expect(() => frankWolfe(p, { step: 'exact' as never })).toThrow(/step/);
    p.x0.dispose();
  });
});

describe('backtracking FW across backends', () => {
  // The step is accepted by comparing f values read back to float64, with a relative float32
  // slack; but cpu and wasm compute f itself with different float32 roundings, so a trial near
  // the acceptance boundary can be accepted on one backend and rejected on the other, and the
  // trajectories part. No comparison rule can remove that. What does hold on every backend is
  // the certificate: f − f* ≤ gap, so two runs agree within the sum of their gaps, and with
  // μ-strong convexity ‖x − x*‖ ≤ √(2·gap/μ).
  it('cpu and wasm agree within their certificates (f and x), vanilla and pairwise', async () => {
    const rng = createRng(17);
    const n = 40;
    const p = 12;
    const A = Array.from({ length: n }, () => Array.from(rng.normalArray(p)));
    const b = Array.from(rng.normalArray(n));
    const mu = 0.5;
    const solve = (variant: 'vanilla' | 'pairwise') => {
      const At = tf.tensor2d(A);
      const bt = tf.tensor1d(b);
      const objective = (x: tf.Tensor) =>
        tf.tidy(() => {
          const r = At.matMul(x.expandDims(1)).squeeze([1]).sub(bt);
          return r
            .square()
            .sum()
            .div(2 * n)
            .add(
              x
                .square()
                .sum()
                .mul(mu / 2),
            ) as tf.Scalar;
        });
      const x0 = tf.zeros([p]);
      const r = frankWolfe({ objective, constraint: testL1Ball(1), x0 }, { variant, maxIter: 300, tol: 1e-7 });
      if (E.isLeft(r)) throw r.left;
      const out = { fun: r.right.fun, gap: r.right.certificate, x: Array.from(r.right.x.dataSync()) };
      tf.dispose([At, bt, x0, r.right.x]);
      return out;
    };
    for (const variant of ['vanilla', 'pairwise'] as const) {
      await useBackendOrThrow('cpu');
      const cpu = solve(variant);
      await useBackendOrThrow('wasm');
      const wasm = solve(variant);
      const gaps = Math.max(cpu.gap, 0) + Math.max(wasm.gap, 0);
      expect(Math.abs(cpu.fun - wasm.fun), variant).toBeLessThanOrEqual(gaps + 4 * 2 ** -23 * Math.abs(cpu.fun));
      const dist = Math.hypot(...cpu.x.map((v, i) => v - wasm.x[i]));
      expect(dist, variant).toBeLessThanOrEqual(
        Math.sqrt((2 * Math.max(cpu.gap, 1e-7)) / mu) + Math.sqrt((2 * Math.max(wasm.gap, 1e-7)) / mu),
      );
    }
  });
});
