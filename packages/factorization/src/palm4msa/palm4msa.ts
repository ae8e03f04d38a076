/** PALM4MSA (Le Magoarou & Gribonval, JSTSP 2016; pyfaust `fact.palm4msa`, 2020 backend). */
import * as tf from '@tensorflow/tfjs';
import { right, isLeft, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError, requireInteger, type ComplexTensor } from '@sparsekit/tensor';
import { palm, type PalmBlock } from '@sparsekit/solvers/palm';
import { Faust } from '../faust/faust.js';
import { productFit } from './product-fit.js';
import { disposeValue, type BlockValue } from './internal/blocks.js';
import {
  checkConstraint,
  stopSettings,
  updateOrder,
  type FactorConstraint,
  type StopCriterion,
  type UpdateOrder,
} from './internal/settings.js';
import { lambdaUpdate, prepareTarget, startFactors } from './internal/palm4msa-steps.js';
import { faustOf, hostProjections, readMat, roundedError, type PalmEngine } from './internal/host-entry.js';
import { hostPalm, type HostProjection } from './internal/host-palm.js';

export type { FactorConstraint, StopCriterion, UpdateOrder, PalmEngine };

/** Options of {@link palm4msa}. */
export interface Palm4msaOptions {
  /** One constraint per factor, left to right (the FAμST projectors of `@sparsekit/constraints/faust`). */
  readonly constraints: readonly FactorConstraint[];
  /** Default `{ numIts: 500 }`. */
  readonly stop?: StopCriterion;
  /** Factor sizes d₀ = m, d₁, …, d_J = n (S_j is d_{j−1}×d_j). Default [m, m, …, m, n]. */
  readonly dims?: readonly number[];
  /**
   * Starting factors. Default as pyfaust: the first factor updated is zero, the others
   * rectangular identities.
   */
  readonly init?: readonly (tf.Tensor | ComplexTensor)[];
  /** 'L2R' (default, pyfaust `is_update_way_R2L=False`) or 'R2L'. */
  readonly updateOrder?: UpdateOrder;
  /** Initial λ (pyfaust `init_lambda`). Default 1. */
  readonly lambda?: number;
  /** Keep λ fixed (pyfaust `no_lambda`). Default false. */
  readonly noLambda?: boolean;
  /**
   * Run MHTP passes (pyfaust `palm4msa_mhtp` with `MHTPParams`): every `period` sweeps (default 1000,
   * starting with the first) each factor is reset to zero and re-fitted alone for `numIts`
   * (default 50) steps, λ updated after each step unless `updatingLambda` is false.
   */
  readonly mhtp?: { readonly period?: number; readonly numIts?: number; readonly updatingLambda?: boolean };
  /**
   * Where the iterations run. 'host' runs them on float64 JavaScript arrays with the constraints'
   * `projectHost` (real targets, no `mhtp`): on matrices of a few hundred rows it is many times
   * faster than per-op tensor dispatch. 'tensor' runs tfjs ops (real and complex, any constraint
   * with `project`). Default 'auto': 'host' when it applies, else 'tensor'.
   */
  readonly engine?: PalmEngine;
}

/** Result of {@link palm4msa}, shaped like an OptimizeResult. */
export interface Palm4msaResult {
  /** λ·S₁⋯S_J with λ folded into the first factor. */
  readonly faust: Faust;
  readonly lambda: number;
  /** ‖λ·∏S_j − A‖_F / ‖A‖_F. */
  readonly relError: number;
  readonly nit: number;
  readonly status: 'converged' | 'maxiter' | 'nonfinite';
  readonly success: boolean;
  readonly message: string;
  /** Relative error after each sweep (index 0: at the start). */
  readonly trace: { readonly relError: number[] };
}

function disposeAll(values: readonly BlockValue[]): void {
  values.forEach(disposeValue);
}

