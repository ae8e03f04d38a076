/**
 * Vanilla Frank-Wolfe with host bookkeeping (unbatched, cpu/wasm, a set with lmoHost) follows the
 * tensor kernel iterate by iterate: same f, gap and x within float32 tolerance for every step
 * rule, set and loss, the same statuses on non-finite values, and the solver laws.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { l1Ball, l2Ball, linfBall, type HasLmo } from '@sparsekit/constraints';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { logisticLoss } from '../losses/logistic-loss.js';
import { squaredLoss } from '../losses/squared-loss.js';
import { solverLaws } from '../testing.js';
import type { OptimizeResult, Problem } from '../types.js';
import { frankWolfe, type FrankWolfeOptions } from './frank-wolfe.js';

type Rule = NonNullable<FrankWolfeOptions['step']>;
type Set = HasLmo & { name: string; params: Record<string, unknown> };

const right = (r: E.Either<unknown, OptimizeResult>): OptimizeResult => {
  if (E.isLeft(r)) throw r.left;
  return r.right;
};

/** The same set through its tensor LMO only (no lmoHost): the tensor kernel. */
const tensorOnly = (set: Set): Set => ({ name: set.name, params: set.params, lmo: (g: tf.Tensor) => set.lmo(g) });

const target = [1.5, -0.7, 0.3, 0.05, -1.1, 0.4];
const quad = (c: tf.Tensor) => (x: tf.Tensor) => tf.tidy(() => x.sub(c).square().sum().mul(0.5));

solverLaws('frankWolfe with host bookkeeping (l1Ball, vanilla)', {
  solve: (p, o) => frankWolfe(p, { ...o, variant: 'vanilla' }),
  problem: () => ({ objective: quad(tf.tensor1d(target)), constraint: l1Ball(1), x0: tf.zeros([target.length]) }),
  nonFinite: () => ({ objective: (x: tf.Tensor) => x.sum().mul(NaN), constraint: l1Ball(1), x0: tf.zeros([3]) }),
});

function glm(kind: 'squared' | 'logistic', seed: number) {
  const rng = createRng(seed);
  const X = rng.normal([40, 30]) as tf.Tensor2D;
  const y = kind === 'squared' ? (rng.normal([40]) as tf.Tensor1D) : tf.tidy(() => tf.sign(rng.normal([40])) as tf.Tensor1D);
  const loss = kind === 'squared' ? squaredLoss(X, y) : logisticLoss(X, y);
  return { X, y, valueAndGrad: loss.valueAndGrad, lipschitz: loss.lipschitz() };
}

function run(problem: Problem<Set>, rule: Rule, maxIter: number): OptimizeResult {
  return right(frankWolfe(problem, { step: rule, variant: 'vanilla', maxIter, tol: 0, trace: true }));
}

/**
 * Both kernels round differently (float64 bookkeeping here, float32 ops there), so the runs agree
 * tightly over the first iterations and then within their certificates: a sign flip of a
 * near-zero gradient entry (L∞ vertices), or a gap reaching 0 one iteration apart, parts them.
 */
function expectSameRun(host: OptimizeResult, tensor: OptimizeResult, label: string): void {
  const [fh, ft] = [host.trace!.fun, tensor.trace!.fun];
  const [gh, gt] = [host.trace!.certificate, tensor.trace!.certificate];
  const scale = Math.max(1, Math.abs(ft[0]));
  for (let t = 0; t < Math.min(10, fh.length, ft.length); t++) {
    expect(Math.abs(fh[t] - ft[t]), `${label} f at ${t}`).toBeLessThanOrEqual(1e-5 * scale);
    expect(Math.abs(gh[t] - gt[t]), `${label} gap at ${t}`).toBeLessThanOrEqual(1e-4 * scale);
  }
  const within = Math.max(host.certificate, tensor.certificate, 0) + 1e-5 * scale;
  expect(Math.abs(host.fun - tensor.fun), `${label} final f`).toBeLessThanOrEqual(within);
}

/** Frank-Wolfe over the L1 ball in float64 on f = ‖Xx − y‖²/(2n), f and ∇f from scratch: f and the gap per iteration. */
function reference64(Xd: Float32Array, yd: Float32Array, [n, p]: number[], R: number, rule: Rule, L: number, iterations: number) {
  const x = new Float64Array(p);
  const fs: number[] = [];
  const gaps: number[] = [];
  for (let t = 0; t <= iterations; t++) {
    const r = Array.from({ length: n }, (_, k) => x.reduce((a, xj, j) => a + Xd[k * p + j] * xj, 0) - yd[k]);
    const g = Array.from({ length: p }, (_, j) => r.reduce((a, rk, k) => a + Xd[k * p + j] * rk, 0) / n);
    let i = 0;
    for (let j = 1; j < p; j++) if (Math.abs(g[j]) > Math.abs(g[i])) i = j;
    const d = Array.from(x, (xj, j) => (j === i ? (g[i] < 0 ? R : -R) : 0) - xj);
    const gap = -d.reduce((a, dj, j) => a + dj * g[j], 0);
    fs.push(r.reduce((a, v) => a + v * v, 0) / (2 * n));
    gaps.push(gap);
    const dd = d.reduce((a, v) => a + v * v, 0);
    const gamma = rule === 'sublinear' ? 2 / (t + 2) : Math.min(gap / (L * dd), 1);
    for (let j = 0; j < p; j++) x[j] += gamma * d[j];
  }
  return { fs, gaps };
}

