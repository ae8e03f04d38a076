import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { l1Ball } from '@sparsekit/constraints';
import { frankWolfe } from '@sparsekit/solvers/full-batch';
import { squaredLoss } from '@sparsekit/solvers/losses';
import { createRng, useBackendOrThrow } from '@sparsekit/tensor';
import { skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { pythonHas, runPythonScript } from '../baselines/python.js';

describe('numpy peer of the Frank-Wolfe iteration (training suite)', () => {
  it('runs the iterations of sparsekit: same Frank-Wolfe gap after 59 steps on the same float32 data', async (ctx) => {
    const available = pythonHas(['numpy']);
    skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
    await useBackendOrThrow('cpu');
    const rng = createRng(3);
    const X = rng.normal([100, 100]) as tf.Tensor2D;
    const y = rng.normal([100]) as tf.Tensor1D;
    const x0 = tf.zeros([100]);
    // numpy reports the gap measured before its last step: at the iterate after 59 steps. The
    // residual form of both (sparsekit: the loss spread into the problem) follows the same iterates.
    const generic = frankWolfe(
      { valueAndGrad: squaredLoss(X, y).valueAndGrad, constraint: l1Ball(5), x0 },
      { step: 'sublinear', variant: 'vanilla', maxIter: 59, tol: 0 },
    );
    const residual = frankWolfe(
      { ...squaredLoss(X, y), constraint: l1Ball(5), x0 },
      { step: 'sublinear', variant: 'vanilla', maxIter: 59, tol: 0 },
    );
    if (E.isLeft(generic)) throw generic.left;
    if (E.isLeft(residual)) throw residual.left;
    for (const [form, ours] of [
      [false, generic.right],
      [true, residual.right],
    ] as const) {
      const answer = await runPythonScript<{ check: number; samples_ms: number[] }>(
        'numpy_fw_iteration.py',
        { X: X.arraySync(), y: y.arraySync(), radius: 5, iterations: 60, samples: 1, warmup: 0, residual: form },
        // no limit on the child: the shared test time limit is the only guard
        0,
      );
      expect(answer.samples_ms).toHaveLength(1);
      expect(Math.abs(answer.check - ours.certificate), `residual: ${form}`).toBeLessThanOrEqual(1e-4 * ours.certificate);
    }
    residual.right.x.dispose();
    tf.dispose([X, y, x0, generic.right.x]);
  });
});
