// Complex nuclear ball: closed forms from Z = U·diag(σ)·Vᴴ with DFT columns (unitary, known
// singular pairs), optimality properties on random inputs, batches, zero gradients, leaks.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { expect, it } from 'vitest';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { eachSlice } from '../each-slice.js';
import { nuclearBall } from './nuclear-ball.js';

type C = { re: number[][]; im: number[][] };

/** Column t of the unitary DFT matrix of size n (float64). */
const dftColumn = (n: number, t: number) =>
  Array.from({ length: n }, (_, j) => [
    Math.cos((-2 * Math.PI * j * t) / n) / Math.sqrt(n),
    Math.sin((-2 * Math.PI * j * t) / n) / Math.sqrt(n),
  ]);

/** Σ σ_t u_t v_tᴴ with u_t = DFT_m column t+1, v_t = DFT_n column t (float64). */
function lowRank(m: number, n: number, sigma: number[]): C {
  const re = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  const im = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  sigma.forEach((s, t) => {
    const u = dftColumn(m, t + 1);
    const v = dftColumn(n, t);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        // u_i · conj(v_j)
        re[i][j] += s * (u[i][0] * v[j][0] + u[i][1] * v[j][1]);
        im[i][j] += s * (u[i][1] * v[j][0] - u[i][0] * v[j][1]);
      }
  });
  return { re, im };
}

/** Float64 nuclear norm of a complex matrix: half the nuclear norm of its real form. */
function nuclearNormF64(re: number[][], im: number[][]): number {
  const top = re.map((row, i) => [...row, ...im[i].map((v) => -v)]);
  const bottom = im.map((row, i) => [...row, ...re[i]]);
  return (
    new SingularValueDecomposition(new Matrix([...top, ...bottom]), {
      autoTranspose: true,
      computeLeftSingularVectors: false,
      computeRightSingularVectors: false,
    }).diagonal.reduce((a, v) => a + v, 0) / 2
  );
}

const realInner = (a: C, b: C) => a.re.flat().reduce((s, v, i) => s + v * b.re.flat()[i] + a.im.flat()[i] * b.im.flat()[i], 0);
const minus = (a: C, b: C): C => ({
  re: a.re.map((r, i) => r.map((v, j) => v - b.re[i][j])),
  im: a.im.map((r, i) => r.map((v, j) => v - b.im[i][j])),
});
const toTensors = (z: C) => ({ re: tf.tensor2d(z.re), im: tf.tensor2d(z.im) });
const read = (z: { re: tf.Tensor; im: tf.Tensor }): C => ({ re: z.re.arraySync() as number[][], im: z.im.arraySync() as number[][] });

describeBackends(['cpu', 'wasm'], 'nuclearBall, complex', () => {
  it('projectComplex soft-thresholds the singular values of U·diag(σ)·Vᴴ (closed form)', () => {
    // σ = (4, 2, 1), r = 3: θ = 1.5, projected σ = (2.5, 0.5, 0)
    const z = toTensors(lowRank(4, 5, [4, 2, 1]));
    const p = nuclearBall(3).projectComplex(z);
    const want = lowRank(4, 5, [2.5, 0.5]);
    expectClose(p.re, want.re, { rtol: 1e-5, atol: 1e-6 });
    expectClose(p.im, want.im, { rtol: 1e-5, atol: 1e-6 });
    // inside points come back unchanged
    const q = nuclearBall(8).projectComplex(z);
    expectClose(q.re, z.re, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([z.re, z.im, p.re, p.im, q.re, q.im]);
  });

  it('lmoComplex is −r·u₁v₁ᴴ, exact SVD (small) and complex power iteration (40×30)', () => {
    for (const [m, n] of [
      [3, 4],
      [40, 30],
    ]) {
      const g = toTensors(lowRank(m, n, [5, 3]));
      const s = nuclearBall(2).lmoComplex(g);
      const want = lowRank(m, n, [-2]);
      expectClose(s.re, want.re, { rtol: 1e-4, atol: 1e-5 });
      expectClose(s.im, want.im, { rtol: 1e-4, atol: 1e-5 });
      tf.dispose([g.re, g.im, s.re, s.im]);
    }
  });

  it('projection is feasible and satisfies Re⟨Z−P, W−P⟩ ≤ 0; the LMO beats feasible points (fast-check)', () => {
    const entries = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 6, maxLength: 6 });
    const matrix = fc.tuple(entries, entries).map(
      ([a, b]): C => ({
        re: [a.slice(0, 3), a.slice(3)].map((r) => r.map(Math.fround)),
        im: [b.slice(0, 3), b.slice(3)].map((r) => r.map(Math.fround)),
      }),
    );
    const ball = nuclearBall(1.5);
    fc.assert(
      fc.property(matrix, matrix, (z, y) => {
        const [p, w, s] = [ball.projectComplex(toTensors(z)), ball.projectComplex(toTensors(y)), ball.lmoComplex(toTensors(z))].map((t) => {
          const out = read(t);
          tf.dispose([t.re, t.im]);
          return out;
        });
        const scale = 1 + Math.max(...z.re.flat().map(Math.abs), ...z.im.flat().map(Math.abs));
        expect(nuclearNormF64(p.re, p.im)).toBeLessThanOrEqual(1.5 * (1 + 1e-5) + 1e-6);
        expect(realInner(minus(z, p), minus(w, p))).toBeLessThanOrEqual(1e-5 * scale * scale);
        expect(realInner(z, s)).toBeLessThanOrEqual(realInner(z, w) + 1e-5 * scale * scale);
        expect(realInner(z, s)).toBeLessThanOrEqual(realInner(z, p) + 1e-5 * scale * scale);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('eachSlice with per-slice radii equals the looped projections; zero gradient gives −r·e₀e₀ᵀ', () => {
    const a = lowRank(3, 3, [4, 2, 1]);
    const b = lowRank(3, 3, [3, 3]);
    const z = { re: tf.tensor3d([a.re, b.re]), im: tf.tensor3d([a.im, b.im]) };
    const p = eachSlice(nuclearBall(1), { radius: [3, 1] }).projectComplex(z);
    const p0 = nuclearBall(3).projectComplex(toTensors(a));
    const p1 = nuclearBall(1).projectComplex(toTensors(b));
    expectClose(p.re, [p0.re.arraySync(), p1.re.arraySync()] as number[][][], { rtol: 1e-5, atol: 1e-6 });
    expectClose(p.im, [p0.im.arraySync(), p1.im.arraySync()] as number[][][], { rtol: 1e-5, atol: 1e-6 });
    const s = nuclearBall(2).lmoComplex({ re: tf.zeros([2, 3]), im: tf.zeros([2, 3]) });
    expectClose(
      s.re,
      [
        [-2, 0, 0],
        [0, 0, 0],
      ],
      { rtol: 0, atol: 0 },
    );
    expectClose(
      s.im,
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      { rtol: 0, atol: 0 },
    );
    tf.dispose([z.re, z.im, p.re, p.im, p0.re, p0.im, p1.re, p1.im, s.re, s.im]);
  });

  it('leaks no tensors', async () => {
    const z = toTensors(lowRank(3, 4, [2, 1]));
    await expectNoLeaks(() => {
      const p = nuclearBall(1).projectComplex(z);
      const s = nuclearBall(1).lmoComplex(z);
      return [p.re, p.im, s.re, s.im];
    });
    tf.dispose([z.re, z.im]);
  });
});
