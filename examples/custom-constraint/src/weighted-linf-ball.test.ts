// The example plugin passes the same law suite as the built-in constraints, on cpu and wasm.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { constraintLaws, thrownArgument } from '@sparsekit/constraints/testing';
import { weightedLinfBall } from './weighted-linf-ball.js';

const weights = [0.5, 1, 2];
// the 2³ vertices (±w_i), for the brute-force LMO law
const vertices = () => [0, 1, 2, 3, 4, 5, 6, 7].map((m) => weights.map((w, i) => ((m >> i) & 1 ? w : -w)));

constraintLaws('weightedLinfBall', () => weightedLinfBall(weights), { shapes: [[3]], vertices, numRuns: 1000 });

it('rejects non-positive weights', () => {
  expect(thrownArgument(() => weightedLinfBall([1, 0]))).toBe('weights');
  expect(
    weightedLinfBall([1])
      .project(tf.tensor1d([3]))
      .arraySync(),
  ).toEqual([1]);
});
