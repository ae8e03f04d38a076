/**
 * PALM4MSA on host arrays (float64) for real matrices: the update of the tensor path (step
 * 1/(1.001·λ²‖L‖₂²‖R‖₂²), gradient λ·Lᵀ(λ·L S_j R − A)Rᵀ, λ = ⟨A, Â⟩/‖Â‖²_F after each sweep, the
 * same stop rules and trace) without a tensor op per step: on matrices of a few hundred rows the
 * dispatch of tens of small ops per projection, not arithmetic, set the time of the tensor path.
 * The sweep runs right to left and keeps the product of the factors already updated, so each
 * update costs a few passes over the nonzeros of the factors; 'L2R' is the same sweep on the
 * transposed problem, projecting in the original orientation (same ties).
 */
import type { HostMatrix } from '@sparsekit/constraints';
import {
  chainNormSquared,
  chainTimes,
  chainTransposeTimes,
  dot,
  mat,
  mulAB,
  startVector,
  timesChainTranspose,
  transpose,
  type Mat,
} from './host-linalg.js';
import type { StopSettings, UpdateOrder } from './settings.js';

/** The projection of one factor (its constraint's `projectHost`). */
export type HostProjection = (x: HostMatrix) => HostMatrix;

export interface HostPalmSettings {
  readonly stop: StopSettings;
  readonly order: UpdateOrder;
  readonly lambda0: number;
  readonly noLambda: boolean;
}

export interface HostPalmResult {
  readonly factors: Mat[];
  readonly lambda: number;
  readonly errors: number[];
  readonly nit: number;
  readonly status: 'converged' | 'maxiter' | 'nonfinite';
}

const project = (p: HostProjection, m: Mat): Mat => mat(m.rows, m.cols, p({ rows: m.rows, cols: m.cols, re: m.data, im: null }).re);

/** ½‖λ·Â − A‖²_F. */
function halfError(lambda: number, product: Mat, a: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (lambda * product.data[i] - a.data[i]) ** 2;
  return s / 2;
}

/** One right-to-left sweep; returns the product of the updated factors. */
function sweep(a: Mat, factors: Mat[], projections: readonly HostProjection[], lambda: number, warm: Float64Array[][]): Mat {
  let right: Mat | null = null; // S_{j+1}⋯S_J, already updated
  for (let j = factors.length - 1; j >= 0; j--) {
    const leftChain = factors.slice(0, j);
    const rightChain = factors.slice(j + 1);
    const c = 1.001 * lambda ** 2 * chainNormSquared(leftChain, warm[j][0]) * chainNormSquared(rightChain, warm[j][1]);
    if (c > 0 && Number.isFinite(c)) {
      const inner = right === null ? factors[j] : mulAB(factors[j], right);
      const product = chainTimes(leftChain, inner);
      // a fresh array: with no factor on either side the product is the factor itself
      const residual = product === factors[j] ? mat(product.rows, product.cols, product.data.slice()) : product;
      for (let i = 0; i < residual.data.length; i++) residual.data[i] = lambda * residual.data[i] - a.data[i];
      const grad = timesChainTranspose(chainTransposeTimes(leftChain, residual), rightChain);
      const moved = mat(factors[j].rows, factors[j].cols, factors[j].data.slice());
      const step = lambda / c;
      for (let i = 0; i < moved.data.length; i++) moved.data[i] -= step * grad.data[i];
      factors[j] = project(projections[j], moved);
    }
    right = right === null ? factors[j] : mulAB(factors[j], right);
  }
  return right!;
}

function lambdaOf(a: Mat, product: Mat, previous: number): number {
  const den = dot(product.data, product.data);
  const next = dot(a.data, product.data) / den;
  return den > 0 && Number.isFinite(next) ? next : previous;
}

/** PALM4MSA from `init` (not modified); the factors of the result are fresh. */
export function hostPalm(a: Mat, projections: readonly HostProjection[], init: readonly Mat[], s: HostPalmSettings): HostPalmResult {
  if (s.order === 'L2R') {
    const transposed = projections.map((p) => (x: HostMatrix): HostMatrix => {
      const back = project(p, transpose(mat(x.rows, x.cols, x.re)));
      const t = transpose(back);
      return { rows: t.rows, cols: t.cols, re: t.data, im: null };
    });
    const r = hostPalm(transpose(a), [...transposed].reverse(), [...init].reverse().map(transpose), { ...s, order: 'R2L' });
    return { ...r, factors: r.factors.reverse().map(transpose) };
  }
  const normA = Math.sqrt(dot(a.data, a.data));
  const scale = normA === 0 ? 1 : normA;
  const relOf = (half: number) => Math.sqrt(Math.max(0, 2 * half)) / scale;
  const tolAbs = s.stop.tol === null ? null : s.stop.tol * (s.stop.relErr ? normA : 1);
  let factors = init.map((f) => mat(f.rows, f.cols, f.data.slice()));
  let lambda = s.lambda0;
  const errors = [relOf(halfError(lambda, productOf(factors), a))];
  const warm = factors.map((f, j) => [startVector(f.rows, 2 * j), startVector(factors[factors.length - 1].cols, 2 * j + 1)]);
  let nit = 0;
  let status: HostPalmResult['status'] = 'maxiter';
  while (nit < s.stop.maxIter && status === 'maxiter') {
    const previous = factors.map((f) => f);
    const product = sweep(a, factors, projections, lambda, warm);
    if (!s.noLambda) lambda = lambdaOf(a, product, lambda);
    const half = halfError(lambda, product, a);
    nit++;
    if (!Number.isFinite(half)) {
      factors = previous;
      status = 'nonfinite';
      break;
    }
    const prev = errors[errors.length - 1] * scale;
    const err = relOf(half) * scale;
    errors.push(relOf(half));
    const stalled = s.stop.errEps !== null && errors.length > 2 && prev - err < s.stop.errEps;
    if ((tolAbs !== null && err <= tolAbs) || stalled) status = 'converged';
  }
  return { factors, lambda, errors, nit, status };
}

/** S₁⋯S_J. */
export function productOf(factors: readonly Mat[]): Mat {
  return chainTimes(factors.slice(0, -1), factors[factors.length - 1]);
}
