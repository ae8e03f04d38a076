// Law suites of the penalties (cpu and wasm), with float64 values for the prox-minimizer law and
// independent conjugates for the Moreau identity.
import * as tf from '@tensorflow/tfjs';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { constraintLaws } from '../testing.js';
import type { Point } from '../testing.js';
import { linfBall } from '../sets/linf-ball.js';
import { mapSingularValues } from '../internal/svd.js';
import { elasticNet } from './elastic-net.js';
import { groupL1 } from './group-l1.js';
import { l0 } from './l0.js';
import { l1 } from './l1.js';
import { nuclearNorm } from './nuclear-norm.js';

const sum = (p: Point, f: (v: number) => number) => p.data.reduce((a, v) => a + f(v), 0);
const groups = [[0, 3], [1], [2, 4]];

constraintLaws('l1(0.7)', () => l1(0.7), {
  shapes: [[5]],
  valueF64: (p) => 0.7 * sum(p, Math.abs),
  conjugate: () => linfBall(0.7),
});
constraintLaws('elasticNet(0.8, 0.3)', () => elasticNet(0.8, 0.3), {
  shapes: [[4]],
  valueF64: (p) => 0.8 * (0.3 * sum(p, Math.abs) + 0.35 * sum(p, (v) => v * v)),
});
constraintLaws('l0(0.5)', () => l0(0.5), {
  shapes: [[4]],
  convex: false,
  valueF64: (p) => 0.5 * sum(p, (v) => (v !== 0 ? 1 : 0)),
});
// conjugate of λΣ‖x_G‖: indicator of {‖x_G‖ ≤ λ for every G}, projected group by group
const groupBall = (lambda: number) => ({
  name: 'GroupLinfL2Ball',
  params: {},
  prox: (x: tf.Tensor) =>
    tf.tidy(() => {
      const v = Array.from(x.dataSync());
      for (const g of groups) {
        const n = Math.hypot(...g.map((i) => v[i]));
        if (n > lambda) for (const i of g) v[i] *= lambda / n;
      }
      return tf.tensor(v, x.shape);
    }),
});
constraintLaws('groupL1(0.6)', () => groupL1(0.6, groups), {
  shapes: [[5]],
  conjugate: () => groupBall(0.6),
  valueF64: (p) => 0.6 * groups.reduce((a, g) => a + Math.hypot(...g.map((i) => p.data[i])), 0),
});
// conjugate of λ‖X‖_*: indicator of the spectral-norm ball of radius λ (clip σ at λ)
const spectralBall = (lambda: number) => ({
  name: 'SpectralBall',
  params: {},
  prox: (x: tf.Tensor) => tf.tidy(() => mapSingularValues(x.expandDims(0), (_, s) => s.map((v) => Math.min(v, lambda))).squeeze([0])),
});
constraintLaws('nuclearNorm(0.5)', () => nuclearNorm(0.5), {
  shapes: [[2, 3]],
  conjugate: () => spectralBall(0.5),
  numRuns: 1000,
  valueF64: (p) =>
    0.5 *
    new SingularValueDecomposition(Matrix.from1DArray(p.shape[0], p.shape[1], Array.from(p.data)), { autoTranspose: true }).diagonal.reduce(
      (a, v) => a + v,
      0,
    ),
});
