/**
 * Finite-sum stochastic Frank-Wolfe for generalized linear models (Négiar, Dresdner, Tsai,
 * El Ghaoui, Locatello, Pedregosa, ICML 2020; copt `minimize_sfw`):
 *
 *   min_{x ∈ C} F(x) = (1/n) Σᵢ f(aᵢᵀx, bᵢ)
 *
 * with a constant batch size, a per-sample dual memory αᵢ (one number per sample, not one
 * gradient per sample) and the variants 'sag' and 'saga' (Négiar et al.), 'mhk' (Mokhtari,
 * Hassani & Karbasi) and 'lf' (Lu & Freund). The run stops when the stochastic FW-gap estimate
 * ⟨r, x − LMO(r)⟩ of the aggregate r = Σαᵢaᵢ is below `tol` (checked once every sample has
 * been visited). The result's `certificate` is the true FW gap at the returned x (one full pass).
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { requireInteger, SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import { iterate } from '../core/iterate.js';
import {
  solveError,
  type Constraint,
  type HasLmo,
  type HasProject,
  type LoopOptions,
  type OptimizeResult,
  type SolveError,
} from '../types.js';
import { logisticSampleLoss, squaredSampleLoss, type PointwiseLoss } from '../losses/pointwise-loss.js';
import { batchSampler } from './internal/batch-sampler.js';
import { glmFullCertificate, glmLipschitz } from './internal/glm-full.js';
import { sfwKernel } from './internal/sfw-kernel.js';
import type { SfwVariant } from './internal/sfw-step-sizes.js';
import { checkChoice } from './internal/updates.js';

export type { SfwVariant } from './internal/sfw-step-sizes.js';

/** Data, loss and constraint of a finite-sum GLM problem. */
export interface FiniteSumProblem<C extends Constraint & HasLmo> {
  /** Data matrix [n, d] (rows are samples). */
  readonly X: tf.Tensor2D;
  /** Targets [n] (labels ±1 for the logistic loss). */
  readonly y: tf.Tensor1D;
  readonly loss: PointwiseLoss | 'logistic' | 'squared';
  readonly constraint: C;
  /** Feasible start [d]; default zeros. Projected first when the constraint can project. */
  readonly x0?: tf.Tensor1D;
}

/** Options of {@link finiteSumFrankWolfe}. `maxIter` counts batches; default 100 epochs. */
export interface FiniteSumFrankWolfeOptions extends LoopOptions {
  /** Default 'sag'. */
  readonly variant?: SfwVariant;
  /** Constant batch size B ∈ [1, n]. Default min(n, 100). */
  readonly batchSize?: number;
  /** 'sublinear' (the variant's schedule) or 'demyanov-rubinov' (gap/(L‖d‖²), capped at 1; not for 'lf'). Default 'sublinear'. */
  readonly step?: 'sublinear' | 'demyanov-rubinov';
  /** Smoothness of F for 'demyanov-rubinov'; default curvature·σ_max(A)²/n by power iteration. */
  readonly lipschitz?: number;
  /** Seed of the batch order. Default 0. */
  readonly seed?: number;
}

/** {@link OptimizeResult} plus the stochastic gap estimate and the number of epochs. */
export interface FiniteSumResult extends OptimizeResult {
  /** Last stochastic gap estimate (Infinity if the first epoch did not complete). */
  readonly gapEstimate: number;
  /** Batches seen divided by batches per epoch. */
  readonly epochs: number;
}

const KEYS = ['maxIter', 'tol', 'timeLimitMs', 'callback', 'trace', 'variant', 'batchSize', 'step', 'lipschitz', 'seed'] as const;

/**
 * Runs finite-sum SFW. Programming errors throw; data problems (shapes, non-finite start) are
 * a Left.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { l1Ball } from '@sparsekit/constraints';
 * import { finiteSumFrankWolfe } from '@sparsekit/solvers/stochastic';
 * const X = tf.randomNormal([200, 10], 0, 1, 'float32', 1) as tf.Tensor2D;
 * const y = tf.sign(tf.slice(X, [0, 0], [-1, 1]).reshape([-1])) as tf.Tensor1D;
 * const r = finiteSumFrankWolfe({ X, y, loss: 'logistic', constraint: l1Ball(2) }, { variant: 'saga', batchSize: 20, maxIter: 2000 });
 * if (E.isRight(r)) console.log(r.right.fun, r.right.certificate);
 * ```
 */
