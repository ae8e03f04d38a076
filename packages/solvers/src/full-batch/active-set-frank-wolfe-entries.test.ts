import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SparsekitError } from '@sparsekit/tensor';
import { simplex } from '@sparsekit/constraints';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { awayStepFrankWolfe } from './away-step-frank-wolfe.js';
import { pairwiseFrankWolfe } from './pairwise-frank-wolfe.js';
import { frankWolfe } from './frank-wolfe.js';
import { runSummary, withStart } from '../core/run-summary.test-helpers.js';

// The named active-set entries and the variant each fixes (and another to pass by mistake).
const entries = [
  { name: 'pairwiseFrankWolfe', solve: pairwiseFrankWolfe, variant: 'pairwise', other: 'away' },
  { name: 'awayStepFrankWolfe', solve: awayStepFrankWolfe, variant: 'away', other: 'pairwise' },
] as const;

for (const entry of entries) {
  describeBackends(['cpu', 'wasm'], entry.name, () => {
    const target = [0.7, 0.5, -0.2, 0.1];
    const objective = (x: tf.Tensor) => tf.tidy(() => x.sub(tf.tensor1d(target)).square().sum().mul(0.5));
    const start = () => tf.tensor1d([0, 0, 1, 0]);
    const problem = (x0: tf.Tensor) => ({ objective, constraint: simplex(1), x0 });
    const run = (solve: typeof frankWolfe) => withStart(start, (x0) => runSummary(solve(problem(x0))));

    it(`is frankWolfe with variant: '${entry.variant}', result for result`, async () => {
      for (const options of [{}, { step: 'sublinear' as const, maxIter: 9 }, { tol: 1e-9 }]) {
        const named = await expectNoLeaks(() => run((p) => entry.solve(p, options)), entry.name);
        expect(named).toEqual(run((p) => frankWolfe(p, { ...options, variant: entry.variant })));
      }
      // From a vertex outside the solution's face, dropping it is what tells the variants apart.
      const short = { maxIter: 30 };
      expect(run((p) => entry.solve(p, short))).not.toEqual(run((p) => frankWolfe(p, { ...short, variant: 'vanilla' })));
    });

    it('rejects the option it fixes and a set without atoms', () => {
      expect(() => withStart(start, (x0) => entry.solve(problem(x0), { variant: entry.other } as never))).toThrow(
        `${entry.name} options.variant`,
      );
      const ball = { name: 'L2Ball', params: {}, lmo: (g: tf.Tensor) => tf.tidy(() => g.div(g.norm()).neg()) };
      expect(() => withStart(start, (x0) => entry.solve({ objective, x0, constraint: ball }))).toThrow(SparsekitError);
    });
  });
}
