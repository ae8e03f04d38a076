import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { threeOperatorSplitting } from './three-operator-splitting.js';
import { testL1Penalty } from '../testing.js';

/**
 * copt's own splitting test problem (least squares + ½α‖x‖² on its seeded 20×10 data, with
 * 1e-3‖x‖₁ as g, as h, or absent) and the minimizers copt's `minimize_three_split` returned for
 * it at tol 1e-12: numbers produced by running copt, stored as data.
 */
interface CoptCase {
  alpha: number;
  l1: 'none' | 'g' | 'h';
  x: number[];
  fun: number;
  nit: number;
}
const copt = JSON.parse(readFileSync(new URL('./three-operator-splitting.copt-reference.json', import.meta.url), 'utf8')) as {
  A: number[][];
  b: number[];
  cases: CoptCase[];
};

const identity = { name: 'Identity', params: {}, prox: (x: tf.Tensor, _step: number) => x.clone() };

describeBackends(['cpu', 'wasm'], 'threeOperatorSplitting against copt', () => {
  for (const c of copt.cases) {
    it(`α=${c.alpha}, L1 term ${c.l1}: same minimizer as copt, and no stop after one iteration`, () => {
      const A = tf.tensor2d(copt.A);
      const b = tf.tensor1d(copt.b);
      const n = copt.b.length;
      const objective = (x: tf.Tensor) =>
        tf.tidy(() => {
          const r = A.matMul(x.expandDims(1)).squeeze([1]).sub(b);
          return r
            .square()
            .sum()
            .div(2 * n)
            .add(
              x
                .square()
                .sum()
                .mul(c.alpha / 2),
            ) as tf.Scalar;
        });
      const l1 = testL1Penalty(1e-3);
      const x0 = tf.zeros([copt.A[0].length]);
      const r = threeOperatorSplitting(
        { objective, constraint: c.l1 === 'g' ? l1 : identity, x0 },
        { ...(c.l1 === 'h' ? { h: l1 } : {}), tol: 1e-6 },
      );
      if (E.isLeft(r)) throw r.left;
      expect(r.right.status).toBe('converged');
      expect(r.right.nit).toBeGreaterThan(1);
      expectClose(r.right.x, c.x, { rtol: 1e-4, atol: 1e-5 });
      tf.dispose([A, b, x0, r.right.x]);
    });
  }
});
