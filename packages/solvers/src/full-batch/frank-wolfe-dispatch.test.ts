/**
 * Per-iteration cost of vanilla Frank-Wolfe on a small problem, counted in tfjs kernels and
 * device reads (machine-independent; timings live in the bench): the solver's own bookkeeping
 * (step, direction, gap) beyond one evaluation of f and one LMO call, and one read per iteration.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, expect, it, vi } from 'vitest';
import { createRng, useBackendOrThrow } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { l1Ball, linfBall } from '@sparsekit/constraints';
import { frankWolfe } from './frank-wolfe.js';
import { squaredLoss } from '../losses.js';

type Step = 'sublinear' | 'demyanov-rubinov';

async function kernelCount(f: () => void): Promise<number> {
  // tf.profile reuses one record object: copy the count before the next profile
  return (await tf.profile(f)).kernels.length;
}

describeBackends(['cpu', 'wasm'], 'vanilla Frank-Wolfe per-iteration cost (100-dim least squares)', (backend) => {
  afterEach(() => vi.restoreAllMocks());

  const setup = async () => {
    await useBackendOrThrow(backend);
    const rng = createRng(7);
    const X = rng.normal([100, 100]) as tf.Tensor2D;
    const y = rng.normal([100]) as tf.Tensor1D;
    return { X, y, loss: squaredLoss(X, y) };
  };

  for (const [name, set] of [
    ['L1 ball', () => l1Ball(5)],
    ['L∞ ball', () => linfBall(0.1)],
  ] as const) {
    it(`${name}: at most 8 kernels of bookkeeping and one device read per iteration`, async () => {
      const { X, y, loss } = await setup();
      const constraint = set();
      const x0 = tf.zeros([100]);
      const run = (maxIter: number, step: Step) => {
        const r = frankWolfe(
          { valueAndGrad: loss.valueAndGrad, constraint, x0 },
          { step, variant: 'vanilla', maxIter, tol: 0, lipschitz: 1e3 },
        );
        if (E.isLeft(r)) throw r.left;
        expect(r.right.nit).toBe(maxIter);
        r.right.x.dispose();
      };
      const g = tf.ones([100]);
      const perLoss = await kernelCount(() => tf.dispose(Object.values(loss.valueAndGrad(g))));
      const perLmo = await kernelCount(() => constraint.lmo(g).dispose());
      for (const step of ['sublinear', 'demyanov-rubinov'] as const) {
        const short = await kernelCount(() => run(5, step));
        const long = await kernelCount(() => run(25, step));
        const perIteration = (long - short) / 20;
        expect(perIteration - perLoss - perLmo, `${step}: ${perIteration} kernels per iteration`).toBeLessThanOrEqual(8);
        const reads = vi.spyOn(tf.Tensor.prototype, 'dataSync');
        run(5, step);
        const five = reads.mock.calls.length;
        reads.mockClear();
        run(25, step);
        expect((reads.mock.calls.length - five) / 20, step).toBe(1);
        reads.mockRestore();
      }
      tf.dispose([X, y, x0, g]);
    });
  }
});
