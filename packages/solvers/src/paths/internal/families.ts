/**
 * Loss families of the Bregman path solvers (Libra's `family`): the residual whose product with
 * Xᵀ is the gradient, the intercept at β = 0, the default step constant c and the response map.
 * Everything is shaped [n, K] (K = 1 for gaussian and binomial) so one loop serves all three.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/** Response type of the path solvers. */
export type PathFamily = 'gaussian' | 'binomial' | 'multinomial';

/** A prepared response: targets as [n, K] float32 plus what the family needs. */
export interface PreparedResponse {
  readonly family: PathFamily;
  readonly k: number;
  /** Targets [n, K]: y (gaussian), ±1 (binomial), one-hot (multinomial). */
  readonly y: tf.Tensor2D;
  /** Intercept that makes the intercept gradient vanish at β = 0 (Libra's start). */
  readonly interceptAtZero: Float64Array;
  /** Class labels of the one-hot columns (multinomial only). */
  readonly classes?: readonly number[];
}

/**
 * Libra's default c per family: R/lb.R sets c = 1 / 4 / 2 (gaussian / binomial / multinomial)
 * when alpha is missing, the middle of its documented stable ranges (0, 2), (0, 8), (0, 4).
 */
export const DEFAULT_C: Readonly<Record<PathFamily, number>> = { gaussian: 1, binomial: 4, multinomial: 2 };

/** Validates y for the family and builds the [n, K] target tensor. */
export function prepareResponse(family: PathFamily, y: tf.Tensor | readonly number[], n: number): PreparedResponse {
  if (family === 'multinomial' && y instanceof tf.Tensor && y.rank === 2) return fromOneHot(y, n);
  const v = y instanceof tf.Tensor ? (y.rank === 1 ? Array.from(y.dataSync()) : null) : Array.from(y);
  if (v === null || v.length !== n) {
    throw new SparsekitError({ argument: 'y', value: y, code: 'shape_mismatch', expected: `${n} responses (one per row of X)` });
  }
  if (v.some((e) => !Number.isFinite(e)))
    throw new SparsekitError({ argument: 'y', value: y, code: 'non_finite', expected: 'finite responses' });
  if (family === 'gaussian') {
    const mean = v.reduce((s, e) => s + e, 0) / n;
    return { family, k: 1, y: tf.tensor2d(v, [n, 1]), interceptAtZero: Float64Array.of(mean) };
  }
  if (family === 'binomial') {
    if (v.some((e) => e !== 1 && e !== -1)) throw new SparsekitError({ argument: 'y', value: y, expected: 'binomial labels in {-1, 1}' });
    const s = v.reduce((acc, e) => acc + e, 0);
    return { family, k: 1, y: tf.tensor2d(v, [n, 1]), interceptAtZero: Float64Array.of(Math.log((n + s) / (n - s))) };
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
  return { family: 'multinomial', k: classes.length, y, classes, interceptAtZero: Float64Array.from(counts, (c) => Math.log(c / n)) };
}

/** r such that Xᵀr is the gradient of the family's (unnormalised) loss at linear predictor eta [n, K]. */
export function residual(family: PathFamily, eta: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    if (family === 'gaussian') return tf.sub(eta, y);
    // −y/(1 + exp(y·η)) = −y·σ(−y·η), written with the stable sigmoid.
    if (family === 'binomial') return tf.neg(tf.mul(y, tf.sigmoid(tf.neg(tf.mul(y, eta)))));
    return tf.sub(tf.softmax(eta), y);
  }) as tf.Tensor2D;
}

/** Maps the linear predictor to the response scale: identity, P(y = +1), class probabilities. */
export function response(family: PathFamily, eta: tf.Tensor): tf.Tensor {
  return tf.tidy(() => (family === 'gaussian' ? tf.clone(eta) : family === 'binomial' ? tf.sigmoid(eta) : tf.softmax(eta)));
}

/** The family's (unnormalised) loss at linear predictor eta [n, K], whose gradient is Xᵀ·residual. */
export function familyLoss(family: PathFamily, eta: tf.Tensor2D, y: tf.Tensor2D): number {
  const loss = tf.tidy(() => {
    if (family === 'gaussian') return tf.mul(tf.sum(tf.square(tf.sub(eta, y))), 0.5);
    if (family === 'binomial') return tf.sum(tf.softplus(tf.neg(tf.mul(y, eta))));
    return tf.sub(tf.sum(tf.logSumExp(eta, 1)), tf.sum(tf.mul(y, eta)));
  });
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}
