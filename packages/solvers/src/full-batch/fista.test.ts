import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { fista } from './fista.js';
import { proximalGradient } from './proximal-gradient.js';
import { testL1Ball } from '../testing.js';
import { runSummary, withStart } from '../core/run-summary.test-helpers.js';

describeBackends(['cpu', 'wasm'], 'fista', () => {
  const target = [1.5, -0.7, 0.3, 0.05, -1.1];
  const objective = (x: tf.Tensor) => tf.tidy(() => x.sub(tf.tensor1d(target)).square().sum().mul(0.5));
  const start = () => tf.zeros([target.length]);
  const problem = (x0: tf.Tensor) => ({ objective, constraint: testL1Ball(1), x0 });
  const run = (solve: typeof fista) => withStart(start, (x0) => runSummary(solve(problem(x0))));

  it('is proximalGradient with accelerated: true, result for result', async () => {
    for (const options of [{}, { step: 'fixed' as const, maxIter: 7 }, { tol: 1e-9 }]) {
      const named = await expectNoLeaks(() => run((p) => fista(p, options)), 'fista');
      expect(named).toEqual(run((p) => proximalGradient(p, { ...options, accelerated: true })));
      expect(named).not.toEqual(run((p) => proximalGradient(p, { ...options, accelerated: false })));
    }
  });

  it('rejects the option it fixes', () => {
    expect(() => withStart(start, (x0) => fista(problem(x0), { accelerated: false } as never))).toThrow(SparsekitError);
    expect(() => withStart(start, (x0) => fista(problem(x0), { accelerated: true } as never))).toThrow(/fista options\.accelerated/);
  });
});
