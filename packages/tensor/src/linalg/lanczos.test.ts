import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  disposeComplex,
  isSparsekitError,
  largestSingularValue,
  spectralNorm,
  topSingularPairs,
  type ComplexTensor,
} from '../index.js';
import { describeBackends, expectClose, expectNoLeaks } from '../testing.js';
import { topEigenTridiagonal } from './lanczos.js';

function gaussian(seed: number, m: number, n: number): Matrix {
  return Matrix.from1DArray(m, n, Array.from(createRng(seed).normalArray(m * n)));
}
const rowMajor = (a: Matrix) => ({ rows: a.rows, cols: a.columns, data: Float64Array.from(a.to1DArray()) });
const tensorOf = (a: Matrix) => tf.tensor2d(Float32Array.from(a.to1DArray()), [a.rows, a.columns]);
const orthonormal = (seed: number, m: number, n: number) =>
  new QrDecomposition(gaussian(seed, m, n)).orthogonalMatrix.subMatrix(0, m - 1, 0, n - 1);

/**
 * U·diag(σ)·Vᵀ with a clustered top: σ₁ = 1 and the next nine within 1e-4 steps of it, the rest
 * spread over [0, 0.9]. Power iteration contracts the error by (σ₂/σ₁)² ≈ 1 − 2e-4 per step.
 */
function clustered(m: number, n: number): { a: Matrix; sigma: number[] } {
  const sigma = Array.from({ length: n }, (_, j) => (j < 10 ? 1 - 1e-4 * j : 0.9 * (1 - j / n)));
  return {
    a: orthonormal(31, m, n)
      .mmul(Matrix.diag(sigma))
      .mmul(orthonormal(32, n, n).transpose()),
    sigma,
  };
}

describe('largestSingularValue (float64 Lanczos)', () => {
  it('matches ml-matrix SVD on tall and wide Gaussian matrices to 1e-12 relative', () => {
    for (const [m, n] of [
      [60, 25],
      [25, 60],
      [1, 7],
      [7, 1],
    ]) {
      const a = gaussian(m * 100 + n, m, n);
      const reference = new SingularValueDecomposition(a, { autoTranspose: true }).diagonal[0];
      const r = largestSingularValue(rowMajor(a));
      expect(r.converged).toBe(true);
      expect(r.steps).toBeLessThanOrEqual(Math.min(m, n));
      expect(Math.abs(r.value - reference)).toBeLessThan(1e-12 * reference);
    }
  });

  it('converges on a clustered spectrum where power iteration stalls', () => {
    const { a, sigma } = clustered(150, 100);
    const r = largestSingularValue(rowMajor(a), { tol: 1e-14 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value - sigma[0])).toBeLessThan(1e-12);
    // A Gaussian design: the top singular values crowd at the Marchenko–Pastur edge.
    const g = gaussian(5, 100, 500);
    const reference = new SingularValueDecomposition(g.transpose()).diagonal[0];
    const rg = largestSingularValue(rowMajor(g));
    expect(rg.steps).toBeLessThan(100);
    expect(Math.abs(rg.value - reference)).toBeLessThan(1e-10 * reference);
  });

  it('accepts an implicit operator, reports a lower bound when stopped early, and handles A = 0', () => {
    // diag(1..50) as an operator: σ_max = 50.
    const d = Float64Array.from({ length: 50 }, (_, i) => i + 1);
    const op = {
      rows: 50,
      cols: 50,
      times: (v: Float64Array) => v.map((e, i) => e * d[i]),
      transposeTimes: (u: Float64Array) => u.map((e, i) => e * d[i]),
    };
    expect(largestSingularValue(op).value).toBeCloseTo(50, 10);
    const early = largestSingularValue(op, { maxSteps: 3 });
    expect(early.converged).toBe(false);
    expect(early.value).toBeLessThan(50);
    expect(largestSingularValue({ rows: 3, cols: 4, data: new Float64Array(12) })).toMatchObject({ value: 0, converged: true });
  });

  it('top eigenvalue of a tridiagonal matrix matches ml-matrix', () => {
    const alphas = [2, -1, 3, 0.5, 4];
    const betas = [1, 0.3, -2, 0.7];
    const t = Matrix.zeros(5, 5);
    alphas.forEach((a, i) => t.set(i, i, a));
    betas.forEach((b, i) => {
      t.set(i, i + 1, b);
      t.set(i + 1, i, b);
    });
    const reference = Math.max(...new EigenvalueDecomposition(t, { assumeSymmetric: true }).realEigenvalues);
    expect(Math.abs(topEigenTridiagonal(alphas, betas) - reference)).toBeLessThan(1e-12 * Math.abs(reference));
  });

  it('rejects bad arguments with errors naming them', () => {
    const a = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
    const argumentOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isSparsekitError(e) ? e.argument : 'other';
      }
      return 'none';
    };
    expect(argumentOf(() => largestSingularValue(a, { tol: 0 }))).toBe('tol');
    expect(argumentOf(() => largestSingularValue(a, { maxSteps: 0 }))).toBe('maxSteps');
    expect(argumentOf(() => largestSingularValue(a, { seed: -1 }))).toBe('seed');
    expect(argumentOf(() => largestSingularValue({ rows: 2, cols: 2, data: new Float64Array(3) }))).toBe('A.data');
  });
});

