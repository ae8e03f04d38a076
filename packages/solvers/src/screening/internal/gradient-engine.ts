/**
 * The one large operation per outer iteration, g = Xᵀr over all p features. 'auto' is the
 * blocked float64 JS pass (design-matrix.ts, ~4 ms for 1000×5000 float32). A wasm tfjs
 * [1, n]×[n, p] matmul is faster once warm (~1 ms), but its first call on a tensor packs X
 * (~20 ms measured, more than the 2–4 passes a typical solve makes), it accumulates in float32
 * (no certificate below ~1e-6) and its rounding is not covered by the screening rule, so it is
 * opt-in ('tfjs'), for a tensor X reused across many solves.
 */
import * as tf from '@tensorflow/tfjs';
import { hostKernels } from '@sparsekit/tensor';
import { transposeTimes, type DenseMatrix } from '../design-matrix.js';

export interface GradientEngine {
  transposeTimes(r: Float64Array, out: Float64Array): Float64Array;
  dispose(): void;
}

/** Picks the engine: tfjs only when asked for ('tfjs'), on X's own tensor when there is one. */
export function gradientEngine(X: DenseMatrix, source: tf.Tensor2D | undefined, mode: 'auto' | 'js' | 'tfjs'): GradientEngine {
  if (mode !== 'tfjs') return { transposeTimes: (r, out) => transposeTimes(X, r, out), dispose: () => undefined };
  const owned = source === undefined;
  const Xt = source ?? tf.tensor2d(X.data instanceof Float32Array ? X.data : Float32Array.from(X.data), [X.rows, X.cols]);
  return {
    transposeTimes(r, out) {
      const g = tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(r), [1, X.rows]), Xt));
      out.set(g.dataSync());
      g.dispose();
      return out;
    },
    dispose: () => {
      if (owned) Xt.dispose();
    },
  };
}

/**
 * g = Xᵀy and the squared column norms in one pass over X (float64 accumulation), four rows
 * per update of g[j] and colNorm2[j] (measured 4.7 ms for 1000×5000 float32, vs 15 ms one row
 * at a time and 5.9 ms as two separate blocked passes).
 */
export function firstPass(X: DenseMatrix, y: Float64Array): { g: Float64Array; colNorm2: Float64Array } {
  const { rows, cols: p, data: d } = X;
  const g = new Float64Array(p);
  const colNorm2 = new Float64Array(p);
  const native = hostKernels();
  if (native && d instanceof Float32Array) {
    native.firstPass(d, rows, p, y, g, colNorm2);
    return { g, colNorm2 };
  }
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const a0 = y[i],
      a1 = y[i + 1],
      a2 = y[i + 2],
      a3 = y[i + 3];
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const b = o + j;
      const x0 = d[b],
        x1 = d[b + p],
        x2 = d[b + 2 * p],
        x3 = d[b + 3 * p];
      g[j] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
      colNorm2[j] += x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3;
    }
  }
  for (; i < rows; i++) {
    const off = i * p;
    for (let j = 0; j < p; j++) {
      const v = d[off + j];
      g[j] += y[i] * v;
      colNorm2[j] += v * v;
    }
  }
  return { g, colNorm2 };
}
