import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { constraintLaws } from '../testing.js';
import { eachSlice } from '../each-slice.js';
import { nuclearBall } from './nuclear-ball.js';

constraintLaws('nuclearBall(1.5)', () => nuclearBall(1.5), { shapes: [[2, 3]] });

describeBackends(['cpu', 'wasm'], 'nuclearBall', () => {
  it('projects diag(3, 1) onto radius 1 as diag(1, 0) and keeps inside points', () => {
    expectClose(
      nuclearBall(1).project(
        tf.tensor2d([
          [3, 0],
          [0, 1],
        ]),
      ),
      [
        [1, 0],
        [0, 0],
      ],
    );
    expectClose(
      nuclearBall(5).project(
        tf.tensor2d([
          [1, 2],
          [0, 1],
        ]),
      ),
      [
        [1, 2],
        [0, 1],
      ],
      { rtol: 1e-5, atol: 1e-6 },
    );
  });

  it('LMO by power iteration (large matrices) matches −r·u₁v₁ᵀ of a known rank-2 matrix', () => {
    // G = 5·a bᵀ + 4·c dᵀ with orthonormal a ⊥ c, b ⊥ d (80×70 > 4096 entries: power iteration)
    const [m, n] = [80, 70];
    const a = Array.from({ length: m }, (_, i) => (i % 2 === 0 ? 1 : 0) / Math.sqrt(m / 2));
    const c = Array.from({ length: m }, (_, i) => (i % 2 === 1 ? 1 : 0) / Math.sqrt(m / 2));
    const b = Array.from({ length: n }, (_, j) => (j < n / 2 ? 1 : 0) / Math.sqrt(n / 2));
    const d = Array.from({ length: n }, (_, j) => (j >= n / 2 ? 1 : 0) / Math.sqrt(n / 2));
    const g = tf.tensor2d(
      a.flatMap((ai, i) => b.map((bj, j) => 5 * ai * bj + 4 * c[i] * d[j])),
      [m, n],
    );
    const s = nuclearBall(2).lmo(g);
    // sign of (u, v) is arbitrary only jointly: u vᵀ is unique
    expectClose(
      s,
      a.flatMap((ai) => b.map((bj) => -2 * ai * bj)),
      { rtol: 1e-4, atol: 1e-5 },
    );
    tf.dispose([g, s]);
  });

  it('eachSlice batches matrices with per-slice radii', () => {
    const x = tf.tensor3d([
      [
        [3, 0],
        [0, 1],
      ],
      [
        [3, 0],
        [0, 1],
      ],
    ]);
    expectClose(eachSlice(nuclearBall(1), { radius: [1, 3] }).project(x), [
      [
        [1, 0],
        [0, 0],
      ],
      [
        [2.5, 0],
        [0, 0.5],
      ],
    ]);
  });

  it('rejects non-matrices', () => {
    expect(() => nuclearBall(1).project(tf.tensor1d([1, 2]))).toThrow(/rank 2/);
  });
});
