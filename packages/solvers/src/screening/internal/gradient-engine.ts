/**
 * The one large operation per outer iteration, g = Xᵀr over all p features. On wasm (SIMD) a
 * tfjs [1, n]×[n, p] matmul streams X several times faster than a V8 loop over a Float32Array
 * (measured here: ~2–8 ms vs ~11–20 ms for 1000×5000), so X is kept on the backend once;
 * on the plain 'cpu' backend tfjs is slower than V8 and the JS loop is used.
 */
import * as tf from '@tensorflow/tfjs';
import { transposeTimes, type DenseMatrix } from '../design-matrix.js';

export interface GradientEngine {
  transposeTimes(r: Float64Array, out: Float64Array): Float64Array;
  dispose(): void;
}

/**
 * Picks the engine: 'auto' uses tfjs when X came as a tensor and the backend is not 'cpu'
 * (uploading a JS matrix costs about one pass over X, more than the 1–3 passes it would save).
 */
export function gradientEngine(X: DenseMatrix, source: tf.Tensor2D | undefined, mode: 'auto' | 'js' | 'tfjs'): GradientEngine {
  const useTf = mode === 'tfjs' || (mode === 'auto' && source !== undefined && tf.getBackend() !== 'cpu');
  if (!useTf) return { transposeTimes: (r, out) => transposeTimes(X, r, out), dispose: () => undefined };
  const owned = source === undefined;
  const Xt = source ?? tf.tensor2d(X.data instanceof Float32Array ? X.data : Float32Array.from(X.data), [X.rows, X.cols]);
  return {
    transposeTimes(r, out) {
      const g = tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(r), [1, X.rows]), Xt));
      out.set(g.dataSync());
      g.dispose();
      return out;
    },
    dispose: () => { if (owned) Xt.dispose(); },
  };
}

/** g = Xᵀy and the squared column norms in one pass over X (float64 accumulation). */
export function firstPass(X: DenseMatrix, y: Float64Array): { g: Float64Array; colNorm2: Float64Array } {
  const { rows, cols, data } = X;
  const g = new Float64Array(cols);
  const colNorm2 = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const yi = y[i];
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[off + j];
      g[j] += yi * v;
      colNorm2[j] += v * v;
    }
  }
  return { g, colNorm2 };
}
