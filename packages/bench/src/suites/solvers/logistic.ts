/**
 * L1-constrained logistic regression on the MNIST digits shipped by the `mnist` package
 * (digit parity, ±1 labels): Frank-Wolfe step rules compared with each other, the
 * Demyanov–Rubinov step being the in-run baseline. The reference is the best objective seen.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1Ball } from '@sparsekit/constraints';
import { frankWolfe, logisticLoss } from '@sparsekit/solvers';
import { logSpacedSchedule } from '../../internal/log-spaced.js';
import type { BenchDataset, BenchProblem, BenchSolver, SolverContext } from '../../types.js';

/** Digits as a design matrix with parity labels. */
export interface DigitsData {
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor1D;
}

/** What the logistic solvers receive. */
export interface LogisticSpec extends DigitsData {
  readonly radius: number;
  readonly maxIter: number;
}

interface MnistDigit { readonly raw: readonly number[]; readonly length: number }

/** The first `perDigit` samples of each digit (deterministic, balanced), 784 pixels in [0, 1]. */
export function loadDigits(perDigit: number): DigitsData {
  const mnist = createRequire(import.meta.url)('mnist') as Record<number, MnistDigit>;
  const rows: number[] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const count = Math.min(perDigit, mnist[d].length);
    for (let k = 0; k < count * 784; k++) rows.push(mnist[d].raw[k]);
    for (let k = 0; k < count; k++) labels.push(d % 2 === 0 ? 1 : -1);
  }
  return { X: tf.tensor2d(rows, [labels.length, 784]), y: tf.tensor1d(labels) };
}

/** `perDigit` 200 (quick, 2,000 digits) or 1,100 (full: every one of the 10,000 digits). */
export function digitsDataset(perDigit: number): BenchDataset<DigitsData> {
  return {
    name: 'mnist-parity',
    params: { perDigit: [perDigit] },
    load: (p) => loadDigits(Number(p.perDigit)),
    dispose: (d) => tf.dispose([d.X, d.y]),
  };
}

/** The problem at a radius; `maxIter` caps every solver (quick runs stay short). */
export function logisticProblem(maxIter: number): BenchProblem<DigitsData, LogisticSpec> {
  return {
    name: 'l1-logistic',
    datasets: ['mnist-parity'],
    params: { radius: [5] },
    tolerances: [1e-2, 1e-3],
    create: (data, params) => {
      const loss = logisticLoss(data.X, data.y);
      return {
        spec: { ...data, radius: Number(params.radius), maxIter },
        evaluate: (x) => tf.tidy(() => loss.objective(x as tf.Tensor).dataSync()[0]),
      };
    },
  };
}

function reporter(ctx: SolverContext): (s: { nit: number; x: tf.Tensor; certificate: number }) => 'stop' | undefined {
  const due = logSpacedSchedule();
  return (s) => (due(s.nit) ? ctx.report({ iteration: s.nit, x: s.x, certificate: s.certificate }) : undefined);
}

function frankWolfeSolver(step: 'backtracking' | 'DR' | 'sublinear', baseline = false): BenchSolver<LogisticSpec> {
  return {
    name: `fw-${step}`,
    problems: ['l1-logistic'],
    baseline,
    run: (spec, ctx) => {
      const x0 = tf.zeros([spec.X.shape[1]]);
      try {
        const loss = logisticLoss(spec.X, spec.y);
        const result = frankWolfe({ valueAndGrad: loss.valueAndGrad, objective: loss.objective, constraint: l1Ball(spec.radius), x0 }, {
          step, maxIter: spec.maxIter, tol: 0, timeLimitMs: ctx.timeLimitMs, callback: reporter(ctx),
        });
        if (E.isLeft(result)) throw result.left;
        result.right.x.dispose();
      } finally {
        x0.dispose();
      }
    },
  };
}

/** Frank-Wolfe with backtracking, DR (baseline) and the sublinear 2/(t+2) step. */
export const logisticSolvers: readonly BenchSolver<LogisticSpec>[] = [
  frankWolfeSolver('backtracking'), frankWolfeSolver('DR', true), frankWolfeSolver('sublinear'),
];
