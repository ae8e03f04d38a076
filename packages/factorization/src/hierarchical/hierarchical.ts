/** Hierarchical PALM4MSA (Le Magoarou & Gribonval, JSTSP 2016; pyfaust `fact.hierarchical`). */
import * as tf from '@tensorflow/tfjs';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import type { Faust } from '../faust/faust.js';
import { palm4msa, type Palm4msaOptions, type Palm4msaResult } from '../palm4msa/palm4msa.js';
import {
  checkConstraint,
  stopSettings,
  updateOrder,
  type FactorConstraint,
  type StopCriterion,
  type UpdateOrder,
} from '../palm4msa/internal/settings.js';
import { prepareTarget } from '../palm4msa/internal/palm4msa-steps.js';
import { disposeValue, type BlockValue } from '../palm4msa/internal/blocks.js';
import { presetOptions, type HierarchicalPreset } from './presets.js';

/** Options of {@link hierarchical} (pyfaust `ParamsHierarchical`). */
export interface HierarchicalOptions {
  /** Constraints of the J−1 factors split off, in the order they are split. */
  readonly factorConstraints: readonly FactorConstraint[];
  /** Constraints of the J−1 successive residuals (the last one is the last factor). */
  readonly residualConstraints: readonly FactorConstraint[];
  /** Stop of each two-factor split (pyfaust `stop_crit1`). Default `{ numIts: 500 }`. */
  readonly local?: StopCriterion;
  /** Stop of each global re-optimisation (pyfaust `stop_crit2`). Default `{ numIts: 500 }`. */
  readonly global?: StopCriterion;
  /**
   * 'right' (default, pyfaust `is_fact_side_left=False`): A ≈ S₁R₁ ≈ S₁S₂R₂ …, factors split off on
   * the left; 'left': A ≈ R₁S_J ≈ R₂S_{J−1}S_J …
   */
  readonly side?: 'left' | 'right';
  readonly updateOrder?: UpdateOrder;
  /** Inner sizes d₁, …, d_{J−1} (factor j is d_{j−1}×d_j, d₀ = m, d_J = n). Default all m. */
  readonly dims?: readonly number[];
  /** MHTP passes in every PALM4MSA run (pyfaust `hierarchical_mhtp`); see `palm4msa`'s `mhtp`. */
  readonly mhtp?: Palm4msaOptions['mhtp'];
  /** Where every PALM4MSA run goes (see `palm4msa`'s `engine`). Default 'auto'. */
  readonly engine?: Palm4msaOptions['engine'];
}

/** Result of {@link hierarchical}. */
export interface HierarchicalResult {
  readonly faust: Faust;
  readonly lambda: number;
  readonly relError: number;
  /** Relative error after each level (two-factor split and global pass). */
  readonly levelErrors: number[];
}

function factorsOf(res: Palm4msaResult): BlockValue[] {
  // The Faust has λ folded into its first factor; undo it to get the normalized factors back.
  const F = res.faust.scale(1 / res.lambda);
  return Array.from({ length: F.numFactors() }, (_, i) => F.factor(i));
}

function unwrap<T>(e: Either<SparsekitError, T>): T {
  if (isLeft(e)) throw e.left;
  return e.right;
}

/**
 * Factorizes A ≈ λ·S₁⋯S_J by J−1 two-factor PALM4MSA splits of the current residual, each
 * followed by a global PALM4MSA pass over all factors so far, warm-started. A preset name
 * ('hadamard', 'hadamard_simple', 'dft') builds pyfaust's parameters for A of size 2ⁿ.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { hierarchical, wht } from '@sparsekit/factorization';
 * const res = hierarchical(wht(16, { normed: false }).toDense(), 'hadamard');
 * if (isRight(res)) console.log(res.right.relError, res.right.faust.nnzSum()); // ~1e-7, 128
 * ```
 */
