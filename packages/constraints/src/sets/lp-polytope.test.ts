import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { constraintLaws } from '../testing.js';
import { lpBall } from './lp-ball.js';
import { polytope } from './polytope.js';

const hexagon = [
  [1, 0],
  [0.5, 0.8],
  [-0.5, 0.8],
  [-1, 0],
  [-0.5, -0.8],
  [0.5, -0.8],
];
// 3-D: a cube corner plus an interior-duplicate vertex (redundant vertices are allowed)
const solid = [
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 1],
  [0.2, 0.2, 0.2],
];

constraintLaws('lpBall(3, 1.2)', () => lpBall(3, 1.2), { shapes: [[4]], numRuns: 300 });
constraintLaws('lpBall(1.5, 1)', () => lpBall(1.5, 1), { shapes: [[3]], numRuns: 300 });
constraintLaws('polytope(hexagon)', () => polytope(hexagon), { shapes: [[2]], vertices: () => hexagon, numRuns: 300 });
constraintLaws('polytope(solid)', () => polytope(solid), { shapes: [[3]], vertices: () => solid, numRuns: 300 });

describeBackends(['cpu', 'wasm'], 'lpBall and polytope', () => {
  it('lpBall(p) projection is the KKT point: y + λp·y^{p−1} = |x| with ‖y‖_p = r', () => {
    const p = 3;
    const x = [2, -1, 0.5];
    const y = Array.from(lpBall(p, 1).project(tf.tensor(x)).dataSync());
    expect(Math.abs(y.reduce((s, v) => s + Math.abs(v) ** p, 0) - 1)).toBeLessThan(1e-5);
    // λ from each nonzero coordinate must agree
    const lambdas = y.map((v, i) => (Math.abs(x[i]) - Math.abs(v)) / (p * Math.abs(v) ** (p - 1)));
    expectClose(
      lambdas,
      lambdas.map(() => lambdas[0]),
      { rtol: 1e-4 },
    );
  });

  it('lpBall(1/2/∞) use the exact kernels', () => {
    expectClose(lpBall(1, 1).project(tf.tensor([2, -1, 0])), [1, 0, 0]);
    expectClose(lpBall(Infinity, 1).project(tf.tensor([2, -0.5])), [1, -0.5]);
  });

  it('polytope projection and LMO on a triangle', () => {
    const t = polytope([
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    expectClose(t.project(tf.tensor([1, 1])), [0.5, 0.5]);
    expectClose(t.project(tf.tensor([-1, -2])), [0, 0]);
    expectClose(t.lmo(tf.tensor([1, -1])), [0, 1]);
    expectClose(t.lmo(tf.tensor([0, 0])), [0, 0]); // ties: first vertex
  });

  it('bad parameters throw SparsekitError naming the argument', () => {
    expect(() => lpBall(0.5, 1)).toThrow(/^p:/);
    expect(() => lpBall(2, -1)).toThrow(/^radius:/);
    expect(() => polytope([[0, 0], [1]])).toThrow(/^vertices\[1\]:/);
    expect(() => polytope([])).toThrow(/^vertices:/);
  });
});