/**
 * Approximates A (real or complex) by λ·S₁⋯S_J with S_j in the given sets: each sweep updates
 * the factors in order by a projected gradient step of size 1/(1.001·λ²‖L‖₂²‖R‖₂²) on
 * ½‖λ·L S_j R − A‖²_F (conjugate transposes for complex A: the Wirtinger gradient), then sets
 * λ = Re tr(Aᴴ Â)/‖Â‖²_F (Â = ∏S_j). `Left` for non-finite A or factor sizes that do not fit A.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { skperm } from '@sparsekit/constraints/faust';
 * import { palm4msa, wht } from '@sparsekit/factorization';
 * const A = wht(8, { normed: false }).toDense();
 * const res = palm4msa(A, { constraints: [skperm(2), skperm(2), skperm(2)], stop: { numIts: 30 }, updateOrder: 'R2L' });
 * if (isRight(res)) console.log(res.right.relError);
 * ```
 */
export function palm4msa(A: tf.Tensor | ComplexTensor, options: Palm4msaOptions): Either<SparsekitError, Palm4msaResult> {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.constraints) || options.constraints.length === 0) {
    throw new SparsekitError({ argument: 'constraints', value: options?.constraints, expected: 'a non-empty array of factor constraints' });
  }
  const constraints = options.constraints.map((c, i) => checkConstraint(`constraints[${i}]`, c));
  const stop = stopSettings('stop', options.stop);
  const order = updateOrder(options.updateOrder);
  const lambda0 = options.lambda ?? 1;
  if (!Number.isFinite(lambda0) || lambda0 === 0)
    throw new SparsekitError({ argument: 'lambda', value: lambda0, expected: 'a finite nonzero number' });
  const mhtp =
    options.mhtp === undefined
      ? null
      : {
          period: requireInteger('mhtp.period', options.mhtp.period ?? 1000, 1),
          numIts: requireInteger('mhtp.numIts', options.mhtp.numIts ?? 50, 0),
          updatingLambda: options.mhtp.updatingLambda ?? true,
        };
  const host = hostProjections(options.engine, A, constraints, mhtp !== null);
  const target = prepareTarget(A);
  if (isLeft(target)) return target;
  const { norm: normA, complex } = target.right;
  const start = startFactors(A, constraints.length, options.dims, options.init, order);
  if (isLeft(start)) return start;
  if (host !== null)
    return right(runHost(A as tf.Tensor, host, start.right as tf.Tensor[], { stop, order, lambda0, noLambda: options.noLambda ?? false }));
  return right(run(A, constraints, start.right, { mhtp, stop, order, lambda0, noLambda: options.noLambda ?? false, normA, complex }));
}

interface MhtpSettings {
  readonly period: number;
  readonly numIts: number;
  readonly updatingLambda: boolean;
}

interface RunSettings {
  readonly mhtp: MhtpSettings | null;
  readonly stop: ReturnType<typeof stopSettings>;
  readonly order: UpdateOrder;
  readonly lambda0: number;
  readonly noLambda: boolean;
  readonly normA: number;
  readonly complex: boolean;
}

function runHost(A: tf.Tensor, projections: HostProjection[], start: tf.Tensor[], s: Parameters<typeof hostPalm>[3]): Palm4msaResult {
  const init = start.map(readMat);
  disposeAll(start);
  const r = hostPalm(readMat(A), projections, init, s);
  const message =
    r.status === 'converged'
      ? 'stopping criterion met'
      : r.status === 'maxiter'
        ? 'number of sweeps reached'
        : 'non-finite objective; kept the last finite factors';
  const faust = faustOf(r.factors, r.lambda);
  // the error of the float32 factors returned, not of the float64 iterate (the trace keeps those)
  const relError = roundedError(readMat(A), r.factors, r.lambda);
  return {
    faust,
    lambda: r.lambda,
    relError,
    nit: r.nit,
    status: r.status,
    success: r.status !== 'nonfinite',
    message,
    trace: { relError: r.errors },
  };
}

