import * as tf from '@tensorflow/tfjs';
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { expect, it } from 'vitest';
import { createRng, dftMatrix, disposeComplex, isSparsekitError, spectralNorm, topSingularPairs, type ComplexTensor } from '../index.js';
import { describeBackends, expectClose, expectNoLeaks } from '../testing.js';

const mat = (t: tf.Tensor, rows: number, cols: number) => Matrix.from1DArray(rows, cols, Array.from(t.dataSync()));
function randomMatrix(seed: number, m: number, n: number): Matrix {
  return Matrix.from1DArray(m, n, Array.from(createRng(seed).normalArray(m * n), Math.fround));
}
const tensorOf = (m: Matrix) => tf.tensor2d(Float32Array.from(m.to1DArray()), [m.rows, m.columns]);
/** Orthonormal columns from the float64 QR of a seeded Gaussian matrix. */
const orthonormal = (seed: number, m: number, n: number) =>
  new QrDecomposition(randomMatrix(seed, m, n)).orthogonalMatrix.subMatrix(0, m - 1, 0, n - 1);

/** |cos| of the angle between column j of x and column j of reference (float64). */
const alignment = (x: Matrix, reference: Matrix, j: number) =>
  Math.abs(x.getColumnVector(j).dot(reference.getColumnVector(j))) / x.getColumnVector(j).norm() / reference.getColumnVector(j).norm();

/** max_j ‖A v_j − s_j u_j‖ and ‖Aᵀ u_j − s_j v_j‖ in float64, from the float32 results. */
function residual(a: Matrix, s: number[], u: Matrix, v: Matrix): number {
  let worst = 0;
  s.forEach((sj, j) => {
    const r1 = a.mmul(v.getColumnVector(j)).sub(u.getColumnVector(j).mul(sj)).norm();
    const r2 = a.transpose().mmul(u.getColumnVector(j)).sub(v.getColumnVector(j).mul(sj)).norm();
    worst = Math.max(worst, r1, r2);
  });
  return worst;
}

