/**
 * Seeded least-squares test problems with float64 copies of the data, for comparing solvers
 * against the float64 references.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@sparsekit/tensor';
import type { Matrix64 } from './reference.js';

/**
 * y = X·w + noise with a k-sparse w (entries at ⌊jp/k⌋, alternating signs, magnitudes 1 + z²),
 * X Gaussian [n, p] from tensor's `createRng`, values rounded to float32 so the float64
 * reference sees exactly the data the solver sees. The Lasso benchmark data is this problem.
 *
 * @example
 * ```ts
 * import { leastSquaresData } from '@sparsekit/solvers/testing';
 * const d = leastSquaresData(1, 20, 10, 3);
 * d.X.rows; // => 20
 * ```
 */
export function leastSquaresData(seed: number, n: number, p: number, k: number, noise = 0.1) {
  const Xd = Float64Array.from(Float32Array.from(createRng(seed).normalArray(n * p)));
  const z = createRng(seed + 1).normalArray(n + k);
  const w = new Float64Array(p);
  for (let j = 0; j < k; j++) w[Math.floor((j * p) / k)] = (j % 2 === 0 ? 1 : -1) * (1 + z[n + j] ** 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += Xd[i * p + j] * w[j];
    y[i] = Math.fround(s + noise * z[i]);
  }
  const X: Matrix64 = { rows: n, cols: p, data: Xd };
  return { X, y, wTrue: w };
}

/**
 * The tfjs objective 1/(2n)‖y − Xw‖² for data from {@link leastSquaresData}; call inside tidy.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
import { createRng } from '@sparsekit/tensor';
 * import { leastSquaresData, leastSquaresObjective } from '@sparsekit/solvers/testing';
 * const d = leastSquaresData(1, 4, 3, 1);
 * const { objective, dispose } = leastSquaresObjective(d.X, d.y);
 * objective(tf.zeros([3])).arraySync();
 * dispose();
 * ```
 */
export function leastSquaresObjective(X: Matrix64, y: ArrayLike<number>) {
  const Xt = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols]);
  const yt = tf.tensor1d(Float32Array.from(y));
  const objective = (w: tf.Tensor) =>
    tf.tidy(() =>
      tf
        .sub(yt, tf.matMul(Xt, w.reshape([-1, 1])).reshape([-1]))
        .square()
        .sum()
        .div(2 * X.rows),
    );
  return { objective, dispose: () => tf.dispose([Xt, yt]) };
}