function run(A: tf.Tensor | ComplexTensor, constraints: readonly FactorConstraint[], init: BlockValue[], s: RunSettings): Palm4msaResult {
  let lambda = s.lambda0;
  const J = constraints.length;
  const order = s.order === 'L2R' ? [...Array(J).keys()] : [...Array(J).keys()].reverse();
  // The blocks use the projection only: no indicator value, so Ψ is the fit H itself and the
  // (non-unit) identity start is not reported as infeasible.
  const blockOf = (x0: BlockValue, j: number): PalmBlock => ({
    x0: x0 as tf.Tensor,
    constraint: {
      name: constraints[j].name,
      params: constraints[j].params,
      prox: (x: tf.Tensor) => constraints[j].project(x),
      projectComplex: (z: ComplexTensor) => constraints[j].projectComplex(z),
    },
  });
  const coupling = productFit(A, { lambda: () => lambda });
  const updateLambda = (values: readonly BlockValue[]) => {
    if (!s.noLambda) lambda = lambdaUpdate(A, values, lambda);
  };
  const scale = s.normA === 0 ? 1 : s.normA;
  const relOf = (fun: number) => Math.sqrt(Math.max(0, 2 * fun)) / scale;
  const funOf = (values: readonly BlockValue[]) => tf.tidy(() => coupling.objective(values).dataSync()[0]);
  const tolAbs = s.stop.tol === null ? null : s.stop.tol * (s.stop.relErr ? s.normA : 1);
  const errors: number[] = [relOf(funOf(init))];
  /** Records the error after a sweep; true when a stopping rule fires. */
  const record = (fun: number): boolean => {
    const prev = errors[errors.length - 1] * scale;
    const err = relOf(fun) * scale;
    errors.push(relOf(fun));
    return (tolAbs !== null && err <= tolAbs) || (s.stop.errEps !== null && errors.length > 2 && prev - err < s.stop.errEps);
  };
  let factors = init;
  let nit = 0;
  let status: Palm4msaResult['status'] = 'maxiter';
  while (nit < s.stop.maxIter && status === 'maxiter') {
    if (s.mhtp !== null && nit % s.mhtp.period === 0) {
      factors = mhtpSweep(factors, order, blockOf, coupling, s.mhtp, updateLambda);
      updateLambda(factors);
      nit++;
      if (record(funOf(factors))) status = 'converged';
      continue;
    }
    const sweeps = Math.min(s.stop.maxIter - nit, s.mhtp === null ? Infinity : s.mhtp.period - (nit % s.mhtp.period));
    const result = palm(
      { blocks: factors.map(blockOf), ...coupling, afterSweep: updateLambda },
      {
        maxIter: sweeps,
        order,
        trace: false,
        callback: ({ fun }) => (record(fun) ? 'stop' : undefined),
      },
    );
    disposeAll(factors);
    if (isLeft(result)) throw result.left; // cannot happen: A and the start were checked finite
    factors = result.right.blocks;
    nit += result.right.nit;
    if (result.right.status === 'nonfinite') status = 'nonfinite';
    else if (result.right.status === 'callback') status = 'converged';
  }
  const fun = funOf(factors);
  const faust = Faust.fromFactors(factors).scale(lambda);
  disposeAll(factors);
  const message =
    status === 'converged'
      ? 'stopping criterion met'
      : status === 'maxiter'
        ? 'number of sweeps reached'
        : 'non-finite objective; kept the last finite factors';
  return { faust, lambda, relError: relOf(fun), nit, status, success: status !== 'nonfinite', message, trace: { relError: errors } };
}

/**
 * pyfaust's MHTP pass (Le & Gribonval, ICASSP 2021), run instead of a regular sweep every
 * `period` sweeps: each factor in turn is reset to zero and re-fitted alone by `numIts` projected
 * gradient steps (λ updated after each when `updatingLambda`), which lets it pick a new support.
 */
function mhtpSweep(
  factors: BlockValue[],
  order: readonly number[],
  blockOf: (x0: BlockValue, j: number) => PalmBlock,
  coupling: ReturnType<typeof productFit>,
  mhtp: MhtpSettings,
  updateLambda: (values: readonly BlockValue[]) => void,
): BlockValue[] {
  let current = factors;
  for (const j of order) {
    const zero = tf.tidy(() => zerosLikeValue(current[j]));
    const start = current.map((f, i) => (i === j ? zero : f));
    const result = palm(
      { blocks: start.map(blockOf), ...coupling, afterSweep: mhtp.updatingLambda ? updateLambda : undefined },
      {
        maxIter: mhtp.numIts,
        order: [j],
        trace: false,
      },
    );
    disposeValue(zero);
    if (isLeft(result)) throw result.left;
    disposeAll(current);
    current = result.right.blocks;
  }
  return current;
}

function zerosLikeValue(v: BlockValue): BlockValue {
  return v instanceof tf.Tensor ? tf.zerosLike(v) : { re: tf.zerosLike(v.re), im: tf.zerosLike(v.im) };
}
