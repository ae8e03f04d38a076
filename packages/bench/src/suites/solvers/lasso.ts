/**
 * Lasso problem of the solver benchmark: time to a relative suboptimality of 1e-4 for the
 * working-set solver, proximal gradient (ISTA/FISTA in tfjs) and the peers fed the same float32
 * data: scikit-learn's coordinate descent, and skglm and celer when built from source
 * (`scripts/build-peers.sh`). f* comes from the working-set solver run to a 1e-12 relative
 * duality gap.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1 } from '@sparsekit/constraints';
import { proximalGradient } from '@sparsekit/solvers/full-batch';
import { lasso } from '@sparsekit/solvers/sparse-glm';
import { peerInstalled, pythonHas, runPythonScript } from '../../baselines/python.js';
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
  datasets: ['lasso-design'],
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

// Stopping tolerances 10^(-1/4) apart, largest first: the working-set solvers (ours, skglm, celer)
// converge in a few outer iterations, so they are sampled by tolerance, a cold solve per tolerance.
const TOL_BUDGETS = Array.from({ length: 41 }, (_, k) => 10 ** (-1 - k / 4));

function unwrap(result: E.Either<Error, { x: tf.Tensor }>): void {
  if (E.isLeft(result)) throw result.left;
  result.right.x.dispose();
}

/**
 * The working-set solver under the protocol of skglm and celer (`python/lasso_peer.py`): one
 * untimed warm-up solve (a cold first run pays V8's compilation of the inner loops; the peers make
 * one untimed fit too), then one cold solve per stopping tolerance of {@link TOL_BUDGETS}, largest
 * first, each timed on its own, until the bench's target is reached. A single run to 1e-12 would
 * follow other iterates (its working-set subproblems are solved to the final tolerance) and be
 * observed only at the reported iterations.
 */
const workingSets: BenchSolver<LassoSpec> = {
  name: 'sparsekit-lasso',
  problems: ['lasso'],
  // anderson: false is plain cyclic CD in the working sets, for before/after in one run
  params: { anderson: [true, false] },
  run: ({ data, lambda }, ctx) => {
    const problem = { X: { rows: data.n, cols: data.p, data: data.X }, y: data.y, lambda };
    const anderson = ctx.params.anderson !== false;
    unwrap(lasso(problem, { tol: 1e-4, anderson }));
    let spent = 0;
    for (const tol of TOL_BUDGETS) {
      const t0 = ctx.clock.now();
      const r = lasso(problem, { tol, maxIter: 10_000, timeLimitMs: Math.max(1, ctx.timeLimitMs - spent), anderson });
      const timeMs = ctx.clock.now() - t0;
      spent += timeMs;
      if (E.isLeft(r)) throw r.left;
      let answer: 'stop' | undefined;
      try {
        answer = ctx.report({ iteration: r.right.nit, x: r.right.x, certificate: r.right.certificate, timeMs });
      } finally {
        r.right.x.dispose();
      }
      if (answer === 'stop' || spent > ctx.timeLimitMs) return;
    }
  },
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

interface PeerAnswer {
  readonly points: readonly { time_ms: number; iterations: number; objective: number }[];
}

/** Cold fits at growing budgets by `python/lasso_peer.py`, every point reported as timed there. */
async function runLassoPeer(library: string, budget: Record<string, unknown>, spec: LassoSpec, ctx: SolverContext): Promise<void> {
  const { data, lambda } = spec;
  const answer = await runPythonScript<PeerAnswer>(
    'lasso_peer.py',
    {
      library,
      dtype: String(ctx.params.dtype ?? 'float32'),
      X: data.files.X,
      y: data.files.y,
      n: data.n,
      p: data.p,
      lambda,
      tol: 1e-10,
      time_limit_ms: ctx.timeLimitMs,
      ...budget,
      ...(ctx.target !== undefined ? { target: ctx.target } : {}),
    },
    // skglm compiles its numba kernels in the untimed warm-up fit: minutes on a loaded machine
    ctx.timeLimitMs * 2 + (library === 'skglm' ? 600_000 : 30_000),
  );
  for (const pt of answer.points) {
    if (ctx.report({ iteration: pt.iterations, objective: pt.objective, timeMs: pt.time_ms }) === 'stop') return;
  }
}

// Budgets 25% apart: a cold fit per budget overestimates the time to a tolerance by < 25%.
const EPOCH_BUDGETS = [...new Set(Array.from({ length: 35 }, (_, k) => Math.round(1.25 ** k)))];

/**
 * scikit-learn's coordinate descent. `dtype: 'float32'` feeds it the float32 data sparsekit
 * computes on (scikit-learn then runs its float32 kernels); 'float64' upcasts.
 */
const sklearn: BenchSolver<LassoSpec> = {
  name: 'sklearn',
  problems: ['lasso'],
  params: { dtype: ['float32'] },
  baseline: true,
  external: true,
  available: () => pythonHas(['numpy', 'sklearn']),
  run: (spec, ctx) => runLassoPeer('sklearn', { budgets: EPOCH_BUDGETS }, spec, ctx),
};

/** skglm's Anderson-accelerated working-set CD and celer's dual-extrapolation working sets, built from source. */
const fromSource = (library: 'skglm' | 'celer'): BenchSolver<LassoSpec> => ({
  name: library,
  problems: ['lasso'],
  params: { dtype: ['float32'] },
  baseline: true,
  external: true,
  available: () => peerInstalled(library, ['numpy', 'sklearn', library]),
  run: (spec, ctx) => runLassoPeer(library, { tols: TOL_BUDGETS }, spec, ctx),
});

/** Solvers of the Lasso problem, the peer baselines last. */
export const lassoSolvers: readonly BenchSolver<LassoSpec>[] = [workingSets, proximal, sklearn, fromSource('skglm'), fromSource('celer')];