describeBackends(['cpu', 'wasm'], 'spectralNorm (Lanczos by default)', () => {
  it('is float32-exact on the clustered spectrum where topSingularPairs does not converge', async () => {
    const { a: a64 } = clustered(150, 100);
    const a = tensorOf(a64);
    const power = topSingularPairs(a, { maxIter: 300, tol: 1e-6 });
    expect(power.converged).toBe(false);
    tf.dispose([power.s, power.u, power.v]);
    // Reference: SVD of the float32-rounded matrix the tensor holds.
    const reference = new SingularValueDecomposition(Matrix.from1DArray(150, 100, Array.from(a.dataSync()))).diagonal[0];
    await expectNoLeaks(() => {
      const norm = spectralNorm(a);
      expectClose(norm, reference, { rtol: 1e-6 });
      return norm;
    });
    a.dispose();
  });

  it('batched real and complex inputs equal the per-slice SVD references; method "power" still available', async () => {
    const slices = [0, 1, 2].map((i) => gaussian(40 + i, 6, 9));
    const batch = tf.tensor3d(Float32Array.from(slices.flatMap((m) => m.to1DArray())), [3, 6, 9]);
    const expected = slices.map((m) => new SingularValueDecomposition(m, { autoTranspose: true }).diagonal[0]);
    await expectNoLeaks(() => {
      const norms = spectralNorm(batch);
      expect(norms.shape).toEqual([3]);
      expectClose(norms, expected, { rtol: 1e-6 });
      return norms;
    });
    const power = spectralNorm(batch, { method: 'power', tol: 1e-6, maxIter: 3000 });
    expectClose(power, expected, { rtol: 1e-5 });
    const [re64, im64] = [gaussian(50, 5, 4), gaussian(51, 5, 4)];
    const embedding = new Matrix(10, 8)
      .setSubMatrix(re64, 0, 0)
      .setSubMatrix(re64, 5, 4)
      .setSubMatrix(im64.clone().mul(-1), 0, 4)
      .setSubMatrix(im64, 5, 0);
    const c: ComplexTensor = { re: tensorOf(re64), im: tensorOf(im64) };
    const cn = spectralNorm(c);
    expectClose(cn, new SingularValueDecomposition(embedding).diagonal[0], { rtol: 1e-6 });
    expect(() => spectralNorm(batch, { method: 'qr' } as never)).toThrow(/^method/);
    tf.dispose([batch, power, cn]);
    disposeComplex(c);
  });
});

describeBackends(['cpu', 'wasm'], 'singular values of non-finite input', () => {
  it('largestSingularValue, spectralNorm and topSingularPairs throw non_finite instead of reporting a value', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = tf.tensor2d([
        [1, 2],
        [3, bad],
      ]);
      for (const [name, run] of [
        ['largestSingularValue', () => largestSingularValue(a as tf.Tensor2D)],
        ['largestSingularValue (row-major)', () => largestSingularValue({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, bad) })],
        ['spectralNorm', () => spectralNorm(a)],
        ['spectralNorm power', () => spectralNorm(a, { method: 'power' })],
        ['topSingularPairs', () => topSingularPairs(a)],
      ] as const) {
        await expectNoLeaks(() => {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(isSparsekitError(error) && [error.argument, error.code], `${name} ${bad}`).toEqual(['A', 'non_finite']);
        });
      }
      a.dispose();
    }
  });
});
