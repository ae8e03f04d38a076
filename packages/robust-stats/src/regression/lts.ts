/**
 * Least trimmed squares by FAST-LTS (Rousseeuw & Van Driessen, 2006): random elemental starts,
 * two C-steps each, then C-steps to convergence from the ten best; the raw fit is followed by the
 * reweighting step of robustbase's `ltsReg` (weights |r/s| ≤ Φ⁻¹(0.9875), least squares on them).
 * For n ≥ 600 the starts are spread over disjoint groups of 300 rows (the nested extension, see
 * {@link fastLts}) before the full-data C-steps. The raw and reweighted scales carry the
 * normal consistency factors and Pison et al.'s small-sample corrections, as robustbase's `ltsReg`.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { createRng, requireInteger, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, readMatrix, readVector, withIntercept, type Mat64, type MatrixInput, type VectorInput } from '../internal/dense.js';
import { leastSquares, leastSquaresNormal, residualsOf, residualsOn } from '../internal/least-squares.js';
import { normalQuantile } from '../internal/normal.js';
import { rawCorrection, reweightedCorrection, trimmedConsistency } from './internal/lts-correction.js';
import { refineCSteps, smallestH, type CStepMemo, type RawFit } from './internal/c-steps.js';
import { checkOptionKeys } from '../internal/options.js';

/** Options of {@link lts}. */
export interface LtsOptions {
  /** Default true. */
  readonly intercept?: boolean;
  /** Trimmed size h; default ⌊(n + p + 1)/2⌋ with p counting the intercept (robustbase's alpha = 0.5). */
  readonly h?: number;
  /** Random elemental starts. Default 500 (robustbase's nsamp). */
  readonly nsamp?: number;
  /** Default 0. */
  readonly seed?: number;
}

/** An LTS fit: raw (trimmed) and reweighted coefficients. */
export interface LtsResult {
  /** Reweighted least-squares slope coefficients. */
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly rawCoef: Float64Array;
  readonly rawIntercept: number;
  /** Raw LTS scale: √(crit/h) with the normal consistency factor and the small-sample correction. */
  readonly rawScale: number;
  /**
   * Scale of the reweighted fit: √(Σ w r² / (Σ w − 1)) over the kept samples with the consistency
   * factor of a sample trimmed to Σ w of n and the small-sample correction (robustbase's `scale`).
   */
  readonly scale: number;
  /** Sum of the h smallest squared raw residuals. */
  readonly crit: number;
  readonly h: number;
  /** Samples with |raw residual| > 2.2414·rawScale (weight 0 in the reweighting step). */
  readonly outliers: boolean[];
  /** h-subset of the raw fit. */
  readonly best: number[];
}

const KEYS = ['intercept', 'h', 'nsamp', 'seed'];
const CUTOFF = normalQuantile(0.9875);

/**
 * FAST-LTS regression.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { lts } from '@sparsekit/robust-stats';
 * const X = [[0], [1], [2], [3], [4], [5], [6], [7]];
 * const fit = lts(X, [0, 1, 2, 3, 4, 5, 30, 31], { seed: 1 });
 * if (isRight(fit)) fit.right.rawCoef; // ≈ [1]: the two gross outliers are trimmed
 * ```
 */
export function lts(X: MatrixInput, y: VectorInput, options: LtsOptions = {}): Either<SparsekitError, LtsResult> {
  checkOptionKeys('options', options, KEYS);
  const intercept = options.intercept ?? true;
  const nsamp = requireInteger('nsamp', options.nsamp ?? 500, 1);
  const raw = readMatrix('X', X);
  const yv = readVector('y', y);
  const x = withIntercept(raw, intercept);
  const { rows: n, cols: p } = x;
  if (yv.length !== n)
    return left(new SparsekitError({ argument: 'y', value: yv.length, code: 'shape_mismatch', expected: `${n} responses` }));
  const fin = checkFinite('X', raw.data);
  if (fin._tag === 'Left') return fin;
  const finY = checkFinite('y', yv);
  if (finY._tag === 'Left') return finY;
  if (n <= p)
    return left(
      new SparsekitError({ argument: 'X', value: `${n}×${p}`, code: 'shape_mismatch', expected: 'more samples than coefficients' }),
    );
  const h = requireInteger('h', options.h ?? Math.floor((n + p + 1) / 2), p);
  if (h > n) throw new SparsekitError({ argument: 'h', value: h, expected: `at most n = ${n}` });
  const fit = fastLts(x, yv, h, nsamp, options.seed ?? 0);
  if (fit === null)
    return left(
      new SparsekitError({
        argument: 'X',
        value: `${n}×${p}`,
        code: 'invalid_argument',
        expected: 'a design with non-degenerate p-subsets',
      }),
    );
  // Coverage α of the corrections: robustbase's default 0.5 for the default h, else h/n.
  const alpha = options.h === undefined ? 0.5 : Math.min(1, Math.max(0.5, h / n));
  return right(reweight(x, yv, fit, h, intercept, alpha));
}