describeBackends(['cpu', 'wasm'], 'vanilla Frank-Wolfe with host bookkeeping', () => {
  for (const kind of ['squared', 'logistic'] as const) {
    it(`${kind} GLM loss: the tensor kernel's iterates for every set and step rule`, async () => {
      const { X, y, valueAndGrad, lipschitz } = glm(kind, kind === 'squared' ? 5 : 6);
      const sets: [string, Set][] = [
        ['l1Ball(3)', l1Ball(3)],
        ['l2Ball(2)', l2Ball(2)],
        ['linfBall(0.1)', linfBall(0.1)],
      ];
      for (const [name, set] of sets) {
        for (const rule of ['sublinear', 'demyanov-rubinov', 'backtracking'] as const) {
          await expectNoLeaks(() => {
            const x0 = tf.zeros([30]);
            const host = run({ valueAndGrad, lipschitz, constraint: set, x0 }, rule, 60);
            const tensor = run({ valueAndGrad, lipschitz, constraint: tensorOnly(set), x0 }, rule, 60);
            expectSameRun(host, tensor, `${kind} ${name} ${rule}`);
            tf.dispose([x0, host.x, tensor.x]);
          }, `${name} ${rule}`);
        }
      }
      tf.dispose([X, y]);
    });
  }

  for (const rule of ['sublinear', 'demyanov-rubinov'] as const) {
    it(`${rule}: the iterates of a float64 Frank-Wolfe on least squares over the L1 ball`, () => {
      const { X, y, valueAndGrad, lipschitz } = glm('squared', 9);
      const [Xd, yd] = [X.dataSync() as Float32Array, y.dataSync() as Float32Array];
      const x0 = tf.zeros([30]);
      const res = run({ valueAndGrad, lipschitz, constraint: l1Ball(3), x0 }, rule, 60);
      const ref = reference64(Xd, yd, X.shape, 3, rule, lipschitz, 60);
      res.trace!.fun.forEach((f, t) => expect(Math.abs(f - ref.fs[t + 1]), `f at ${t + 1}`).toBeLessThanOrEqual(1e-5 * ref.fs[t + 1]));
      res.trace!.certificate.forEach((g, t) =>
        expect(Math.abs(g - ref.gaps[t + 1]), `gap at ${t + 1}`).toBeLessThanOrEqual(1e-4 * ref.fs[0]),
      );
      tf.dispose([X, y, x0, res.x]);
    });
  }

  it('a spread copy whose lmo differs from its lmoHost runs the tensor kernel with its own lmo', () => {
    const c = tf.tensor1d(target);
    const x0 = tf.zeros([target.length]);
    const l2 = l2Ball(1);
    const odd = { ...l1Ball(1), lmo: (g: tf.Tensor) => l2.lmo(g) };
    const got = right(frankWolfe({ objective: quad(c), constraint: odd, x0 }, { variant: 'vanilla', maxIter: 200, tol: 0 }));
    const want = right(frankWolfe({ objective: quad(c), constraint: l2, x0 }, { maxIter: 200, tol: 0 }));
    const [a, b] = [got.x.dataSync(), want.x.dataSync()];
    a.forEach((v, j) => expect(v).toBeCloseTo(b[j], 5));
    tf.dispose([c, x0, got.x, want.x]);
  });

  it('an objective that turns NaN mid-run stops with status nonfinite at the same iterate as the tensor kernel', async () => {
    const c = tf.tensor1d([2, 1.5, 0]);
    // FW goes to 3·e₀, then 2/3 of the way to 3·e₁: x₁ = 2 at the second step, where f is NaN
    const nanBeyond = (x: tf.Tensor) => tf.where(tf.greater(x.slice([1], [1]), 1.9), tf.scalar(NaN), tf.scalar(0)).sum();
    const valueAndGrad = (x: tf.Tensor) => tf.tidy(() => ({ value: quad(c)(x).add(nanBeyond(x)), grad: x.sub(c) }));
    for (const rule of ['sublinear', 'backtracking'] as const) {
      await expectNoLeaks(() => {
        const x0 = tf.zeros([3]);
        const host = run({ valueAndGrad, constraint: l1Ball(3), x0 }, rule, 50);
        const tensor = run({ valueAndGrad, constraint: tensorOnly(l1Ball(3)), x0 }, rule, 50);
        // the fixed step walks into the NaN region; backtracking shortens the step instead
        if (rule === 'sublinear') expect([host.status, host.nit]).toEqual(['nonfinite', 2]);
        expectSameRun(host, tensor, `nonfinite ${rule}`);
        expect(Number.isFinite(host.fun), rule).toBe(true);
        tf.dispose([x0, host.x, tensor.x]);
      }, rule);
    }
    c.dispose();
  });

  it('the callback sees each iterate as a tensor and can stop the run', () => {
    const c = tf.tensor1d(target);
    const x0 = tf.zeros([target.length]);
    const seen: number[][] = [];
    const r = right(
      frankWolfe(
        { objective: quad(c), constraint: l1Ball(1), x0 },
        {
          variant: 'vanilla',
          step: 'sublinear',
          maxIter: 50,
          callback: (s) => {
            seen.push(Array.from(s.x.dataSync()));
            return seen.length === 3 ? 'stop' : undefined;
          },
        },
      ),
    );
    expect(r.status).toBe('callback');
    expect(seen).toHaveLength(3);
    expect(Array.from(r.x.dataSync())).toEqual(seen[2]);
    // 2/(t+2) from 0 towards the vertex +e₀ (the largest |c_i|), then towards it again
    expect(seen[0][0]).toBeCloseTo(1, 6);
    tf.dispose([c, x0, r.x]);
  });
});
