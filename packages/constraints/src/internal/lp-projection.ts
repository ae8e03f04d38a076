/**
 * Numerical Euclidean projection onto the Lp ball (1 < p < ∞, p ≠ 2), float64 on the host.
 * KKT: x_i' = sign(x_i)·y_i with y_i ≥ 0 solving y + λ·p·y^{p−1} = |x_i| and Σ y^p = r^p; the
 * sum is decreasing in λ, so an outer bisection on λ with an inner bisection per entry converges.
 */
import * as tf from '@tensorflow/tfjs';

function solveEntry(a: number, lambda: number, p: number): number {
  // φ(y) = y + λ·p·y^{p−1} − a is increasing on [0, a], φ(0) ≤ 0 ≤ φ(a)
  let lo = 0;
  let hi = a;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid + lambda * p * mid ** (p - 1) > a) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Projects one slice a = |x| / scale (entries ≤ 1) onto {‖y‖_p ≤ r}. */
function projectMagnitudes(a: Float64Array, r: number, p: number): Float64Array {
  const normP = (y: Float64Array) => y.reduce((s, v) => s + v ** p, 0);
  if (normP(a) <= r ** p) return a;
  const solve = (lambda: number) => a.map((v) => solveEntry(v, lambda, p));
  let lo = 0;
  let hi = 1;
  while (normP(solve(hi)) > r ** p && hi < 1e300) hi *= 4;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (normP(solve(mid)) > r ** p) lo = mid;
    else hi = mid;
  }
  return solve(hi); // the feasible side of the bracket
}

/** x: [B, ...], r: [B]. Reads the data, projects every slice, returns a new tensor. */
export function projectLpHost(x: tf.Tensor, r: tf.Tensor1D, p: number): tf.Tensor {
  const batch = x.shape[0];
  const n = batch === 0 ? 0 : x.size / batch;
  const data = x.dataSync() as Float32Array;
  const radii = r.dataSync();
  const out = new Float32Array(data.length);
  for (let b = 0; b < batch; b++) {
    const slice = data.subarray(b * n, (b + 1) * n);
    let scale = 0;
    for (const v of slice) scale = Math.max(scale, Math.abs(v));
    if (scale === 0) continue;
    const y = projectMagnitudes(
      Float64Array.from(slice, (v) => Math.abs(v) / scale),
      radii[b] / scale,
      p,
    );
    for (let i = 0; i < n; i++) out[b * n + i] = Math.sign(slice[i]) * y[i] * scale;
  }
  return tf.tensor(out, x.shape.slice(), 'float32');
}
