import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { l1Ball } from '@sparsekit/constraints';
import { createRng, isSparsekitError } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { logisticLoss } from '../losses/logistic-loss.js';
import { frankWolfe } from './frank-wolfe.js';
import { proximalGradient } from './proximal-gradient.js';
import type { OptimizeResult } from '../types.js';

/** A small logistic problem on non-negative features (like pixels): labels from a sparse truth, 10% flipped. */
function data(n: number, p: number) {
  const rng = createRng(3);
  const Xd = Float32Array.from(rng.uniformArray(n * p));
  const flips = rng.uniformArray(n);
  const y = Array.from({ length: n }, (_, i) => {
    const z = 2 * Xd[i * p] - 3 * Xd[i * p + 1] + Xd[i * p + 2] - 0.5;
    return z >= 0 !== flips[i] < 0.1 ? 1 : -1;
  });
  return { Xd, y };
}

const right = (r: E.Either<unknown, OptimizeResult>): OptimizeResult => {
  if (E.isLeft(r)) throw r.left;
  return r.right;
};

describeBackends(['cpu', 'wasm'], 'a known Lipschitz constant on the problem', () => {
  it("FW 'demyanov-rubinov' uses the problem's bound: first step gap/(L‖d‖²) in float64, and f never increases", () => {
    const [n, p] = [120, 8];
    const { Xd, y } = data(n, p);
    const X = tf.tensor2d(Xd, [n, p]);
    const yt = tf.tensor1d(y);
    const loss = logisticLoss(X, yt);
    const L = loss.lipschitz();
    const x0 = tf.zeros([p]);
    const r = right(
      frankWolfe(
        { ...loss, constraint: l1Ball(2), x0 },
        { step: 'demyanov-rubinov', variant: 'vanilla', maxIter: 60, tol: 0, trace: true },
      ),
    );
    // At x0 = 0: ∇f = −Xᵀy/(2n); the vertex is −2·sign(∇f_j*)e_j* at j* = argmax |∇f_j|, d = s.
    const grad = Array.from({ length: p }, (_, j) => -y.reduce((s, yi, i) => s + yi * Xd[i * p + j], 0) / (2 * n));
    const gInf = Math.max(...grad.map(Math.abs));
    const gamma0 = Math.min((2 * gInf) / (L * 4), 1);
    expect(Math.abs(r.trace!.step[0] - gamma0)).toBeLessThan(1e-5 * gamma0);
    // Descent lemma with an upper bound L: f(x + γd) ≤ f(x) − γ·gap/2, so no increase beyond float32 noise.
    const f = r.trace!.fun;
    for (let t = 1; t < f.length; t++) expect(f[t], `iteration ${t}`).toBeLessThanOrEqual(f[t - 1] + 4 * 2 ** -23 * Math.abs(f[t - 1]));
    expect(f[f.length - 1]).toBeLessThan(f[0]);
    tf.dispose([X, yt, x0, r.x]);
  });

  it("the 'lipschitz' option overrides the problem's, and a bad problem bound names its argument", () => {
    const x0 = tf.zeros([2]);
    const target = tf.tensor1d([0.5, 0]);
    const objective = (x: tf.Tensor) => x.sub(target).square().sum();
    // f = ‖x − t‖²: L = 2, so proximal 'fixed' with the problem's L lands on t in one step.
    const exact = right(proximalGradient({ objective, lipschitz: 2, constraint: l1Ball(1), x0 }, { step: 'fixed', maxIter: 1, tol: 0 }));
    expect(Array.from(exact.x.dataSync())).toEqual([0.5, 0]);
    // With the option L = 4 the same step only goes half way.
    const half = right(
      proximalGradient({ objective, lipschitz: () => 2, constraint: l1Ball(1), x0 }, { step: 'fixed', lipschitz: 4, maxIter: 1, tol: 0 }),
    );
    expect(Array.from(half.x.dataSync())).toEqual([0.25, 0]);
    let argument = '';
    try {
      frankWolfe({ objective, lipschitz: () => NaN, constraint: l1Ball(1), x0 }, { step: 'demyanov-rubinov' });
    } catch (e) {
      argument = isSparsekitError(e) ? e.argument : 'other';
    }
    expect(argument).toBe('problem.lipschitz');
    tf.dispose([x0, target, exact.x, half.x]);
  });
});