export function hierarchical(
  A: tf.Tensor | ComplexTensor,
  options: HierarchicalOptions | HierarchicalPreset,
): Either<SparsekitError, HierarchicalResult> {
  const target = prepareTarget(A);
  if (isLeft(target)) return target;
  const [m, n] = target.right.shape;
  const o: Either<SparsekitError, HierarchicalOptions> = typeof options === 'string' ? presetOptions(options, m, n) : right(options);
  if (isLeft(o)) return o;
  const opts = o.right;
  const fac = opts.factorConstraints.map((c, i) => checkConstraint(`factorConstraints[${i}]`, c));
  const res = opts.residualConstraints.map((c, i) => checkConstraint(`residualConstraints[${i}]`, c));
  if (fac.length < 1 || res.length !== fac.length) {
    throw new SparsekitError({
      argument: 'residualConstraints',
      value: res.length,
      expected: `as many as factorConstraints (${fac.length} >= 1)`,
    });
  }
  stopSettings('local', opts.local);
  stopSettings('global', opts.global);
  const side = opts.side ?? 'right';
  if (side !== 'left' && side !== 'right') throw new SparsekitError({ argument: 'side', value: side, expected: "'left' or 'right'" });
  const order = updateOrder(opts.updateOrder);
  const dims = opts.dims ?? Array(fac.length).fill(m);
  if (!Array.isArray(dims) || dims.length !== fac.length)
    throw new SparsekitError({ argument: 'dims', value: dims, expected: `${fac.length} inner sizes` });
  try {
    return right(
      levels(A, { fac, res, side, order, dims, m, n, local: opts.local, global: opts.global, mhtp: opts.mhtp, engine: opts.engine }),
    );
  } catch (e) {
    if (e instanceof SparsekitError && e.code !== 'invalid_argument') return left(e);
    throw e;
  }
}

interface LevelSettings {
  readonly fac: FactorConstraint[];
  readonly res: FactorConstraint[];
  readonly side: 'left' | 'right';
  readonly order: UpdateOrder;
  readonly dims: readonly number[];
  readonly m: number;
  readonly n: number;
  readonly local?: StopCriterion;
  readonly global?: StopCriterion;
  readonly mhtp?: Palm4msaOptions['mhtp'];
  readonly engine?: Palm4msaOptions['engine'];
}

function levels(A: tf.Tensor | ComplexTensor, s: LevelSettings): HierarchicalResult {
  const right = s.side === 'right';
  let done: BlockValue[] = []; // factors split off so far, in product order, without the residual
  let residual: BlockValue = A instanceof tf.Tensor ? tf.clone(A) : { re: tf.clone(A.re), im: tf.clone(A.im) };
  let lambda = 1;
  let last: Palm4msaResult | null = null;
  const levelErrors: number[] = [];
  for (let i = 0; i < s.fac.length; i++) {
    const inner = s.dims[i];
    const shape = residual instanceof tf.Tensor ? residual.shape : residual.re.shape;
    const dims = right ? [shape[0], inner, s.n] : [s.m, inner, shape[1]];
    const split = unwrap(
      palm4msa(residual, {
        constraints: right ? [s.fac[i], s.res[i]] : [s.res[i], s.fac[i]],
        stop: s.local,
        updateOrder: s.order,
        dims,
        mhtp: s.mhtp,
        engine: s.engine,
      }),
    );
    const [a, b] = factorsOf(split);
    disposeValue(residual);
    lambda *= split.lambda;
    const current = right ? [...done, a, b] : [a, b, ...done];
    const constraints = right ? [...s.fac.slice(0, i + 1), s.res[i]] : [s.res[i], ...s.fac.slice(0, i + 1).reverse()];
    last = unwrap(
      palm4msa(A, { constraints, init: current, lambda, stop: s.global, updateOrder: s.order, mhtp: s.mhtp, engine: s.engine }),
    );
    current.forEach(disposeValue);
    lambda = last.lambda;
    levelErrors.push(last.relError);
    const factors = factorsOf(last);
    residual = right ? factors[factors.length - 1] : factors[0];
    done = right ? factors.slice(0, -1) : factors.slice(1);
  }
  done.forEach(disposeValue);
  disposeValue(residual);
  return { faust: last!.faust, lambda, relError: last!.relError, levelErrors };
}
