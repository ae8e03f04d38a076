/**
 * The path object shared by `lbi`, `iss` and `splitLbi`: coefficients on a grid of t values,
 * the entry time of each variable, and interpolation in t (linear for LBI, piecewise constant
 * for ISS, as Libra's `predict.lb`). Values are stored in float64 JS arrays on the original
 * scale of X, so a path owns no tensors and needs no disposal.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { response, type PathLoss } from './internal/path-losses.js';

/** How coefficients between grid values are obtained. */
export type PathInterpolation = 'linear' | 'left';

/** Plain data of a path (what the solvers build). */
export interface PathData {
  readonly loss: PathLoss;
  /** Increasing t grid. */
  readonly t: readonly number[];
  /** Coefficients at each t, row-major [p, K], original scale of X. */
  readonly beta: readonly Float64Array[];
  /** Intercept at each t, length K (zeros without an intercept). */
  readonly intercept: readonly Float64Array[];
  readonly p: number;
  readonly k: number;
  /** First t at which each variable is nonzero (Infinity if never on this path). */
  readonly entryTime: readonly number[];
  readonly interpolation: PathInterpolation;
  readonly kappa: number;
  readonly alpha: number;
  /** Class labels of the K columns (multinomial). */
  readonly classes?: readonly number[];
}

/** Coefficients at one t, as JS arrays ([p·K] row-major and [K]). */
export interface PathPoint {
  readonly beta: Float64Array;
  readonly intercept: Float64Array;
}

/** A regularisation path with interpolation and prediction. */
export interface RegularizationPath extends PathData {
  /** Coefficients at t as arrays (t is clamped to the grid range, like Libra). */
  at(t: number): PathPoint;
  /** Coefficients at t as fresh tensors: beta [p] (or [p, K]) and intercept [] (or [K]). */
  coefficients(t: number): { beta: tf.Tensor; intercept: tf.Tensor };
  /** Predictions for new rows at t: 'response' (mean, P(y=+1), class probabilities) or 'link'. */
  predict(x: tf.Tensor2D, t: number, type?: 'response' | 'link'): tf.Tensor;
  /** Indices of the variables that are nonzero at t. */
  support(t: number): number[];
}

/**
 * Wraps path data with interpolation and prediction.
 *
 * @example
 * ```ts
 * import { makePath } from '@sparsekit/solvers/paths';
 * const path = makePath({
 *   loss: 'squared', t: [1, 2], p: 1, k: 1, kappa: 10, alpha: 0.1, interpolation: 'linear',
 *   beta: [Float64Array.of(0), Float64Array.of(2)], intercept: [Float64Array.of(0), Float64Array.of(0)],
 *   entryTime: [1],
 * });
 * path.at(1.5).beta; // Float64Array [1]
 * ```
 */
export function makePath(data: PathData): RegularizationPath {
  if (data.t.length === 0 || data.t.length !== data.beta.length || data.t.length !== data.intercept.length) {
    throw new SparsekitError({
      argument: 'path',
      value: data.t.length,
      expected: 'as many coefficient vectors as t values (at least one)',
    });
  }
  const at = (t: number): PathPoint => interpolate(data, t);
  return {
    ...data,
    at,
    coefficients(t) {
      const pt = at(t);
      const shape = data.k === 1 ? [data.p] : [data.p, data.k];
      return {
        beta: tf.tensor(Float32Array.from(pt.beta), shape),
        intercept: data.k === 1 ? tf.scalar(pt.intercept[0]) : tf.tensor1d(Float32Array.from(pt.intercept)),
      };
    },
    predict(x, t, type = 'response') {
      if (x.rank !== 2 || x.shape[1] !== data.p) {
        throw new SparsekitError({ argument: 'x', value: x, code: 'shape_mismatch', expected: `a tensor of shape [n, ${data.p}]` });
      }
      const pt = at(t);
      return tf.tidy(() => {
        const b = tf.tensor2d(Float32Array.from(pt.beta), [data.p, data.k]);
        const eta = tf.add(tf.matMul(x, b), tf.tensor1d(Float32Array.from(pt.intercept)));
        const out = type === 'link' ? eta : response(data.loss, eta);
        return data.k === 1 ? tf.reshape(out, [x.shape[0]]) : out;
      });
    },
    support(t) {
      const pt = at(t);
      const out: number[] = [];
      for (let j = 0; j < data.p; j++) {
        for (let c = 0; c < data.k; c++)
          if (pt.beta[j * data.k + c] !== 0) {
            out.push(j);
            break;
          }
      }
      return out;
    },
  };
}

function interpolate(data: PathData, tRaw: number): PathPoint {
  if (!Number.isFinite(tRaw)) throw new SparsekitError({ argument: 't', value: tRaw, expected: 'a finite number' });
  const ts = data.t;
  const t = Math.min(Math.max(tRaw, ts[0]), ts[ts.length - 1]);
  let right = 0;
  while (right < ts.length - 1 && ts[right] < t) right++;
  if (ts[right] === t || right === 0) return copyPoint(data, right);
  const left = right - 1;
  if (data.interpolation === 'left') return copyPoint(data, left);
  const w = (t - ts[left]) / (ts[right] - ts[left]);
  const mix = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => (1 - w) * v + w * b[i]);
  return { beta: mix(data.beta[left], data.beta[right]), intercept: mix(data.intercept[left], data.intercept[right]) };
}

function copyPoint(data: PathData, k: number): PathPoint {
  return { beta: Float64Array.from(data.beta[k]), intercept: Float64Array.from(data.intercept[k]) };
}