describeBackends(['cpu', 'wasm'], 'topSingularPairs', () => {
  it('matches ml-matrix SVD on a random 8×6 matrix (values, residuals, vectors)', async () => {
    const a64 = randomMatrix(1, 8, 6);
    const a = tensorOf(a64);
    const ref = new SingularValueDecomposition(a64);
    await expectNoLeaks(() => {
      const r = topSingularPairs(a, { k: 3, tol: 1e-6, maxIter: 3000, seed: 3 });
      const s = Array.from(r.s.dataSync());
      expect(r.converged).toBe(true);
      expectClose(s, ref.diagonal.slice(0, 3), { rtol: 1e-5, atol: 1e-5 * ref.diagonal[0] });
      const u = mat(r.u, 8, 3);
      const v = mat(r.v, 6, 3);
      expect(residual(a64, s, u, v)).toBeLessThan(3e-6 * ref.diagonal[0]);
      for (let j = 0; j < 3; j++) {
        // Davis–Kahan: sin θ ≤ residual / gap.
        const gap = Math.min(ref.diagonal[j] - ref.diagonal[j + 1], j > 0 ? ref.diagonal[j - 1] - ref.diagonal[j] : Infinity);
        const sinBound = (3e-6 * ref.diagonal[0]) / gap + 1e-6;
        expect(Math.sqrt(Math.max(0, 1 - alignment(v, ref.rightSingularVectors, j) ** 2))).toBeLessThan(sinBound);
        expect(Math.sqrt(Math.max(0, 1 - alignment(u, ref.leftSingularVectors, j) ** 2))).toBeLessThan(sinBound);
      }
      return r;
    });
    a.dispose();
  });

  it('recovers an ill-conditioned spectrum spanning 1e3 with exact singular vectors', async () => {
    const sigma = [1000, 251.2, 63.1, 15.85, 3.98, 1];
    const u0 = orthonormal(4, 7, 6);
    const v0 = orthonormal(5, 6, 6);
    const a64 = u0.mmul(Matrix.diag(sigma)).mmul(v0.transpose());
    const a = tensorOf(a64);
    await expectNoLeaks(() => {
      const r = topSingularPairs(a, { k: 4, tol: 1e-6 });
      expect(r.converged).toBe(true);
      // float32 rounding of A alone perturbs every σ by up to ~eps·σ₁·√n.
      expectClose(r.s, sigma.slice(0, 4), { rtol: 1e-5, atol: 2e-6 * sigma[0] });
      const v = mat(r.v, 6, 4);
      for (let j = 0; j < 4; j++) expect(1 - alignment(v, v0, j)).toBeLessThan(1e-5);
      return r;
    });
    a.dispose();
  });

  it('complex: matches the SVD of the real embedding [[Re, −Im], [Im, Re]]', async () => {
    const re64 = randomMatrix(6, 6, 5);
    const im64 = randomMatrix(7, 6, 5);
    const embedding = new Matrix(12, 10);
    embedding.setSubMatrix(re64, 0, 0).setSubMatrix(re64, 6, 5).setSubMatrix(im64.clone().mul(-1), 0, 5).setSubMatrix(im64, 6, 0);
    // Each singular value of A appears twice in the embedding.
    const reference = new SingularValueDecomposition(embedding).diagonal.filter((_, i) => i % 2 === 0);
    const a: ComplexTensor = { re: tensorOf(re64), im: tensorOf(im64) };
    await expectNoLeaks(() => {
      const r = topSingularPairs(a, { k: 2, tol: 1e-6, maxIter: 3000, seed: 1 });
      expect(r.converged).toBe(true);
      expectClose(r.s, reference.slice(0, 2), { rtol: 1e-5, atol: 1e-5 * reference[0] });
      // A v = s u and A^H u = s v for the complex pair, in float64.
      const [ur, ui, vr, vi] = [r.u.re, r.u.im, r.v.re, r.v.im].map((t, i) => mat(t, i < 2 ? 6 : 5, 2));
      const s = Array.from(r.s.dataSync());
      for (let j = 0; j < 2; j++) {
        const avRe = re64.mmul(vr.getColumnVector(j)).sub(im64.mmul(vi.getColumnVector(j)));
        const avIm = re64.mmul(vi.getColumnVector(j)).add(im64.mmul(vr.getColumnVector(j)));
        const err = Math.hypot(avRe.sub(ur.getColumnVector(j).mul(s[j])).norm(), avIm.sub(ui.getColumnVector(j).mul(s[j])).norm());
        expect(err).toBeLessThan(3e-6 * reference[0]);
        expect(Math.hypot(vr.getColumnVector(j).norm(), vi.getColumnVector(j).norm())).toBeCloseTo(1, 6);
      }
      return r;
    });
    disposeComplex(a);
  });

  it('is batched over leading axes and equals the per-slice results', async () => {
    const slices = [0, 1, 2, 3].map((i) => randomMatrix(20 + i, 5, 4));
    const a = tf.tensor4d(Float32Array.from(slices.flatMap((m) => m.to1DArray())), [2, 2, 5, 4]);
    await expectNoLeaks(() => {
      const r = topSingularPairs(a, { k: 2, tol: 1e-6, maxIter: 3000 });
      expect([r.s.shape, r.u.shape, r.v.shape]).toEqual([
        [2, 2, 2],
        [2, 2, 5, 2],
        [2, 2, 4, 2],
      ]);
      const expected = slices.flatMap((m) => new SingularValueDecomposition(m).diagonal.slice(0, 2));
      expectClose(r.s, expected, { rtol: 1e-5, atol: 1e-5 * Math.max(...expected) });
      return r;
    });
    a.dispose();
  });

  it('spectralNorm: closed forms (‖[[1,2],[3,4]]‖₂, unitary DFT = 1) and batch shape', async () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    await expectNoLeaks(() => {
      const norm = spectralNorm(a, { tol: 1e-6 });
      expectClose(norm, Math.sqrt(15 + Math.sqrt(221)));
      return norm;
    });
    const f = dftMatrix(8, { norm: 'ortho' });
    await expectNoLeaks(() => {
      const norm = spectralNorm(f);
      expectClose(norm, 1);
      return norm;
    });
    const batch = tf.stack([a, tf.mul(a, 2)]);
    const norms = spectralNorm(batch, { tol: 1e-6 });
    expect(norms.shape).toEqual([2]);
    expectClose(
      norms,
      [1, 2].map((c) => c * Math.sqrt(15 + Math.sqrt(221))),
    );
    [a, batch, norms].forEach((t) => t.dispose());
    disposeComplex(f);
  });

  it('reports non-convergence instead of throwing, and rejects bad arguments', () => {
    const a = tensorOf(randomMatrix(9, 6, 6));
    const r = topSingularPairs(a, { maxIter: 1, tol: 1e-9 });
    expect([r.converged, r.iterations]).toEqual([false, [1]]);
    [r.s, r.u, r.v].forEach((t) => t.dispose());
    expect(() => topSingularPairs(tf.zeros([3]))).toThrow(/^A: expected a tensor of rank >= 2/);
    expect(() => topSingularPairs(a, { k: 7 })).toThrow(/^k: expected an integer in \[1, 6\], got 7/);
    expect(() => topSingularPairs(a, { tol: 0 })).toThrow(/^tol/);
    expect(() => topSingularPairs(a, { maxIter: 0 })).toThrow(/^maxIter/);
    try {
      spectralNorm(a, { seed: -3 });
    } catch (e) {
      expect(isSparsekitError(e) && e.argument).toBe('seed');
    }
    a.dispose();
  });
});
