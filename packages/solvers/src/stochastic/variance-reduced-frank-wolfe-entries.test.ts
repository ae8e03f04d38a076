import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { l1Ball } from '@sparsekit/constraints';
import { createRng } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { runSummary } from '../core/run-summary.test-helpers.js';
import { finiteSumFrankWolfe } from './finite-sum-frank-wolfe.js';
import { sagFrankWolfe } from './sag-frank-wolfe.js';
import { sagaFrankWolfe } from './saga-frank-wolfe.js';

// The named SFW entries and the variant each fixes (and another to pass by mistake).
const entries = [
  { name: 'sagFrankWolfe', solve: sagFrankWolfe, variant: 'sag', other: 'saga' },
  { name: 'sagaFrankWolfe', solve: sagaFrankWolfe, variant: 'saga', other: 'sag' },
] as const;

for (const entry of entries) {
  describeBackends(['cpu', 'wasm'], entry.name, () => {
    // Seeded logistic data, 60 samples × 5 features, labels from the sign of feature 0 − feature 2.
    const rng = createRng(7);
    const rows = rng.normalArray(60 * 5);
    const labels = Array.from({ length: 60 }, (_, i) => (rows[i * 5] - rows[i * 5 + 2] >= 0 ? 1 : -1));
    const run = (solve: typeof sagFrankWolfe, loss: 'logistic' | 'squared') => {
      const X = tf.tensor2d(Float32Array.from(rows), [60, 5]);
      const y = tf.tensor1d(labels);
      try {
        return runSummary(solve({ X, y, loss, constraint: l1Ball(2) }, { batchSize: 7, maxIter: 40, seed: 3 }));
      } finally {
        tf.dispose([X, y]);
      }
    };

    it(`is finiteSumFrankWolfe with variant: '${entry.variant}', result for result`, async () => {
      for (const loss of ['logistic', 'squared'] as const) {
        const named = await expectNoLeaks(() => run(entry.solve, loss), entry.name);
        expect(named).toEqual(run((p, o) => finiteSumFrankWolfe(p, { ...o, variant: entry.variant }), loss));
        expect(named).not.toEqual(run((p, o) => finiteSumFrankWolfe(p, { ...o, variant: entry.other }), loss));
      }
    });

    it('rejects the option it fixes', () => {
      const X = tf.zeros([2, 2]) as tf.Tensor2D;
      const y = tf.tensor1d([1, -1]);
      expect(() => entry.solve({ X, y, loss: 'logistic', constraint: l1Ball(1) }, { variant: entry.other } as never)).toThrow(
        `${entry.name} options.variant`,
      );
      tf.dispose([X, y]);
    });
  });
}
