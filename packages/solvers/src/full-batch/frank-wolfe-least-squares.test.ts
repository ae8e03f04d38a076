/**
 * Vanilla Frank-Wolfe on a declared least-squares objective over the L1 ball keeps the residual:
 * the same iterates as a float64 plain-JS Frank-Wolfe that re-evaluates f and ∇f every
 * iteration, at most one tfjs kernel and one device read per iteration, and the generic path whenever
 * the problem does not qualify.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, expect, it, vi } from 'vitest';
import { l1Ball, l2Ball } from '@sparsekit/constraints';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { squaredLoss } from '../losses/squared-loss.js';
import type { OptimizeResult } from '../types.js';
import { frankWolfe, type FrankWolfeOptions } from './frank-wolfe.js';

const R = 3;
/** Small: Xᵀr as a host loop; large (above 100,000 entries of X): one tfjs product per iteration. */
const SIZES = { small: [60, 40], large: [400, 300] } as const;
let [N, P] = SIZES.small as readonly number[];

function data(seed = 11) {
  const rng = createRng(seed);
  const Xd = Float32Array.from(rng.normalArray(N * P));
  const yd = Float32Array.from(rng.normalArray(N));
  return { Xd, yd, X: tf.tensor2d(Xd, [N, P]), y: tf.tensor1d(yd) };
}

const right = (r: E.Either<unknown, OptimizeResult>): OptimizeResult => {
  if (E.isLeft(r)) throw r.left;
  return r.right;
};

/** Frank-Wolfe in float64, f and ∇f from scratch every iteration; returns f and the gap per iteration. */
function reference64(Xd: Float32Array, yd: Float32Array, rule: 'sublinear' | 'demyanov-rubinov', L: number, iterations: number) {
  const x = new Float64Array(P);
  const fs: number[] = [];
  const gaps: number[] = [];
  for (let t = 0; t <= iterations; t++) {
    const r = Array.from({ length: N }, (_, k) => x.reduce((a, xj, j) => a + Xd[k * P + j] * xj, 0) - yd[k]);
    const g = Array.from({ length: P }, (_, j) => r.reduce((a, rk, k) => a + Xd[k * P + j] * rk, 0) / N);
    let i = 0;
    for (let j = 1; j < P; j++) if (Math.abs(g[j]) > Math.abs(g[i])) i = j;
    const d = Array.from(x, (xj, j) => (j === i ? (g[i] < 0 ? R : -R) : 0) - xj);
    const gap = -d.reduce((a, dj, j) => a + dj * g[j], 0);
    fs.push(r.reduce((a, v) => a + v * v, 0) / (2 * N));
    gaps.push(gap);
    if (t === iterations) break;
    const dd = d.reduce((a, v) => a + v * v, 0);
    const gamma = rule === 'sublinear' ? 2 / (t + 2) : Math.min(gap / (L * dd), 1);
    for (let j = 0; j < P; j++) x[j] += gamma * d[j];
  }
  return { fs, gaps, x };
}

async function kernelCount(f: () => void): Promise<number> {
  return (await tf.profile(f)).kernels.length;
}

