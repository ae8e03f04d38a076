/** Seeded random problems shared by the tests and the benchmarks of this package. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@sparsekit/tensor';

/** Row-major [rows, cols] standard normals, float64 (the reference) and as a float32 tensor. */
export function normals(rows: number, cols: number, seed: number, scale = 1): { values: Float64Array; tensor: tf.Tensor2D } {
  const values = createRng(seed)
    .normalArray(rows * cols)
    .map((v) => v * scale);
  return { values, tensor: tf.tensor2d(Float32Array.from(values), [rows, cols]) };
}

/** A random n × n matrix whose every row has L1 norm exactly κ, so ‖A‖∞ = κ. */
export function contractiveMatrix(n: number, kappa: number, seed: number): { values: Float64Array; tensor: tf.Tensor2D } {
  const values = createRng(seed).normalArray(n * n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(values[i * n + j]);
    for (let j = 0; j < n; j++) values[i * n + j] = (values[i * n + j] * kappa) / s;
  }
  // Round to float32 first so the float64 reference sees the very matrix the tensor holds.
  const f32 = Float32Array.from(values);
  return { values: Float64Array.from(f32), tensor: tf.tensor2d(f32, [n, n]) };
}
