// Full-batch solvers against the real constraint sets of @sparsekit/constraints (not the test
// doubles of ../testing): projection oracles in float64, and active-set FW through eachSlice.
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { eachSlice, l1Ball } from '@sparsekit/constraints';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { frankWolfe } from './frank-wolfe.js';
import { proximalGradient } from './proximal-gradient.js';
import { atomsFor } from './atoms.js';
import { projectL1Ball } from '../testing.js';
import type { OptimizeResult, SolveResult } from '../types.js';

const rows = [
  [1.5, -0.7, 0.3, 0.05],
  [0.2, 0.1, -0.1, 0],
  [-3, 1, 1, 2],
];
const radii = [1, 2, 0.5];
const quadRows = (T: tf.Tensor) => (x: tf.Tensor) => tf.tidy(() => x.sub(T).square().sum(1).mul(0.5));

function right(r: SolveResult): OptimizeResult {
  if (E.isLeft(r)) throw r.left;
  return r.right;
}

describeBackends(['cpu', 'wasm'], 'full-batch solvers with @sparsekit/constraints sets', () => {
  it('l1Ball: FW (3 steps, pairwise, away) and projected gradient reach the float64 projection', () => {
    const target = tf.tensor1d(rows[0]);
    const expected = projectL1Ball(rows[0], 1);
    const objective = (x: tf.Tensor) => tf.tidy(() => x.sub(target).square().sum().mul(0.5));
    const runs: [string, () => SolveResult][] = [
      ['pg', () => proximalGradient({ objective, constraint: l1Ball(1), x0: tf.zeros([4]) }, { maxIter: 500, tol: 1e-7 })],
      ...(['backtracking', 'demyanov-rubinov'] as const).flatMap((step) =>
        (['vanilla', 'pairwise', 'away'] as const).map((variant): [string, () => SolveResult] => [
          `fw ${step} ${variant}`,
          () => frankWolfe({ objective, constraint: l1Ball(1), x0: tf.zeros([4]) }, { step, variant, maxIter: 3000, tol: 1e-7 }),
        ]),
      ),
    ];
    for (const [label, run] of runs) {
      const r = right(run());
      // float32: value-based line searches stop once f changes by less than an ulp, so x is only
      // accurate to about √(|f|·2⁻²³) ≈ 2e-4 here; vanilla FW converges sublinearly.
      const atol = label.includes('vanilla') ? 2e-3 : label.includes('backtracking') ? 5e-4 : 1e-4;
      expectClose(r.x, expected, { atol, message: label });
      r.x.dispose();
    }
    target.dispose();
  });

  it('eachSlice(l1Ball) with per-slice radii: batched pairwise/away FW reach the per-row projections', async () => {
    const T = tf.tensor2d(rows);
    const constraint = eachSlice(l1Ball(1), { radius: radii });
    const expected = rows.map((r, b) => Array.from(projectL1Ball(r, radii[b])));
    for (const variant of ['pairwise', 'away'] as const) {
      const problem = { objective: quadRows(T), constraint, x0: tf.zeros([3, 4]), batched: true };
      const r = right(frankWolfe(problem, { variant, maxIter: 2000, tol: 1e-9 }));
      expectClose(r.x, expected, { atol: 5e-4, message: variant });
      // Examples stop on their own (converged, or at float32 resolution of f with a small gap);
      // the interior example 1 is not cut short when example 0's line search gives up.
      expect(r.batch!.certificate[1], JSON.stringify(r.batch)).toBeLessThanOrEqual(1e-6);
      expect(
        r.batch!.certificate.every((g) => g <= 1e-3),
        JSON.stringify(r.batch),
      ).toBe(true);
      expect(constraint.isFeasibleEach(r.x)).toEqual([true, true, true]);
      r.x.dispose();
      await expectNoLeaks(() => right(frankWolfe(problem, { variant, maxIter: 5 })));
      problem.x0.dispose();
    }
    T.dispose();
  });

  it('eachSlice active sets: batched equals looped, and unbatched use is refused', () => {
    const T = tf.tensor2d(rows);
    const batched = right(
      frankWolfe(
        { objective: quadRows(T), constraint: eachSlice(l1Ball(1), { radius: radii }), x0: tf.zeros([3, 4]), batched: true },
        { variant: 'pairwise', maxIter: 40, tol: 0 },
      ),
    );
    const looped = rows.map((row, b) => {
      const t = tf.tensor1d(row);
      const x0 = tf.zeros([4]);
      const r = right(
        frankWolfe(
          { objective: (x) => tf.tidy(() => x.sub(t).square().sum().mul(0.5)), constraint: l1Ball(radii[b]), x0 },
          { variant: 'pairwise', maxIter: 40, tol: 0 },
        ),
      );
      tf.dispose([t, x0]);
      return r.x;
    });
    const stacked = tf.stack(looped);
    expectClose(batched.x, stacked, { rtol: 1e-4, atol: 1e-5 });
    tf.dispose([batched.x, stacked, ...looped]);
    const x0 = tf.zeros([3, 4]);
    expect(() =>
      frankWolfe({ objective: (x) => x.sub(T).square().sum(), constraint: eachSlice(l1Ball(1)), x0 }, { variant: 'pairwise' }),
    ).toThrow(/batched/);
    expect(atomsFor(eachSlice(l1Ball(2)), true).name).toBe('L1Ball');
    tf.dispose([x0, T]);
  });
});
