/**
 * Linearized Bregman Iteration (LBI) regularisation paths for squared, logistic and multinomial
 * losses, following Libra's `lb()` (Osher, Ruan, Xiong, Yao, Yin, arXiv:1406.7728).
 */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { requirePositive, SparsekitError, requireKnownKeys } from '@sparsekit/tensor';
import { catchDataErrors } from '../core/data-error.js';
import { solveError, type SolveError } from '../types.js';
import { readMatrix, spectralNorm64, standardize, toTensor2d, type Dense64 } from './internal/design.js';
import { DEFAULT_C, prepareResponse, type PathLoss } from './internal/path-losses.js';
import { rowGroups, type RowGroups } from './internal/shrink.js';
import { gridOptions, shrinkageFor } from './internal/path-grid.js';
import { runLbiLoop, type LbiLoopOutput } from './internal/lbi-loop.js';
import { runLbiLoop64 } from './internal/lbi-loop64.js';
import { designPasses, type DesignPasses } from './internal/design-passes.js';
import { makePath, type RegularizationPath } from './path.js';
import type { BregmanPathOptions } from './path-options.js';

/** Sparsity pattern: entrywise, groups of variables (`index`), or all classes of a variable. */
export type LbiGroupType = 'ungrouped' | 'grouped' | 'columned';

/** Options of {@link lbi}; names and defaults follow Libra's `lb()`. */
export interface LbiOptions extends BregmanPathOptions {
  /** Damping factor κ (required, as in Libra). */
  readonly kappa: number;
  /** Step α. Default n·c/(κ‖X‖₂²) on the standardised X. */
  readonly alpha?: number;
  /** Normalised step used when α is missing. Default 1 squared, 4 logistic, 2 multinomial (Libra; stable below 2, 8, 4). */
  readonly c?: number;
  /** 'squared' (default), 'logistic' (y ∈ {±1}) or 'multinomial' (labels or one-hot); Libra's `family` gaussian, binomial, multinomial. */
  readonly loss?: PathLoss;
  readonly groupType?: LbiGroupType;
  /** Group label of each variable (groupType 'grouped'). */
  readonly index?: readonly number[];
}

/** An LBI path plus run facts. */
export interface LbiPath extends RegularizationPath {
  /** Jump-start time n / max_j |g_j(β₀)| (largest group norm with groups). */
  readonly t0: number;
  /** Number of Bregman iterations run. */
  readonly iterations: number;
}

const LOSSES: readonly PathLoss[] = ['squared', 'logistic', 'multinomial'];

/**
 * Computes the LBI path on Libra's t grid (t_k = t0·trate^{k/(nt−1)}): z ← z − (α/n)∇ℓ(β),
 * β = κ·shrink(z), started at the first entry time t0. Returns `Left` when no variable can enter
 * (zero gradient at the start) or the iteration produces non-finite values.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { lbi } from '@sparsekit/solvers/paths';
 * const X = tf.tensor2d([[1, 0], [0, 1], [1, 1], [2, 1]]);
 * const res = lbi(X, [1, 0, 1, 2], { kappa: 10, nt: 10 });
 * if (isRight(res)) res.right.coefficients(res.right.t[9]).beta.print();
 * ```
 */
export function lbi(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor | readonly number[],
  options: LbiOptions,
): Either<SolveError, LbiPath> {
  return catchDataErrors(() => lbiUnchecked(x, y, options));
}

function lbiUnchecked(
  x: tf.Tensor2D | readonly (readonly number[])[],
  y: tf.Tensor | readonly number[],
  options: LbiOptions,
): Either<SolveError, LbiPath> {
  const o = validate(options);
  const raw = readMatrix('X', x);
  const { rows: n, cols: p } = raw;
  const std = standardize(raw, o.intercept, o.normalize);
  const resp = prepareResponse(o.loss, y, n);
  const groupType = o.groupType === 'columned' && resp.k === 1 ? 'ungrouped' : o.groupType;
  const groups = makeGroups(groupType, o.index, p);
  const passes = designPasses(std, raw.source32);
  const { alpha, alpha0Rate } = steps(o, std.x, n, passes);
  let out: LbiLoopOutput | null;
  if (o.loss === 'squared' && groupType === 'ungrouped' && lbiOnHost(n, p)) {
    const yHost = Float64Array.from(resp.y.dataSync());
    resp.y.dispose();
    out = runLbiLoop64({
      x: std.x,
      passes,
      y: yHost,
      kappa: o.kappa,
      alpha,
      alpha0Rate,
      intercept: o.intercept,
      interceptAtZero: resp.interceptAtZero[0],
      grid: o,
    });
    return finish(out, std, resp.k, o, alpha, resp.classes);
  }
  const xt = toTensor2d(std.x);
  const xT = tf.transpose(xt);
  try {
    out = runLbiLoop({
      loss: o.loss,
      x: xt,
      xT,
      y: resp.y,
      kappa: o.kappa,
      alpha,
      alpha0Rate,
      intercept: o.intercept,
      interceptAtZero: resp.interceptAtZero,
      grid: o,
      ...shrinkageFor(groups),
    });
  } finally {
    tf.dispose([xt, xT, resp.y]);
    groups?.dispose();
  }
  return finish(out, std, resp.k, o, alpha, resp.classes);
}

/**
 * The squared loss without groups runs in float64 plain JS up to this many entries of X: per
 * iteration two passes over X in V8 against ~20 tfjs kernels and a read (measured on wasm).
 */
