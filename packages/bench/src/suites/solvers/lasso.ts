/**
 * Lasso problem of the solver benchmark: time to a relative suboptimality of 1e-4 for the
 * working-set solver, proximal gradient (ISTA/FISTA in tfjs) and scikit-learn's coordinate
 * descent. f* comes from the working-set solver run to a 1e-12 relative duality gap.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1 } from '@sparsekit/constraints';
import { proximalGradient } from '@sparsekit/solvers/full-batch';
import { lasso } from '@sparsekit/solvers/sparse-glm';
import { pythonHas, runPythonScript } from '../../baselines/python.js';
import { logSpacedSchedule } from '../../internal/log-spaced.js';
import type { BenchProblem, BenchSolver, SolverContext } from '../../types.js';
import { lassoObjective64, type LassoData } from './lasso-data.js';

/** What Lasso solvers receive. */
export interface LassoSpec {
  readonly data: LassoData;
  readonly lambda: number;
}

/** The problem, with λ = lambdaRatio·λmax for each listed ratio. */
export const lassoProblem = (lambdaRatios: readonly number[] = [0.1]): BenchProblem<LassoData, LassoSpec> => ({
  name: 'lasso',
  datasets: ['gaussian-lasso'],
  params: { lambdaRatio: lambdaRatios },
  tolerances: [1e-2, 1e-4],
  create: (data, params) => {
    const lambda = Number(params.lambdaRatio) * data.lambdaMax;
    return {
      spec: { data, lambda },
      evaluate: (x) => lassoObjective64(data, (x as tf.Tensor).dataSync(), lambda),
      reference: () => {
        const r = lasso({ X: { rows: data.n, cols: data.p, data: data.X }, y: data.y, lambda }, { tol: 1e-12, maxIter: 500 });
        if (E.isLeft(r)) throw r.left;
        const w = r.right.x.dataSync();
        r.right.x.dispose();
        return lassoObjective64(data, w, lambda);
      },
    };
  },
});

/** A callback that forwards (log-spaced) iterates to the bench and relays its 'stop'. */
function reporter(ctx: SolverContext): (s: { nit: number; x: tf.Tensor; certificate: number }) => 'stop' | undefined {
  const due = logSpacedSchedule();
  return (s) => (due(s.nit) ? ctx.report({ iteration: s.nit, x: s.x, certificate: s.certificate }) : undefined);
}

function unwrap(result: E.Either<Error, { x: tf.Tensor }>): void {
  if (E.isLeft(result)) throw result.left;
  result.right.x.dispose();
}

const workingSets: BenchSolver<LassoSpec> = {
  name: 'sparsekit-lasso',
  problems: ['lasso'],
  run: ({ data, lambda }, ctx) =>
    unwrap(
      lasso(
        { X: { rows: data.n, cols: data.p, data: data.X }, y: data.y, lambda },
        {
          tol: 1e-12,
          maxIter: 10_000,
          timeLimitMs: ctx.timeLimitMs,
          callback: reporter(ctx),
        },
      ),
    ),
};

const proximal: BenchSolver<LassoSpec> = {
  name: 'proximal-gradient',
  problems: ['lasso'],
  params: { accelerated: [true, false] },
  run: ({ data, lambda }, ctx) => {
    const { n, p } = data;
    const X = tf.tensor2d(data.X, [n, p]);
    const y = tf.tensor1d(Float32Array.from(data.y));
    const x0 = tf.zeros([p]);
    const valueAndGrad = (w: tf.Tensor) =>
      tf.tidy(() => {
        const r = tf.sub(tf.matMul(X, w.reshape([p, 1])).reshape([n]), y);
        return {
          value: tf.sum(tf.square(r)).div(2 * n),
          grad: tf
            .matMul(X, r.reshape([n, 1]), true, false)
            .reshape([p])
            .div(n),
        };
      });
    try {
      unwrap(
        proximalGradient(
          { valueAndGrad, constraint: l1(lambda), x0 },
          {
            accelerated: ctx.params.accelerated === true,
            maxIter: 1_000_000,
            tol: 0,
            timeLimitMs: ctx.timeLimitMs,
            callback: reporter(ctx),
          },
        ),
      );
    } finally {
      tf.dispose([X, y, x0]);
    }
  },
};

interface SklearnAnswer {
  readonly points: readonly { time_ms: number; iterations: number; objective: number }[];
}

const sklearn: BenchSolver<LassoSpec> = {
  name: 'sklearn',
  problems: ['lasso'],
  baseline: true,
  external: true,
  available: () => pythonHas(['numpy', 'sklearn']),
  run: async ({ data, lambda }, ctx) => {
    // Budgets 25% apart: a cold fit per budget overestimates the time to a tolerance by < 25%.
    const budgets = [...new Set(Array.from({ length: 35 }, (_, k) => Math.round(1.25 ** k)))];
    const answer = await runPythonScript<SklearnAnswer>(
      'sklearn_lasso.py',
      {
        X: data.files.X,
        y: data.files.y,
        n: data.n,
        p: data.p,
        lambda,
        budgets,
        tol: 1e-10,
        time_limit_ms: ctx.timeLimitMs,
        ...(ctx.target !== undefined ? { target: ctx.target } : {}),
      },
      ctx.timeLimitMs * 2 + 30_000,
    );
    for (const pt of answer.points) {
      if (ctx.report({ iteration: pt.iterations, objective: pt.objective, timeMs: pt.time_ms }) === 'stop') return;
    }
  },
};

/** Solvers of the Lasso problem, the scikit-learn baseline last. */
export const lassoSolvers: readonly BenchSolver<LassoSpec>[] = [workingSets, proximal, sklearn];
