/**
 * ‖A‖₂ of real or complex matrices (and batches of them). Lanczos by default: power iteration
 * needs about log(1/tol)/log(σ₁/σ₂) steps, which is unbounded when the top singular values are
 * clustered, as in large Gaussian designs (1000×5000: not converged after 2,000 iterations),
 * while Lanczos gets there in a few dozen steps and is exact after min(m, n).
 */
import * as tf from '@tensorflow/tfjs';
import { disposeComplex, isComplexTensor, parts, type ComplexTensor } from '../complex/complex-tensor.js';
import { SparsekitError } from '../errors.js';
import { complexEmbeddingOperator, lanczosSettings, lanczosTop, rowMajorOperator, type LanczosOptions } from './lanczos.js';
import { topSingularPairs, type PowerIterationOptions } from './power-iteration.js';

/**
 * Options of {@link spectralNorm}. With `method: 'lanczos'` (default), `tol`, `maxSteps` and
 * `seed` are those of {@link largestSingularValue}; with `method: 'power'`, `tol`, `maxIter`
 * and `seed` are those of {@link topSingularPairs} (tfjs ops only, vectorised over the batch).
 */
export type SpectralNormOptions =
  | ({ readonly method?: 'lanczos' } & LanczosOptions)
  | ({ readonly method: 'power' } & Omit<PowerIterationOptions, 'k'>);

/**
 * Spectral norm ‖A‖₂ (largest singular value) of a real or complex matrix or batch
 * [...batch, m, n], as a float32 tensor of shape [...batch]. The default Lanczos path reads the
 * data once and runs in float64 JS, one matrix of the batch after the other; a complex matrix
 * goes through its real embedding [[Re, −Im], [Im, Re]], which has the same largest singular value.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { spectralNorm } from '@sparsekit/tensor';
 * spectralNorm(tf.tensor2d([[1, 2], [3, 4]])).dataSync(); // ≈ [5.4650]
 * ```
 */
export function spectralNorm(a: tf.Tensor | ComplexTensor, options: SpectralNormOptions = {}): tf.Tensor {
  if (options.method === 'power') return powerNorm(a, options);
  if (options.method !== undefined && options.method !== 'lanczos') {
    throw new SparsekitError({ argument: 'method', value: options.method, expected: "'lanczos' or 'power'" });
  }
  const settings = lanczosSettings(options);
  const { re, im } = parts(a, 'A');
  if (re.rank < 2)
    throw new SparsekitError({ argument: 'A', value: re, code: 'shape_mismatch', expected: 'a tensor of rank >= 2 ([...batch, m, n])' });
  const [m, n] = re.shape.slice(-2);
  const batchShape = re.shape.slice(0, -2);
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const reData = re.dataSync() as Float32Array;
  const imData = im === null ? null : (im.dataSync() as Float32Array);
  const values = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    const slice = (data: Float32Array) => ({ rows: m, cols: n, data: data.subarray(b * m * n, (b + 1) * m * n) });
    const op = imData === null ? rowMajorOperator(slice(reData)) : complexEmbeddingOperator(slice(reData), slice(imData));
    values[b] = lanczosTop(op, settings).value;
  }
  return tf.tensor(values, batchShape, 'float32');
}

function powerNorm(a: tf.Tensor | ComplexTensor, options: Omit<PowerIterationOptions, 'k'>): tf.Tensor {
  const { tol, maxIter, seed } = options;
  const pairs = isComplexTensor(a) ? topSingularPairs(a, { tol, maxIter, seed, k: 1 }) : topSingularPairs(a, { tol, maxIter, seed, k: 1 });
  const norm = tf.tidy(() => tf.squeeze(pairs.s, [pairs.s.rank - 1]));
  pairs.s.dispose();
  for (const x of [pairs.u, pairs.v]) {
    if (x instanceof tf.Tensor) x.dispose();
    else disposeComplex(x);
  }
  return norm;
}
