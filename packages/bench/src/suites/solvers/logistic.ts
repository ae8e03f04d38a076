/**
 * L1-constrained logistic regression on the MNIST digits shipped by the `mnist` package
 * (digit parity, ±1 labels): Frank-Wolfe step rules compared with each other, the
 * Demyanov–Rubinov step being the in-run baseline, stochastic FW variants and the working-set
 * solver. The reference comes from the working-set solver run to a 1e-9 relative duality gap.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1Ball } from '@sparsekit/constraints';
import { frankWolfe } from '@sparsekit/solvers/full-batch';
import { logisticLoss } from '@sparsekit/solvers/losses';
import { l1Constrained } from '@sparsekit/solvers/sparse-glm';
import { finiteSumFrankWolfe, type SfwVariant } from '@sparsekit/solvers/stochastic';
import { pythonHas, runPythonScript } from '../../baselines/python.js';
import { logSpacedSchedule } from '../../internal/log-spaced.js';
import type { BenchDataset, BenchProblem, BenchSolver, SolverContext } from '../../types.js';

/** Digits as a design matrix with parity labels. */
export interface DigitsData {
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor1D;
  /** Binary copies for the Python peers (X float32, y float64, row-major); absent for in-memory uses. */
  readonly files?: { readonly dir: string; readonly X: string; readonly y: string };
}

/** What the logistic solvers receive. */
export interface LogisticSpec extends DigitsData {
  readonly radius: number;
  readonly maxIter: number;
  /** Passes over the data for the stochastic variants. */
  readonly epochs: number;
  /** σ_max(X)²/(4n): the logistic loss's Lipschitz bound, given to every FW step rule (ours and numpy's). */
  readonly lipschitz: number;
}

interface MnistDigit {
  readonly raw: readonly number[];
  readonly length: number;
}

/** The first `perDigit` samples of each digit (deterministic, balanced), 784 pixels in [0, 1]. */
export function readDigits(perDigit: number): { readonly pixels: number[]; readonly digits: number[] } {
  const mnist = createRequire(import.meta.url)('mnist') as Record<number, MnistDigit>;
  const pixels: number[] = [];
  const digits: number[] = [];
  for (let d = 0; d < 10; d++) {
    const count = Math.min(perDigit, mnist[d].length);
    for (let k = 0; k < count * 784; k++) pixels.push(mnist[d].raw[k]);
    for (let k = 0; k < count; k++) digits.push(d);
  }
  return { pixels, digits };
}

/** Digits with parity labels (+1 even, −1 odd). */
export function loadDigits(perDigit: number): DigitsData {
  const { pixels, digits } = readDigits(perDigit);
  return { X: tf.tensor2d(pixels, [digits.length, 784]), y: tf.tensor1d(digits.map((d) => (d % 2 === 0 ? 1 : -1))) };
}