export function finiteSumFrankWolfe<C extends Constraint & HasLmo>(
  problem: FiniteSumProblem<C>,
  options: FiniteSumFrankWolfeOptions = {},
): E.Either<SolveError, FiniteSumResult> {
  requireKnownKeys(options, KEYS);
  const loss = resolveLoss(problem.loss);
  const variant = checkChoice('variant', options.variant ?? 'sag', ['sag', 'saga', 'mhk', 'lf'] as const);
  const step = checkChoice('step', options.step ?? 'sublinear', ['sublinear', 'demyanov-rubinov'] as const);
  if (variant === 'lf' && step === 'demyanov-rubinov') {
    // LF's aggregate is a gradient at averaged vertex predictions, not at x: a DR step from it has no meaning.
    throw new SparsekitError({ argument: 'step', value: step, expected: "'sublinear' for the 'lf' variant" });
  }
  const seed = options.seed ?? 0;
  requireInteger('seed', seed, 0);
  if (options.lipschitz !== undefined && !(options.lipschitz > 0 && Number.isFinite(options.lipschitz))) {
    throw new SparsekitError({ argument: 'lipschitz', value: options.lipschitz, expected: 'a finite number > 0' });
  }
  const shapes = checkShapes(problem);
  if (E.isLeft(shapes)) return shapes;
  const { n, d } = shapes.right;
  const batchSize = options.batchSize ?? Math.min(n, 100);
  requireInteger('batchSize', batchSize, 1, n);
  const sampler = batchSampler(n, batchSize, seed);
  const lipschitz = step === 'demyanov-rubinov' ? (options.lipschitz ?? glmLipschitz(problem.X, loss.curvature)) : 0;
  const data = { A: problem.X, b: problem.y, loss, constraint: problem.constraint };
  const run = iterate(
    { options, defaults: { maxIter: 100 * sampler.batchesPerEpoch }, counts: { nfev: 0, ngev: 0 }, batched: false },
    () => {
      const x0 = startPoint(problem, d);
      const kernel = sfwKernel(data, { variant, step, lipschitz, sampler }, x0);
      if (!Number.isFinite(kernel.funs[0])) {
        tf.dispose(kernel.release());
        return E.left(solveError('objective', kernel.funs[0], 'a finite value at x0', 'non_finite'));
      }
      return E.right(kernel);
    },
  );
  return E.map((r: OptimizeResult): FiniteSumResult => {
    const full = glmFullCertificate(problem.X, problem.y, loss, problem.constraint, r.x as tf.Tensor1D);
    return {
      ...r,
      fun: full.fun,
      certificate: full.gap,
      gapEstimate: r.certificate,
      nfev: r.nit + 1,
      ngev: r.nit + 1,
      epochs: r.nit / sampler.batchesPerEpoch,
    };
  })(run);
}

function resolveLoss(loss: FiniteSumProblem<never>['loss']): PointwiseLoss {
  if (loss === 'logistic') return logisticSampleLoss;
  if (loss === 'squared') return squaredSampleLoss;
  if (loss !== null && typeof loss === 'object' && typeof loss.values === 'function' && typeof loss.derivatives === 'function') return loss;
  throw new SparsekitError({ argument: 'loss', value: loss, expected: "'logistic', 'squared' or a PointwiseLoss object" });
}

function checkShapes(p: FiniteSumProblem<Constraint & HasLmo>): E.Either<SolveError, { n: number; d: number }> {
  if (p.X.rank !== 2) return E.left(solveError('X', p.X, 'a matrix [n, d]', 'shape_mismatch'));
  const [n, d] = p.X.shape as [number, number];
  if (n === 0 || d === 0) return E.left(solveError('X', p.X, 'at least one sample and one feature', 'shape_mismatch'));
  if (p.y.rank !== 1 || p.y.shape[0] !== n)
    return E.left(solveError('y', p.y, `a vector [${n}] (one target per row of X)`, 'shape_mismatch'));
  if (p.x0 !== undefined && (p.x0.rank !== 1 || p.x0.shape[0] !== d))
    return E.left(solveError('x0', p.x0, `a vector [${d}]`, 'shape_mismatch'));
  return E.right({ n, d });
}

function startPoint(p: FiniteSumProblem<Constraint & HasLmo>, d: number): tf.Tensor1D {
  const x0 = p.x0 ?? null;
  const c = p.constraint as Partial<HasProject>;
  return tf.tidy(() => {
    const start = x0 === null ? tf.zeros([d]) : tf.clone(x0);
    return (typeof c.project === 'function' ? c.project(start) : start) as tf.Tensor1D;
  });
}
