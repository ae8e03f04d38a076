/** The nuclear-norm penalty λ·Σσ_i(X) (trace norm). */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative } from '@sparsekit/tensor';
import type { Penalty } from '../types.js';
import { makePenalty } from '../internal/penalty-spec.js';
import { mapSingularValues, singularValues } from '../internal/svd.js';

/**
 * λ·‖X‖_* for matrices (batches through `eachSlice`). prox of step·g: singular-value soft
 * thresholding U·max(Σ − λ·step, 0)·Vᵀ, with a float64 SVD (ml-matrix).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { nuclearNorm } from '@sparsekit/constraints';
 * nuclearNorm(1).prox(tf.tensor2d([[3, 0], [0, 0.5]]), 1).arraySync(); // => [[2, 0], [0, 0]]
 * ```
 */
export function nuclearNorm(lambda: number): Penalty {
  requireNonNegative('lambda', lambda);
  return makePenalty({
    name: 'NuclearNorm',
    params: { lambda },
    weight: lambda,
    sliceRank: 2,
    prox: (x, t) => {
      const thresholds = t.dataSync();
      return mapSingularValues(x, (b, sigma) => sigma.map((s) => Math.max(s - thresholds[b], 0)));
    },
    value: (x, w) => tf.tidy(() => tf.mul(w, tf.tensor1d(singularValues(x).map((s) => s.reduce((a, v) => a + v, 0)))) as tf.Tensor1D),
  }) as unknown as Penalty;
}
