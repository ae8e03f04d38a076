/**
 * Split LBI (Huang, Sun, Xiong, Yao, "Split LBI: an iterative regularization path with
 * structural sparsity", NIPS 2016) for the squared loss: a dense β, a sparse γ ≈ Dβ on an
 * inverse-scale-space path, and the sparse estimate β̃ (β projected onto supp(γ)).
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { requirePositive, requireKnownKeys } from '@sparsekit/tensor';
import { solveError, type SolveError } from '../types.js';
import { readMatrix, spectralNorm64, standardize, toTensor2d } from './internal/design.js';
import { prepareResponse } from './internal/path-losses.js';
import { makeOperator, type Operator, type OperatorSpec } from './internal/operator.js';
import { rowGroups } from './internal/shrink.js';
import { gridOptions, shrinkageFor } from './internal/path-grid.js';
import { projectOnSupport } from './internal/split-project.js';
import { runSplitLoop, type SplitLoopOutput } from './internal/split-loop.js';
import { makePath, type RegularizationPath } from './path.js';
import type { BregmanPathOptions } from './path-options.js';
import { catchDataErrors } from '../core/data-error.js';

export type { OperatorSpec } from './internal/operator.js';

/** Options of {@link splitLbi}. */
export interface SplitLbiOptions extends BregmanPathOptions {
  /** Operator D: 'identity' (default), `{ kind: 'graph', edges }` (incidence) or a matrix [m, p]. */
  readonly D?: OperatorSpec;
  /** Damping κ. Default 10 (the reference MATLAB code). */
  readonly kappa?: number;
  /** Coupling ν. Default n‖D‖₂²/‖X‖₂² on the standardised X (the reference code's rule). */
  readonly nu?: number;
  /** Step α. Default 1/(κ(‖X‖₂²/n + (1 + ‖D‖₂²)/ν)), below the stability bound. */
  readonly alpha?: number;
  /** Group label of each row of D, for group sparsity of γ. */
  readonly index?: readonly number[];
}

/** A Split LBI path: the β̃ path as a {@link RegularizationPath}, plus dense β and γ. */
export interface SplitLbiPath extends RegularizationPath {
  /** Dense β at each t (original scale). */
  readonly betaDense: readonly Float64Array[];
  /** γ at each t (rows of D; for D = I on the original scale of β, else the standardised one). */
  readonly gamma: readonly Float64Array[];
  /** First time each γ entry is nonzero. */
  readonly gammaEntryTime: readonly number[];
  readonly nu: number;
  readonly t0: number;
  readonly iterations: number;
}

/**
 * Computes the Split LBI path. `Left` when Dβ_r = 0 (no structure to select) or the
 * iteration is not finite.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { splitLbi } from '@sparsekit/solvers/paths';
 * const X = [[1, 0, 1], [0, 1, 1], [1, 1, 0], [2, 0, 1], [0, 2, 1]];
 * const res = splitLbi(X, [2, 1, 3, 4, 3], { D: { kind: 'graph', edges: [[0, 1], [1, 2]] }, nt: 10 });
 * if (isRight(res)) res.right.gamma[9]; // sparse differences β_i − β_j
 * ```
 */
export function splitLbi(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor | readonly number[],
  options: SplitLbiOptions = {},
): Either<SolveError, SplitLbiPath> {
  return catchDataErrors(() => splitLbiUnchecked(x, y, options));
}

function splitLbiUnchecked(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor | readonly number[],
  options: SplitLbiOptions = {},
): Either<SolveError, SplitLbiPath> {
  const o = validate(options);
  const raw = readMatrix('X', x);
  const { rows: n, cols: p } = raw;
  const std = standardize(raw, o.intercept, o.normalize);
  const resp = prepareResponse('squared', y, n);
  const d = makeOperator(o.D, p);
  const xNorm = spectralNorm64(std.x);
  const nu = o.nu ?? (n * d.norm ** 2) / xNorm ** 2;
  requirePositive('nu', nu);
  const alpha = o.alpha ?? 1 / (o.kappa * (xNorm ** 2 / n + (1 + d.norm ** 2) / nu));
  const groups = o.index ? rowGroups('index', o.index, d.rows) : undefined;
  const xt = toTensor2d(std.x);
  const xT = tf.transpose(xt);
  const yc = tf.tidy(() => tf.sub(resp.y, o.intercept ? resp.interceptAtZero[0] : 0)) as tf.Tensor2D;
  let out: SplitLoopOutput | null;
  try {
    out = runSplitLoop({
      x: xt,
      xT,
      y: yc,
      d,
      kappa: o.kappa,
      alpha,
      nu,
      grid: o,
      ...shrinkageFor(groups),
    });
  } finally {
    tf.dispose([xt, xT, yc, resp.y]);
    groups?.dispose();
    d.dispose();
  }
  if (out === null) return left(solveError('y', 'a fit with Dβ = 0', 'a response whose ridge fit has a nonzero Dβ', 'non_finite'));
  if (!out.finite) return left(solveError('alpha', alpha, 'a step for which the iteration stays finite', 'non_finite'));
  return right(toPath(out, std, d, o, nu, alpha, resp.interceptAtZero[0]));
}

interface Resolved {
  D: OperatorSpec;
  kappa: number;
  nu?: number;
  alpha?: number;
  index?: readonly number[];
  intercept: boolean;
  normalize: boolean;
  tlist?: readonly number[];
  nt: number;
  trate: number;
}

function validate(o: SplitLbiOptions): Resolved {
  requireKnownKeys(o, ['D', 'kappa', 'nu', 'alpha', 'index', 'intercept', 'normalize', 'tlist', 'nt', 'trate'], 'splitLbi options');
  if (o.nu !== undefined) requirePositive('nu', o.nu);
  if (o.alpha !== undefined) requirePositive('alpha', o.alpha);
  return {
    ...o,
    D: o.D ?? 'identity',
    kappa: requirePositive('kappa', o.kappa ?? 10),
    intercept: o.intercept ?? true,
    normalize: o.normalize ?? true,
    ...gridOptions(o),
  };
}

function toPath(
  out: SplitLoopOutput,
  std: ReturnType<typeof standardize>,
  d: Operator,
  o: Resolved,
  nu: number,
  alpha: number,
  ybar: number,
): SplitLbiPath {
  const p = std.meanx.length;
  const unscale = (b: ArrayLike<number>): Float64Array => Float64Array.from(b, (v, j) => v / std.normx[j]);
  const icpt = (b: Float64Array): Float64Array =>
    Float64Array.of((o.intercept ? ybar : 0) - b.reduce((s, v, j) => s + v * std.meanx[j], 0));
  const betaDense = out.beta.map(unscale);
  const tilde = out.beta.map((b, k) =>
    unscale(
      projectOnSupport(
        Float64Array.from(b),
        Array.from(out.gamma[k], (g) => g !== 0),
        d.dense,
      ),
    ),
  );
  const gamma = out.gamma.map((g) => (d.identity ? unscale(g) : Float64Array.from(g)));
  const entryTime = Array.from({ length: p }, (_, j) => {
    const k = tilde.findIndex((b) => b[j] !== 0);
    return k < 0 ? Infinity : out.t[k];
  });
  const path = makePath({
    loss: 'squared',
    t: out.t,
    beta: tilde,
    intercept: tilde.map(icpt),
    p,
    k: 1,
    entryTime,
    interpolation: 'linear',
    kappa: o.kappa,
    alpha,
  });
  return { ...path, betaDense, gamma, gammaEntryTime: out.gammaEntry, nu, t0: out.t0, iterations: out.iterations };
}
