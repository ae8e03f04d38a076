/**
 * Shared types of the full-batch solvers: problems, results, traces, callbacks and errors.
 * Every other solver module (stochastic, paths, PALM, Lagrangian) imports from here.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { Either } from 'fp-ts/lib/Either.js';
import { SparsekitError, type SparsekitErrorCode } from '@sparsekit/tensor';
import type { Constraint } from '@sparsekit/constraints';

// The capability interfaces are defined once, in @sparsekit/constraints; re-exported here for the solvers' own modules.
export type { Constraint, HasLmo, HasProject, HasProx, HasValue } from '@sparsekit/constraints';

/** How a run ended. Not converging is a status, not an error. */
export type SolveStatus = 'converged' | 'maxiter' | 'callback' | 'nonfinite' | 'linesearch_failed' | 'timeout';

/** Opt-in per-iteration record. Batched runs record the sum of `fun` and the max certificate. */
export interface Trace {
  readonly fun: number[];
  readonly certificate: number[];
  /** Step size used at that iteration (mean over the examples still running). */
  readonly step: number[];
  /** Milliseconds since the solver started. */
  readonly elapsedMs: number[];
}

/** Per-example outcome of a batched run (axis 0 of x is the example axis). */
export interface BatchOutcome {
  readonly fun: number[];
  readonly certificate: number[];
  readonly converged: boolean[];
}

/**
 * Result of every full-batch solver. `x` is a fresh tensor owned by the caller.
 * For batched problems `fun` is the sum of the per-example losses and `certificate` the largest
 * per-example certificate; the per-example values are in `batch`.
 */
export interface OptimizeResult {
  readonly x: Tensor;
  readonly fun: number;
  readonly success: boolean;
  readonly message: string;
  readonly nit: number;
  readonly nfev: number;
  readonly ngev: number;
  readonly status: SolveStatus;
  /** FW gap, gradient-mapping norm, or the solver's own stationarity measure. */
  readonly certificate: number;
  readonly trace?: Trace;
  readonly batch?: BatchOutcome;
}

/** A callback returning `'stop'` ends the run with status `'callback'`. */
export type Callback<S> = (state: Readonly<S>) => void | 'stop';

/** What full-batch solvers pass to callbacks. Tensors are borrowed: do not dispose them. */
export interface IterationState {
  readonly nit: number;
  readonly x: Tensor;
  readonly fun: number;
  readonly certificate: number;
  readonly step: number;
  readonly elapsedMs: number;
  /** Per-example losses and certificates (length 1 for unbatched problems). */
  readonly funs: Float64Array;
  readonly certificates: Float64Array;
}

/** A data-dependent failure, returned as a fp-ts `Left` (see CONTRIBUTING.md, Errors). */
export type SolveError = SparsekitError;

/** What every solver entry point returns. */
export type SolveResult = Either<SolveError, OptimizeResult>;

/**
 * Builds a {@link SolveError}.
 *
 * @example
 * ```ts
 * import { solveError } from '@sparsekit/solvers';
 * solveError('objective', NaN, 'a finite value at x0', 'non_finite').code; // => 'non_finite'
 * ```
 */
export function solveError(
  argument: string,
  value: unknown,
  expected: string,
  code: SparsekitErrorCode = 'invalid_argument',
  hint?: string,
): SolveError {
  return new SparsekitError({ argument, value, expected, code, hint });
}

/**
 * What both forms of a smooth part may tell about ∇f: a known Lipschitz constant (an upper
 * bound, the same for every example of a batch), as a number or a function computed once when a
 * solver needs it. The GLM losses provide one (`glmLoss(...).lipschitz`), so spreading a loss
 * into a problem passes it on. Solvers use it wherever they need L (FW 'demyanov-rubinov' and the start of
 * 'backtracking', proximal 1/L steps, the three-split's first step) instead of estimating it.
 */
export interface KnownSmoothness {
  readonly lipschitz?: number | (() => number);
  /**
   * Declares f(x) = ‖X·x − y‖²/(2n) (x flattened, X float32 [n, p], y [n]). `squaredLoss` sets
   * it, so spreading the loss into a problem passes it on. Vanilla `frankWolfe` over a whole L1
   * ball then keeps the residual Xx − y instead of re-evaluating f (one product per iteration);
   * it checks at x0 that the problem's own f and ∇f agree with X and y, else ignores it.
   */
  readonly leastSquares?: LeastSquaresStructure;
}

/**
 * The data of a least-squares objective ‖X·x − y‖²/(2n).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { LeastSquaresStructure } from '@sparsekit/solvers';
 * const ls: LeastSquaresStructure = { X: tf.eye(2) as tf.Tensor2D, y: tf.tensor1d([1, 2]) };
 * ls.X.shape; // => [2, 2]
 * ```
 */
export interface LeastSquaresStructure {
  readonly X: Tensor2D;
  readonly y: Tensor1D;
}

/** Differentiable objective: tfjs autodiff gives the gradient. */
export interface ObjectiveForm extends KnownSmoothness {
  /** f(x) as a scalar, or per-example losses of shape [B] when `batched` is true. */
  objective(x: Tensor): Tensor;
  readonly valueAndGrad?: undefined;
}

/** Objective with a hand-written gradient (faster, or not tfjs-differentiable). */
export interface ValueAndGradForm extends KnownSmoothness {
  valueAndGrad(x: Tensor): { value: Tensor; grad: Tensor };
  /** Optional cheap value-only evaluation, used by line searches. */
  objective?(x: Tensor): Tensor;
}

/** The smooth part f of a problem, in either form. */
export type SmoothObjective = ObjectiveForm | ValueAndGradForm;

/**
 * A full-batch problem: minimize f(x) over (or penalized by) `constraint`, starting at `x0`.
 * With `batched: true`, axis 0 of x indexes independent examples, f returns per-example losses
 * of shape [B], and every example gets its own step sizes and certificate.
 */
export type Problem<C extends Constraint = Constraint> = SmoothObjective & {
  readonly constraint: C;
  readonly x0: Tensor;
  readonly batched?: boolean;
};

/** An unconstrained-or-penalized problem without a constraint object (e.g. three-split's extra terms). */
export type SmoothProblem = SmoothObjective & { readonly x0: Tensor; readonly batched?: boolean };

/** Options shared by every full-batch solver (the iteration core reads these). */
export interface LoopOptions<S = IterationState> {
  /** Maximum number of iterations (0 returns x0). Default 1000. */
  readonly maxIter?: number;
  /** Stop when the certificate of every example is ≤ tol. Default 1e-6. */
  readonly tol?: number;
  /** Wall-clock budget in milliseconds; the run ends with status 'timeout'. */
  readonly timeLimitMs?: number;
  readonly callback?: Callback<S>;
  /** Record a {@link Trace}. Default false. */
  readonly trace?: boolean;
}
