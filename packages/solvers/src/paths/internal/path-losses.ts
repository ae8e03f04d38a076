/**
 * Losses of the Bregman path solvers (Libra's and glmnet's `family`: gaussian is 'squared', binomial
 * 'logistic', multinomial 'multinomial'): the residual whose product with
 * Xᵀ is the gradient, the intercept at β = 0, the default step constant c and the response map.
 * Everything is shaped [n, K] (K = 1 for the squared and logistic losses) so one loop serves all three.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/**
 * Loss of the path solvers: 'squared' (½‖y − η‖²), 'logistic' (labels ±1) or 'multinomial'
 * (softmax cross-entropy). Libra and glmnet call this `family` (gaussian, binomial, multinomial).
 */
export type PathLoss = 'squared' | 'logistic' | 'multinomial';

/** A prepared response: targets as [n, K] float32 plus what the loss needs. */
export interface PreparedResponse {
  readonly loss: PathLoss;
  readonly k: number;
  /** Targets [n, K]: y (squared), ±1 (logistic), one-hot (multinomial). */
  readonly y: tf.Tensor2D;
  /** Intercept that makes the intercept gradient vanish at β = 0 (Libra's start). */
  readonly interceptAtZero: Float64Array;
  /** Class labels of the one-hot columns (multinomial only). */
  readonly classes?: readonly number[];
}

/**
 * Libra's default c per loss: R/lb.R sets c = 1 / 4 / 2 (squared / logistic / multinomial)
 * when alpha is missing, the middle of its documented stable ranges (0, 2), (0, 8), (0, 4).
 */
export const DEFAULT_C: Readonly<Record<PathLoss, number>> = { squared: 1, logistic: 4, multinomial: 2 };

/** Validates y for the loss and builds the [n, K] target tensor. */
export function prepareResponse(loss: PathLoss, y: tf.Tensor | readonly number[], n: number): PreparedResponse {
  if (loss === 'multinomial' && y instanceof tf.Tensor && y.rank === 2) return fromOneHot(y, n);
  const v = y instanceof tf.Tensor ? (y.rank === 1 ? Array.from(y.dataSync()) : null) : Array.from(y);
  if (v === null || v.length !== n) {
    throw new SparsekitError({ argument: 'y', value: y, code: 'shape_mismatch', expected: `${n} responses (one per row of X)` });
  }
  if (v.some((e) => !Number.isFinite(e)))
    throw new SparsekitError({ argument: 'y', value: y, code: 'non_finite', expected: 'finite responses' });
  if (loss === 'squared') {
    const mean = v.reduce((s, e) => s + e, 0) / n;
    return { loss, k: 1, y: tf.tensor2d(v, [n, 1]), interceptAtZero: Float64Array.of(mean) };
  }
  if (loss === 'logistic') {
    if (v.some((e) => e !== 1 && e !== -1))
      throw new SparsekitError({ argument: 'y', value: y, expected: 'labels in {-1, 1} for the logistic loss' });
    const s = v.reduce((acc, e) => acc + e, 0);
    return { loss, k: 1, y: tf.tensor2d(v, [n, 1]), interceptAtZero: Float64Array.of(Math.log((n + s) / (n - s))) };
  }
  const classes = [...new Set(v)].sort((a, b) => a - b);
  const onehot = new Float32Array(n * classes.length);
  v.forEach((e, i) => {
    onehot[i * classes.length + classes.indexOf(e)] = 1;
  });
  return withClassPriors(tf.tensor2d(onehot, [n, classes.length]), n, classes);
}

function fromOneHot(y: tf.Tensor, n: number): PreparedResponse {
  const [rows, k] = y.shape;
  const data = y.dataSync();
  const okRows =
    rows === n &&
    Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < k; j++) {
        const e = data[i * k + j];
        if (e !== 0 && e !== 1) return false;
        s += e;
      }
      return s === 1;
    }).every(Boolean);
  if (!okRows) throw new SparsekitError({ argument: 'y', value: y, expected: `an [${n}, K] indicator matrix with one 1 per row` });
  return withClassPriors(
    tf.tensor2d(data as Float32Array, [n, k]),
    n,
    Array.from({ length: k }, (_, j) => j),
  );
}

function withClassPriors(y: tf.Tensor2D, n: number, classes: readonly number[]): PreparedResponse {
  const counts = tf.tidy(() => tf.sum(y, 0).dataSync());
  if (classes.length < 2 || Array.from(counts).some((c) => c === 0)) {
    y.dispose();
    throw new SparsekitError({ argument: 'y', value: classes, expected: 'at least two classes, each observed at least once' });
  }
  return { loss: 'multinomial', k: classes.length, y, classes, interceptAtZero: Float64Array.from(counts, (c) => Math.log(c / n)) };
}

/** r such that Xᵀr is the gradient of the (unnormalised) loss at linear predictor eta [n, K]. */
export function residual(loss: PathLoss, eta: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    if (loss === 'squared') return tf.sub(eta, y);
    // −y/(1 + exp(y·η)) = −y·σ(−y·η), written with the stable sigmoid.
    if (loss === 'logistic') return tf.neg(tf.mul(y, tf.sigmoid(tf.neg(tf.mul(y, eta)))));
    return tf.sub(tf.softmax(eta), y);
  }) as tf.Tensor2D;
}

/** Maps the linear predictor to the response scale: identity, P(y = +1), class probabilities. */
export function response(loss: PathLoss, eta: tf.Tensor): tf.Tensor {
  return tf.tidy(() => (loss === 'squared' ? tf.clone(eta) : loss === 'logistic' ? tf.sigmoid(eta) : tf.softmax(eta)));
}

/** The (unnormalised) loss at linear predictor eta [n, K], whose gradient is Xᵀ·residual. */
export function lossValue(loss: PathLoss, eta: tf.Tensor2D, y: tf.Tensor2D): number {
  const total = tf.tidy(() => {
    if (loss === 'squared') return tf.mul(tf.sum(tf.square(tf.sub(eta, y))), 0.5);
    if (loss === 'logistic') return tf.sum(tf.softplus(tf.neg(tf.mul(y, eta))));
    return tf.sub(tf.sum(tf.logSumExp(eta, 1)), tf.sum(tf.mul(y, eta)));
  });
  const value = total.dataSync()[0];
  total.dispose();
  return value;
}