/**
 * FAST-LTS (Rousseeuw & Van Driessen) with its nested extension as in robustbase: for n ≥ 600 the
 * starts are spread over up to 5 disjoint groups of 300 rows (2 C-steps each, 10 best kept per
 * group), the survivors get 2 C-steps on the merged groups (10 best kept), and those are iterated to
 * convergence on all rows. Smaller data take every start on all rows.
 */
function fastLts(x: Mat64, y: Float64Array, h: number, nsamp: number, seed: number): RawFit | null {
  const rng = createRng(seed);
  const n = x.rows;
  const groups = n >= 600 ? Math.min(5, Math.floor(n / 300)) : 1;
  const size = groups > 1 ? Math.min(300, Math.floor(n / groups)) : n;
  const perm = groups > 1 ? Array.from(rng.permutationArray(n)) : Array.from({ length: n }, (_, i) => i);
  const hOf = (m: number): number => Math.max(x.cols, Math.ceil((h * m) / n));
  let candidates: RawFit[] = [];
  for (let g = 0; g < groups; g++) {
    const rows = perm.slice(g * size, (g + 1) * size).sort((a, b) => a - b);
    const found: RawFit[] = [];
    for (let s = 0; s < Math.floor(nsamp / groups); s++) {
      const subset = rng.choiceArray(rows.length, x.cols, { replace: false }).map((k) => rows[k]);
      const b0 = leastSquares(x, y, subset);
      if (b0 === null) continue;
      const f = cSteps(x, y, b0, hOf(rows.length), rows, 2);
      if (f !== null) found.push(f);
    }
    candidates.push(...bestOf(found, groups > 1 ? 10 : found.length));
  }
  if (groups > 1) {
    const merged = perm.slice(0, groups * size).sort((a, b) => a - b);
    candidates = candidates.flatMap((c) => {
      const f = cSteps(x, y, c.b, hOf(merged.length), merged, 2);
      return f === null ? [] : [f];
    });
  }
  let best: RawFit | null = null;
  const memo: CStepMemo = new Map();
  for (const start of bestOf(candidates, 10)) {
    const f = refineCSteps(x, y, start.b, h, 101, memo);
    if (f !== null && (best === null || f.crit < best.crit)) best = f;
  }
  return best;
}

function bestOf(fits: RawFit[], k: number): RawFit[] {
  return fits.sort((a, b) => a.crit - b.crit).slice(0, k);
}

/**
 * Concentration steps on the pool: least squares on its h rows with the smallest residuals, `steps`
 * times. The residuals that score one step select the next step's rows.
 */
function cSteps(x: Mat64, y: Float64Array, b: Float64Array, h: number, pool: readonly number[], steps: number): RawFit | null {
  let small = smallestH(squaresOn(residualsOn(x, y, b, pool), pool), h);
  let fit: RawFit | null = null;
  for (let s = 0; s < steps; s++) {
    const sel = small.idx.map((k) => pool[k]);
    const nb = leastSquaresNormal(x, y, sel);
    if (nb === null) return fit;
    small = smallestH(squaresOn(residualsOn(x, y, nb, pool), pool), h);
    fit = { b: nb, crit: small.crit, best: sel };
  }
  return fit;
}

function squaresOn(r: Float64Array, pool: readonly number[]): Float64Array {
  return Float64Array.from(pool, (i) => r[i] * r[i]);
}

function reweight(x: Mat64, y: Float64Array, fit: RawFit, h: number, intercept: boolean, alpha: number): LtsResult {
  const { rows: n, cols: p } = x;
  const rawScale = Math.sqrt(fit.crit / h) * trimmedConsistency(h, n) * rawCorrection(p, intercept, n, alpha);
  const r = residualsOf(x, y, fit.b);
  const outliers = Array.from(r, (v) => (rawScale > 1e-7 ? Math.abs(v) / rawScale > CUTOFF : Math.abs(v) > 1e-7));
  const keep = outliers.flatMap((o, i) => (o ? [] : [i]));
  const rw = leastSquares(x, y, keep) ?? fit.b;
  const split = (b: Float64Array): [Float64Array, number] => (intercept ? [b.slice(1), b[0]] : [b, 0]);
  const [coef, icpt] = split(rw);
  const [rawCoef, rawIntercept] = split(fit.b);
  const scale = rawScale > 1e-7 ? reweightedScale(x, y, rw, keep, intercept, alpha) : 0;
  return { coef, intercept: icpt, rawCoef, rawIntercept, rawScale, scale, crit: fit.crit, h, outliers, best: fit.best };
}

function reweightedScale(x: Mat64, y: Float64Array, b: Float64Array, keep: readonly number[], intercept: boolean, alpha: number): number {
  const { rows: n, cols: p } = x;
  const r = residualsOn(x, y, b, keep);
  const rss = keep.reduce((s, i) => s + r[i] * r[i], 0);
  const base = Math.sqrt(rss / (keep.length - 1));
  return keep.length === n ? base : base * trimmedConsistency(keep.length, n) * reweightedCorrection(p, intercept, n, alpha);
}