describeBackends(['cpu', 'wasm'], 'frankWolfe on a least-squares loss over the L1 ball', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [size, rule] of [
    ['small', 'sublinear'],
    ['small', 'demyanov-rubinov'],
    ['large', 'sublinear'],
  ] as const) {
    it(`${size} ${rule}: the iterates of a float64 Frank-Wolfe that re-evaluates f every iteration`, async () => {
      [N, P] = SIZES[size];
      const { Xd, yd, X, y } = data();
      const loss = squaredLoss(X, y);
      const L = loss.lipschitz();
      const x0 = tf.zeros([P]);
      const iterations = 60;
      const options: FrankWolfeOptions = { step: rule, variant: 'vanilla', maxIter: iterations, tol: 0, trace: true };
      await expectNoLeaks(() => right(frankWolfe({ ...loss, constraint: l1Ball(R), x0 }, options)));
      const res = right(frankWolfe({ ...loss, constraint: l1Ball(R), x0 }, options));
      const ref = reference64(Xd, yd, rule, L, iterations);
      const f = res.trace!.fun;
      const gaps = res.trace!.certificate;
      for (let t = 0; t < iterations; t++) {
        expect(Math.abs(f[t] - ref.fs[t + 1]), `f at ${t + 1}`).toBeLessThanOrEqual(1e-5 * ref.fs[t + 1]);
        expect(Math.abs(gaps[t] - ref.gaps[t + 1]), `gap at ${t + 1}`).toBeLessThanOrEqual(1e-4 * ref.fs[0]);
      }
      const x = res.x.dataSync();
      ref.x.forEach((v, j) => expect(Math.abs(x[j] - v), `x[${j}]`).toBeLessThanOrEqual(1e-5 * R));
      expect(res.nfev).toBe(iterations + 1);
      tf.dispose([res.x, X, y, x0]);
      [N, P] = SIZES.small;
    });
  }

  it('backtracking: ends where the generic kernel ends, within both certificates', () => {
    const { X, y } = data(5);
    const loss = squaredLoss(X, y);
    const x0 = tf.zeros([P]);
    const options: FrankWolfeOptions = { step: 'backtracking', variant: 'vanilla', maxIter: 300, tol: 0 };
    const fast = right(frankWolfe({ ...loss, constraint: l1Ball(R), x0 }, options));
    const generic = right(frankWolfe({ valueAndGrad: loss.valueAndGrad, constraint: l1Ball(R), x0 }, options));
    expect(fast.status).not.toBe('linesearch_failed');
    expect(Math.abs(fast.fun - generic.fun)).toBeLessThanOrEqual(fast.certificate + generic.certificate + 1e-6 * generic.fun);
    // the quadratic model is exact: every step decreases f
    expect(fast.certificate).toBeLessThanOrEqual(generic.certificate * 1.5 + 1e-6);
    tf.dispose([fast.x, generic.x, X, y, x0]);
  });

  for (const [size, kernels] of [
    ['small', 0],
    ['large', 1],
  ] as const) {
    it(`${size}: ${kernels} kernel(s) and device read(s) per iteration; the generic path otherwise`, async () => {
      [N, P] = SIZES[size];
      const { X, y } = data();
      const loss = squaredLoss(X, y);
      const x0 = tf.zeros([P]);
      const run = (maxIter: number, problem: Parameters<typeof frankWolfe>[0]) => {
        const r = right(frankWolfe(problem, { step: 'sublinear', variant: 'vanilla', maxIter, tol: 0 }));
        expect(r.nit).toBe(maxIter);
        r.x.dispose();
      };
      const perIteration = async (problem: Parameters<typeof frankWolfe>[0]) =>
        ((await kernelCount(() => run(25, problem))) - (await kernelCount(() => run(5, problem)))) / 20;
      expect(await perIteration({ ...loss, constraint: l1Ball(R), x0 })).toBe(kernels);
      // no declared structure, another set, or a valueAndGrad that is not the declared one: generic
      expect(await perIteration({ valueAndGrad: loss.valueAndGrad, constraint: l1Ball(R), x0 })).toBeGreaterThan(10);
      expect(await perIteration({ ...loss, constraint: l2Ball(R), x0 })).toBeGreaterThan(10);
      const doubled = (w: tf.Tensor) => tf.tidy(() => ({ value: loss.objective(w).mul(2), grad: loss.valueAndGrad(w).grad.mul(2) }));
      expect(await perIteration({ ...loss, valueAndGrad: doubled, constraint: l1Ball(R), x0 })).toBeGreaterThan(10);
      const reads = vi.spyOn(tf.Tensor.prototype, 'dataSync');
      run(5, { ...loss, constraint: l1Ball(R), x0 });
      const five = reads.mock.calls.length;
      reads.mockClear();
      run(25, { ...loss, constraint: l1Ball(R), x0 });
      expect((reads.mock.calls.length - five) / 20).toBe(kernels);
      tf.dispose([X, y, x0]);
      [N, P] = SIZES.small;
    });
  }

  it('a problem whose own f differs from the declared one is solved with its own f', () => {
    const { X, y } = data();
    const loss = squaredLoss(X, y);
    const x0 = tf.zeros([P]);
    const doubled = (w: tf.Tensor) => tf.tidy(() => ({ value: loss.objective(w).mul(2), grad: loss.valueAndGrad(w).grad.mul(2) }));
    const options: FrankWolfeOptions = { step: 'sublinear', variant: 'vanilla', maxIter: 20, tol: 0 };
    const plain = right(frankWolfe({ ...loss, constraint: l1Ball(R), x0 }, options));
    const twice = right(frankWolfe({ ...loss, valueAndGrad: doubled, constraint: l1Ball(R), x0 }, options));
    expect(twice.fun).toBeCloseTo(2 * plain.fun, 4);
    tf.dispose([plain.x, twice.x, X, y, x0]);
  });

  it('keeps the shape of x0, gives callbacks the current iterate, and stops at tol', async () => {
    const { X, y } = data();
    const loss = squaredLoss(X, y);
    const x0 = tf.zeros([4, P / 4]);
    const seen: number[][] = [];
    const run = () =>
      right(
        frankWolfe(
          { ...loss, constraint: l1Ball(R), x0 },
          {
            step: 'sublinear',
            variant: 'vanilla',
            maxIter: 3,
            tol: 0,
            callback: (s) => {
              seen.push(Array.from(s.x.dataSync()));
            },
          },
        ),
      );
    await expectNoLeaks(run);
    seen.length = 0;
    const res = run();
    expect(res.x.shape).toEqual([4, P / 4]);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toEqual(Array.from(res.x.dataSync()));
    // x stays in the ball: a convex combination of vertices
    expect(seen[2].reduce((a, v) => a + Math.abs(v), 0)).toBeLessThanOrEqual(R * (1 + 1e-6));
    const loose = right(frankWolfe({ ...loss, constraint: l1Ball(R), x0 }, { step: 'sublinear', variant: 'vanilla', tol: 1e-2 }));
    expect(loose.status).toBe('converged');
    expect(loose.certificate).toBeLessThanOrEqual(1e-2);
    tf.dispose([res.x, loose.x, X, y, x0]);
  });

  it('non-finite data is a Left at the start', () => {
    const { X } = data();
    const y = tf.tensor1d(Array.from({ length: N }, (_, k) => (k === 3 ? NaN : 0)));
    const x0 = tf.zeros([P]);
    const r = frankWolfe({ ...squaredLoss(X, y), constraint: l1Ball(R), x0 }, { step: 'sublinear', variant: 'vanilla' });
    expect(E.isLeft(r)).toBe(true);
    tf.dispose([X, y, x0]);
  });
});
