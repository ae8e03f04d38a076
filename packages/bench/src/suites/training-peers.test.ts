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
    const answer = await runPythonScript<{ check: number; samples_ms: number[] }>(
      'numpy_fw_iteration.py',
      { X: X.arraySync(), y: y.arraySync(), radius: 5, iterations: 60, samples: 1, warmup: 0 },
      // no limit on the child: the shared test time limit is the only guard
      0,
    );
    // numpy reports the gap measured before its last step: at the iterate after 59 steps
    const previous = frankWolfe(
      { valueAndGrad: squaredLoss(X, y).valueAndGrad, constraint: l1Ball(5), x0 },
      { step: 'sublinear', variant: 'vanilla', maxIter: 59, tol: 0 },
    );
    if (E.isLeft(previous)) throw previous.left;
    expect(answer.samples_ms).toHaveLength(1);
    expect(Math.abs(answer.check - previous.right.certificate)).toBeLessThanOrEqual(1e-4 * previous.right.certificate);
    tf.dispose([X, y, x0, previous.right.x]);
  });
});
