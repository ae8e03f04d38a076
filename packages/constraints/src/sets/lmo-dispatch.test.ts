/**
 * tfjs kernels launched by one LMO call on a whole tensor (machine-independent; timings live in the
 * bench): the LMOs sit in every Frank-Wolfe iteration, where dispatch dominates on small problems.
 * Before the argMax/one-hot L1 LMO and the step-based L∞ LMO: 37 and 16 kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends } from '@sparsekit/tensor/testing';
import { l1Ball } from './l1-ball.js';
import { linfBall } from './linf-ball.js';

describeBackends(['cpu', 'wasm'], 'LMO dispatch', () => {
  it.each([
    ['l1Ball', () => l1Ball(5), 16],
    ['linfBall', () => linfBall(0.1), 11],
  ] as const)('%s launches few kernels on a vector (no top-k, gather, scatter or tile)', async (_name, make, bound) => {
    const set = make();
    const g = tf.tensor1d(Array.from({ length: 100 }, (_, i) => Math.sin(i)));
    const profile = await tf.profile(() => set.lmo(g).dispose());
    const names = profile.kernels.map((k) => k.name);
    expect(names.length, names.join(',')).toBeLessThanOrEqual(bound);
    expect(names.filter((n) => ['TopK', 'GatherV2', 'ScatterNd', 'Tile'].includes(n))).toEqual([]);
    g.dispose();
  });
});
