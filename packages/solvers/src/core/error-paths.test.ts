// Every solver entry point, fed bad data, must fail (Left or SparsekitError) without leaving
// tensors behind: the error paths run the same disposal discipline as the happy paths.
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';
import { isSparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l1Ball, l2Ball } from '@sparsekit/constraints';
import { frankWolfe } from '../full-batch/frank-wolfe.js';
import { proximalGradient } from '../full-batch/proximal-gradient.js';
import { threeOperatorSplitting } from '../full-batch/three-operator-splitting.js';
import { pgdMadry } from '../full-batch/pgd-madry.js';
import { lasso } from '../screening/lasso.js';
import { l1Constrained, l1Regularized } from '../screening/sparse-glm.js';
import { lbi } from '../paths/lbi.js';
import { splitLbi } from '../paths/split-lbi.js';
import { iss } from '../paths/iss.js';
import { finiteSumFrankWolfe } from '../stochastic/finite-sum-frank-wolfe.js';

type Outcome = 'left' | 'threw' | 'right';

async function outcome(run: () => unknown, label: string): Promise<Outcome> {
  let result: Outcome = 'right';
  await expectNoLeaks(() => {
    try {
      const r = run() as E.Either<unknown, { x?: tf.Tensor }>;
      if (E.isLeft(r)) result = 'left';
      else tf.dispose(Object.values(r.right as object).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    } catch (e) {
      if (!isSparsekitError(e)) throw e;
      result = 'threw';
    }
  }, label);
  return result;
}

describeBackends(['cpu', 'wasm'], 'solver error paths leak nothing', () => {
  it('full-batch solvers: NaN at x0, NaN mid-run, a loss that is not a scalar, a gradient of the wrong shape', async () => {
    const x0 = tf.tensor1d([0.1, 0.2, 0.3]);
    const nanAtStart = (x: tf.Tensor) => x.sum().mul(NaN) as tf.Scalar;
    let calls = 0;
    const nanLater = (x: tf.Tensor) => (++calls > 2 ? x.sum().mul(NaN) : x.square().sum()) as tf.Scalar;
    const notScalar = (x: tf.Tensor) => x.square() as unknown as tf.Scalar;
    const badGrad = { valueAndGrad: (x: tf.Tensor) => ({ value: x.square().sum() as tf.Scalar, grad: tf.ones([4]) }) };
    const solvers: [string, (p: object) => unknown][] = [
      ['frankWolfe', (p) => frankWolfe({ ...p, constraint: l1Ball(1), x0 } as never)],
      ['frankWolfe pairwise', (p) => frankWolfe({ ...p, constraint: l1Ball(1), x0 } as never, { variant: 'pairwise' })],
      ['proximalGradient', (p) => proximalGradient({ ...p, constraint: l2Ball(1), x0 } as never)],
      ['proximalGradient fista', (p) => proximalGradient({ ...p, constraint: l2Ball(1), x0 } as never, { accelerated: true } as never)],
      ['threeOperatorSplitting', (p) => threeOperatorSplitting({ ...p, constraint: l2Ball(1), x0 } as never, { h: l1Ball(2) })],
      ['pgdMadry', (p) => pgdMadry({ ...p, constraint: l2Ball(1), x0 } as never)],
    ];
    for (const [name, solve] of solvers) {
      expect(await outcome(() => solve({ objective: nanAtStart }), `${name} NaN at x0`), `${name} NaN at x0`).toBe('left');
      calls = 0;
      expect(await outcome(() => solve({ objective: nanLater }), `${name} NaN later`), `${name} NaN later`).not.toBe('threw');
      expect(await outcome(() => solve({ objective: notScalar }), `${name} not a scalar`), `${name} not a scalar`).toBe('left');
      expect(await outcome(() => solve(badGrad), `${name} bad gradient`), `${name} bad gradient`).toBe('left');
    }
    x0.dispose();
  });

  it('data-driven solvers: NaN data and a y of the wrong length', async () => {
    const X = [
      [1, 0, 2],
      [0, 1, 1],
      [1, 1, 0],
      [2, 1, 1],
    ];
    const Xnan = X.map((r, i) => (i === 1 ? [r[0], NaN, r[2]] : r));
    const y = [1, 2, 0.5, 3];
    const Xt = tf.tensor2d(X);
    const XtNan = tf.tensor2d(Xnan);
    const b3 = tf.tensor1d([1, -1, 1]);
    const b4 = tf.tensor1d([1, -1, 1, -1]);
    const runs: [string, () => unknown][] = [
      ['lasso NaN', () => lasso({ X: XtNan, y, lambda: 0.1 })],
      ['lasso short y', () => lasso({ X: Xt, y: y.slice(1), lambda: 0.1 })],
      ['l1Regularized NaN', () => l1Regularized({ X: XtNan, y: [1, -1, 1, -1], loss: 'logistic', lambda: 0.1 } as never)],
      ['l1Constrained short y', () => l1Constrained({ X: Xt, y: [1, -1, 1], loss: 'logistic', radius: 1 } as never)],
      ['lbi NaN', () => lbi(Xnan, y, { kappa: 5 })],
      ['lbi short y', () => lbi(X, y.slice(1), { kappa: 5 })],
      ['iss short y', () => iss(X, y.slice(1))],
      ['splitLbi short y', () => splitLbi(X, y.slice(1))],
      ['splitLbi NaN', () => splitLbi(Xnan, y)],
      ['finiteSumFrankWolfe short b', () => finiteSumFrankWolfe({ X: Xt, y: b3, loss: 'logistic', constraint: l1Ball(1) } as never)],
      ['finiteSumFrankWolfe NaN', () => finiteSumFrankWolfe({ X: XtNan, y: b4, loss: 'logistic', constraint: l1Ball(1) } as never)],
    ];
    for (const [name, run] of runs) expect(await outcome(run, name), name).toBe('left');
    tf.dispose([Xt, XtNan, b3, b4]);
  });
});