function withFiles(d: DigitsData): DigitsData {
  const dir = mkdtempSync(join(tmpdir(), 'sparsekit-bench-digits-'));
  const files = { dir, X: join(dir, 'X.f32'), y: join(dir, 'y.f64') };
  const X = d.X.dataSync() as Float32Array;
  const y = Float64Array.from(d.y.dataSync());
  writeFileSync(files.X, new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
  writeFileSync(files.y, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return { ...d, files };
}

/** `perDigit` 200 (quick, 2,000 digits) or 1,100 (full: every one of the 10,000 digits). */
export function digitsDataset(perDigit: number): BenchDataset<DigitsData> {
  return {
    name: 'mnist-parity',
    params: { perDigit: [perDigit] },
    load: (p) => withFiles(loadDigits(Number(p.perDigit))),
    dispose: (d) => {
      tf.dispose([d.X, d.y]);
      if (d.files) rmSync(d.files.dir, { recursive: true, force: true });
    },
  };
}

/** The problem at a radius; `maxIter` and `epochs` cap the solvers (quick runs stay short). */
export function logisticProblem(maxIter: number, epochs: number): BenchProblem<DigitsData, LogisticSpec> {
  return {
    name: 'l1-logistic',
    datasets: ['mnist-parity'],
    params: { radius: [5] },
    tolerances: [1e-2, 1e-3],
    create: (data, params) => {
      const loss = logisticLoss(data.X, data.y);
      const radius = Number(params.radius);
      const evaluate = (x: unknown): number => tf.tidy(() => loss.objective(x as tf.Tensor).dataSync()[0]);
      return {
        spec: { ...data, radius, maxIter, epochs, lipschitz: loss.lipschitz() },
        evaluate,
        reference: () => {
          const r = l1Constrained({ X: data.X, y: data.y, loss: 'logistic', radius }, { tol: 1e-9, maxIter: 1000 });
          if (E.isLeft(r)) throw r.left;
          const value = evaluate(r.right.x);
          r.right.x.dispose();
          return value;
        },
      };
    },
  };
}

function reporter(ctx: SolverContext): (s: { nit: number; x: tf.Tensor; certificate: number }) => 'stop' | undefined {
  const due = logSpacedSchedule();
  return (s) => (due(s.nit) ? ctx.report({ iteration: s.nit, x: s.x, certificate: s.certificate }) : undefined);
}

function frankWolfeSolver(step: FwStep, variant: 'vanilla' | 'pairwise' = 'vanilla'): BenchSolver<LogisticSpec> {
  return {
    name: variant === 'vanilla' ? `fw-${step}` : `fw-${variant}-${step}`,
    problems: ['l1-logistic'],
    run: (spec, ctx) => {
      const x0 = tf.zeros([spec.X.shape[1]]);
      try {
        const loss = logisticLoss(spec.X, spec.y);
        const result = frankWolfe(
          { valueAndGrad: loss.valueAndGrad, objective: loss.objective, constraint: l1Ball(spec.radius), x0 },
          {
            step,
            variant,
            lipschitz: spec.lipschitz,
            maxIter: spec.maxIter,
            tol: 0,
            timeLimitMs: ctx.timeLimitMs,
            callback: reporter(ctx),
          },
        );
        if (E.isLeft(result)) throw result.left;
        result.right.x.dispose();
      } finally {
        x0.dispose();
      }
    },
  };
}

type FwStep = 'backtracking' | 'demyanov-rubinov' | 'sublinear';

interface NumpyFwAnswer {
  readonly points: readonly { iteration: number; time_ms: number; objective: number; certificate: number }[];
}

/**
 * Iterations the numpy baselines may run: enough to reach the problem's tolerances, bounded by
 * the time limit and by the runner's target (they stop there, as our solvers are stopped).
 * The other peers get our own iteration cap.
 */
const PEER_MIN_ITER = 3000;

/**
 * The numpy peer (`python/numpy_fw_logistic.py`): copt-style Frank-Wolfe in float64 with the
 * same step rule, x0 and Lipschitz bound as ours, so both follow the same iterates.
 */
function numpyFrankWolfe(step: FwStep, baseline: boolean): BenchSolver<LogisticSpec> {
  return {
    name: `numpy-fw-${step}`,
    problems: ['l1-logistic'],
    baseline,
    external: true,
    available: () => pythonHas(['numpy']),
    run: async (spec, ctx) => {
      if (!spec.files) throw new Error('the digits have no binary copies for Python');
      const answer = await runPythonScript<NumpyFwAnswer>(
        'numpy_fw_logistic.py',
        {
          X: spec.files.X,
          y: spec.files.y,
          n: spec.X.shape[0],
          p: spec.X.shape[1],
          radius: spec.radius,
          step,
          lipschitz: spec.lipschitz,
          max_iter: baseline ? Math.max(spec.maxIter, PEER_MIN_ITER) : spec.maxIter,
          tol: 0,
          time_limit_ms: ctx.timeLimitMs,
          ...(ctx.target !== undefined ? { target: ctx.target } : {}),
        },
        ctx.timeLimitMs * 2 + 30_000,
      );
      for (const pt of answer.points) {
        const point = { iteration: pt.iteration, objective: pt.objective, certificate: pt.certificate, timeMs: pt.time_ms };
        if (ctx.report(point) === 'stop') return;
      }
    },
  };
}

const BATCH = 100;

/** Finite-sum stochastic Frank-Wolfe (batches of 100), one adapter per variant. */
function sfwSolver(variant: SfwVariant): BenchSolver<LogisticSpec> {
  return {
    name: `sfw-${variant}`,
    problems: ['l1-logistic'],
    run: (spec, ctx) => {
      const batchesPerEpoch = Math.ceil(spec.X.shape[0] / BATCH);
      const result = finiteSumFrankWolfe(
        { X: spec.X, y: spec.y, loss: 'logistic', constraint: l1Ball(spec.radius) },
        {
          variant,
          batchSize: BATCH,
          seed: ctx.seed,
          maxIter: spec.epochs * batchesPerEpoch,
          tol: 0,
          timeLimitMs: ctx.timeLimitMs,
          callback: reporter(ctx),
        },
      );
      if (E.isLeft(result)) throw result.left;
      result.right.x.dispose();
    },
  };
}

const workingSets: BenchSolver<LogisticSpec> = {
  name: 'sparsekit-working-sets',
  problems: ['l1-logistic'],
  run: (spec, ctx) => {
    const result = l1Constrained(
      { X: spec.X, y: spec.y, loss: 'logistic', radius: spec.radius },
      {
        tol: 1e-12,
        maxIter: 1000,
        timeLimitMs: ctx.timeLimitMs,
        callback: reporter(ctx),
      },
    );
    if (E.isLeft(result)) throw result.left;
    result.right.x.dispose();
  },
};

/**
 * Frank-Wolfe with backtracking, DR and the sublinear 2/(t+2) step; pairwise FW with
 * backtracking (vanilla FW with any monotone step zig-zags at about 1/t on this problem, the
 * pairwise variant does not); SFW variants; working sets; and the numpy peers of the three
 * vanilla rules. The sublinear one is the in-run baseline: it is the rule that reaches the
 * tolerances here (backtracking, copt's default, zig-zags like ours: 1.3e-3 after 3,000 iterations).
 */
export const logisticSolvers: readonly BenchSolver<LogisticSpec>[] = [
  frankWolfeSolver('backtracking'),
  frankWolfeSolver('demyanov-rubinov'),
  frankWolfeSolver('sublinear'),
  frankWolfeSolver('backtracking', 'pairwise'),
  ...(['sag', 'saga', 'mhk', 'lf'] as const).map(sfwSolver),
  workingSets,
  numpyFrankWolfe('backtracking', false),
  numpyFrankWolfe('demyanov-rubinov', false),
  numpyFrankWolfe('sublinear', true),
];
