/**
 * Per-iteration cost of vanilla Frank-Wolfe on a small problem, counted in tfjs kernels and
 * device reads (machine-independent; timings live in the bench). A generic loss (only its
 * valueAndGrad) over a set with lmoHost runs its bookkeeping on the host: one concat for the one
 * read of f and ∇f, nothing else beyond the loss (39 kernels an iteration before, 14 now, of which
 * 12 are the squared loss). A set with only a tensor LMO keeps the tensor kernel: step, direction
 * and gap within 8 kernels beyond f and the LMO.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, expect, it, vi } from 'vitest';
import { createRng, useBackendOrThrow } from '@sparsekit/tensor';
import { describeBackends } from '@sparsekit/tensor/testing';
import { l1Ball, linfBall, type HasLmo } from '@sparsekit/constraints';
import { frankWolfe } from './frank-wolfe.js';
import { squaredLoss } from '../losses.js';

type Step = 'sublinear' | 'demyanov-rubinov';
type Set = HasLmo & { name: string; params: Record<string, unknown> };

async function kernelCount(f: () => void): Promise<number> {
  // tf.profile reuses one record object: copy the count before the next profile
  return (await tf.profile(f)).kernels.length;
}

const SETS = [
  ['L1 ball', () => l1Ball(5)],
  ['L∞ ball', () => linfBall(0.1)],
] as const;

describeBackends(['cpu', 'wasm'], 'vanilla Frank-Wolfe per-iteration cost (100-dim least squares)', (backend) => {
  afterEach(() => vi.restoreAllMocks());

  const setup = async () => {
    await useBackendOrThrow(backend);
    const rng = createRng(7);
    const X = rng.normal([100, 100]) as tf.Tensor2D;
    const y = rng.normal([100]) as tf.Tensor1D;
    return { X, y, loss: squaredLoss(X, y) };
  };

  /** Kernels per iteration (the difference of a 25- and a 5-iteration run) and device reads per iteration. */
  const perIteration = async (loss: ReturnType<typeof squaredLoss>, constraint: Set, step: Step) => {
    const x0 = tf.zeros([100]);
    const run = (maxIter: number) => {
      const r = frankWolfe(
        { valueAndGrad: loss.valueAndGrad, constraint, x0 },
        { step, variant: 'vanilla', maxIter, tol: 0, lipschitz: 1e3 },
      );
      if (E.isLeft(r)) throw r.left;
      expect(r.right.nit).toBe(maxIter);
      r.right.x.dispose();
    };
    const kernels = ((await kernelCount(() => run(25))) - (await kernelCount(() => run(5)))) / 20;
    const reads = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    run(5);
    const five = reads.mock.calls.length;
    reads.mockClear();
    run(25);
    const perRead = (reads.mock.calls.length - five) / 20;
    reads.mockRestore();
    x0.dispose();
    return { kernels, reads: perRead };
  };

  it('the squared loss evaluates f and ∇f in 12 kernels (one shared pass, no reshape between the products)', async () => {
    const { X, y, loss } = await setup();
    const w = tf.ones([100]);
    expect(await kernelCount(() => tf.dispose(Object.values(loss.valueAndGrad(w))))).toBeLessThanOrEqual(12);
    tf.dispose([X, y, w]);
  });

  for (const [name, set] of SETS) {
    it(`${name} with lmoHost: at most 14 kernels per iteration in all, 2 beyond f and ∇f, and one device read`, async () => {
      const { X, y, loss } = await setup();
      const g = tf.ones([100]);
      const perLoss = await kernelCount(() => tf.dispose(Object.values(loss.valueAndGrad(g))));
      for (const step of ['sublinear', 'demyanov-rubinov'] as const) {
        const { kernels, reads } = await perIteration(loss, set(), step);
        expect(kernels, `${step}: ${kernels} kernels per iteration`).toBeLessThanOrEqual(14);
        expect(kernels - perLoss, step).toBeLessThanOrEqual(2);
        expect(reads, step).toBe(1);
      }
      tf.dispose([X, y, g]);
    });

    it(`${name} through its tensor LMO only: at most 8 kernels of bookkeeping and one device read per iteration`, async () => {
      const { X, y, loss } = await setup();
      const full = set();
      const constraint: Set = { name: full.name, params: full.params, lmo: (t: tf.Tensor) => full.lmo(t) };
      const g = tf.ones([100]);
      const perLoss = await kernelCount(() => tf.dispose(Object.values(loss.valueAndGrad(g))));
      const perLmo = await kernelCount(() => constraint.lmo(g).dispose());
      for (const step of ['sublinear', 'demyanov-rubinov'] as const) {
        const { kernels, reads } = await perIteration(loss, constraint, step);
        expect(kernels - perLoss - perLmo, `${step}: ${kernels} kernels per iteration`).toBeLessThanOrEqual(8);
        expect(reads, step).toBe(1);
      }
      tf.dispose([X, y, g]);
    });
  }
});