const HOST_MAX_ENTRIES = 20_000_000;

function lbiOnHost(n: number, p: number): boolean {
  return n * p <= HOST_MAX_ENTRIES;
}

function finish(
  out: LbiLoopOutput | null,
  std: ReturnType<typeof standardize>,
  k: number,
  o: Resolved,
  alpha: number,
  classes: readonly number[] | undefined,
): Either<SolveError, LbiPath> {
  if (out === null)
    return left(
      solveError(
        'y',
        'a response orthogonal to every column',
        'a response correlated with at least one column of X (zero gradient at β = 0)',
        'non_finite',
      ),
    );
  if (!out.finite || out.diverged) {
    const expected = 'a step for which the iteration stays finite and the loss does not grow';
    return left(solveError('alpha', alpha, expected, 'non_finite', 'lower c or alpha'));
  }
  return right(toPath(out, std, k, o, alpha, classes));
}

interface Resolved extends Required<Omit<LbiOptions, 'alpha' | 'c' | 'index' | 'tlist'>> {
  alpha?: number;
  c?: number;
  index?: readonly number[];
  tlist?: readonly number[];
}

function validate(options: LbiOptions): Resolved {
  requireKnownKeys(
    options,
    ['kappa', 'alpha', 'c', 'loss', 'groupType', 'index', 'intercept', 'normalize', 'tlist', 'nt', 'trate'],
    'lbi options',
  );
  requirePositive('kappa', options.kappa);
  if (options.alpha !== undefined) requirePositive('alpha', options.alpha);
  if (options.c !== undefined) requirePositive('c', options.c);
  const loss = options.loss ?? 'squared';
  if (!LOSSES.includes(loss)) throw new SparsekitError({ argument: 'loss', value: loss, expected: `one of ${LOSSES.join(', ')}` });
  const groupType = options.groupType ?? 'ungrouped';
  if (!['ungrouped', 'grouped', 'columned'].includes(groupType))
    throw new SparsekitError({ argument: 'groupType', value: groupType, expected: "'ungrouped', 'grouped' or 'columned'" });
  if (groupType === 'columned' && loss !== 'multinomial')
    throw new SparsekitError({ argument: 'groupType', value: groupType, expected: "'columned' only with loss 'multinomial'" });
  if (groupType === 'grouped' && options.index === undefined)
    throw new SparsekitError({ argument: 'index', value: undefined, expected: "group labels when groupType is 'grouped'" });
  return {
    ...options,
    loss,
    groupType,
    ...gridOptions(options),
    intercept: options.intercept ?? true,
    normalize: options.normalize ?? true,
  };
}

function makeGroups(groupType: LbiGroupType, index: readonly number[] | undefined, p: number): RowGroups | undefined {
  if (groupType === 'ungrouped') return undefined;
  return rowGroups('index', groupType === 'columned' ? Array.from({ length: p }, (_, j) => j) : index!, p);
}

/** Libra's step rules: default α from ‖X‖₂, and the intercept rate alpha0_rate. */
function steps(o: Resolved, xs: Dense64, n: number, passes: DesignPasses): { alpha: number; alpha0Rate: number } {
  let alpha = o.alpha;
  let alpha0Rate = 1;
  if (alpha === undefined) {
    const sigma = spectralNorm64(xs, passes);
    alpha = (n * (o.c ?? DEFAULT_C[o.loss])) / o.kappa / sigma ** 2;
    if (o.intercept) alpha0Rate = sigma ** 2 / n;
  }
  if (o.intercept && !o.normalize) {
    let maxSq = 0;
    for (let j = 0; j < xs.cols; j++) {
      let s = 0;
      for (let i = 0; i < xs.rows; i++) s += xs.data[i * xs.cols + j] ** 2;
      maxSq = Math.max(maxSq, s);
    }
    alpha0Rate = maxSq / n;
  }
  return { alpha, alpha0Rate };
}

/** Undoes the standardisation: β_j/normx_j and a − Σ meanx_j·β_j. */
function toPath(
  out: LbiLoopOutput,
  std: ReturnType<typeof standardize>,
  k: number,
  o: Resolved,
  alpha: number,
  classes?: readonly number[],
): LbiPath {
  const p = std.meanx.length;
  const last = out.beta.length - 1;
  const beta: Float64Array[] = [];
  const intercept: Float64Array[] = [];
  const { normx, meanx } = std;
  for (let i = 0; i < out.t.length; i++) {
    const b = out.beta[Math.min(i, last)];
    // plain loops over hoisted arrays: Float64Array.from with a map callback was ~5% of a 100×500 path
    const bo = new Float64Array(b.length);
    const ao = Float64Array.from(out.intercept[Math.min(i, last)]);
    for (let j = 0; j < p; j++) {
      for (let c = 0; c < k; c++) {
        const v = b[j * k + c];
        if (v === 0) continue;
        const w = v / normx[j];
        bo[j * k + c] = w;
        ao[c] -= meanx[j] * w;
      }
    }
    beta.push(bo);
    intercept.push(ao);
  }
  const path = makePath({
    loss: o.loss,
    t: out.t,
    beta,
    intercept,
    p,
    k,
    entryTime: out.entryTime,
    interpolation: 'linear',
    kappa: o.kappa,
    alpha,
    classes,
  });
  return { ...path, t0: out.t0, iterations: out.iterations };
}
