/**
 * Multinomial logistic regression with an L2 penalty in scikit-learn's parametrisation
 * (C·Σ log-loss + ½‖W‖², intercept unpenalised), by gradient descent with Armijo backtracking in
 * float64: ICI refits it on a few dozen low-dimensional samples, where this is plenty.
 */

/** Weights [d + 1][K] (last row = intercept). */
export type Logistic = Float64Array[];

function logits(w: Logistic, x: ArrayLike<number>): Float64Array {
  const d = w.length - 1;
  const z = Float64Array.from(w[d]);
  for (let j = 0; j < d; j++) for (let k = 0; k < z.length; k++) z[k] += x[j] * w[j][k];
  return z;
}

function softmax(z: Float64Array): Float64Array {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / s);
}

function lossAndGrad(w: Logistic, X: Float64Array[], y: number[], C: number): { f: number; g: Logistic } {
  const d = w.length - 1;
  const g = w.map((row, j) => (j < d ? Float64Array.from(row) : new Float64Array(row.length)));
  let f = 0.5 * w.slice(0, d).reduce((s, row) => s + row.reduce((a, v) => a + v * v, 0), 0);
  X.forEach((x, i) => {
    const z = logits(w, x);
    const p = softmax(z);
    f -= C * Math.log(Math.max(p[y[i]], 1e-300));
    p[y[i]] -= 1;
    for (let k = 0; k < p.length; k++) {
      for (let j = 0; j < d; j++) g[j][k] += C * p[k] * x[j];
      g[d][k] += C * p[k];
    }
  });
  return { f, g };
}

/** Fits K-class logistic regression (labels 0..K−1). */
export function fitLogistic(X: Float64Array[], y: number[], K: number, C = 10, iterations = 300): Logistic {
  const d = X[0].length;
  let w: Logistic = Array.from({ length: d + 1 }, () => new Float64Array(K));
  let step = 1;
  let { f, g } = lossAndGrad(w, X, y, C);
  for (let it = 0; it < iterations; it++) {
    const gg = g.reduce((s, row) => s + row.reduce((a, v) => a + v * v, 0), 0);
    if (gg < 1e-18) break;
    step *= 2;
    for (;;) {
      const cand = w.map((row, j) => row.map((v, k) => v - step * g[j][k]));
      const next = lossAndGrad(cand, X, y, C);
      if (next.f <= f - 1e-4 * step * gg || step < 1e-12) {
        w = cand;
        f = next.f;
        g = next.g;
        break;
      }
      step /= 2;
    }
  }
  return w;
}

/** Most probable class of x. */
export function predictLogistic(w: Logistic, x: ArrayLike<number>): number {
  const z = logits(w, x);
  return z.indexOf(Math.max(...z));
}
