/**
 * Small reference constraints for solver tests, written with float64 plain-JS projections so
 * the solvers can be tested independently of `@sparsekit/constraints`. They act on the whole
 * tensor, or on every slice along axis 0 when `perSlice` is true (batched problems).
 */
import * as tf from '@tensorflow/tfjs';
import { projectL1Ball, projectSimplex } from './reference.js';

type Rows = (v: Float64Array) => Float64Array;

function rowwise(x: tf.Tensor, perSlice: boolean, f: Rows): tf.Tensor {
  const data = Float64Array.from(x.dataSync());
  const rows = perSlice ? x.shape[0] : 1;
  const width = data.length / rows;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) out.set(f(data.subarray(r * width, (r + 1) * width)), r * width);
  return tf.tensor(out, x.shape);
}

function l1Lmo(radius: number): Rows {
  return (g) => {
    let best = 0;
    for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[best])) best = i;
    const s = new Float64Array(g.length);
    s[best] = g[best] > 0 ? -radius : radius;
    return s;
  };
}

/**
 * L1 ball {‖x‖₁ ≤ r} with LMO and projection.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { testL1Ball } from '@sparsekit/solvers/testing';
 * testL1Ball(1).lmo(tf.tensor([1, -3])).arraySync(); // => [0, 1]
 * ```
 */
export function testL1Ball(radius: number, perSlice = false) {
  const project = (x: tf.Tensor) => rowwise(x, perSlice, (v) => projectL1Ball(v, radius));
  return {
    name: 'L1Ball',
    params: { radius },
    lmo: (g: tf.Tensor) => rowwise(g, perSlice, l1Lmo(radius)),
    atoms: () => ({ kind: 'l1Ball' as const, radius, perSlice }),
    project,
    prox: (x: tf.Tensor, _step: number) => project(x),
  };
}

/**
 * Simplex {x ≥ 0, Σx = r} with LMO and projection.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { testSimplex } from '@sparsekit/solvers/testing';
 * testSimplex(1).lmo(tf.tensor([2, -1, 0])).arraySync(); // => [0, 1, 0]
 * ```
 */
export function testSimplex(radius: number, perSlice = false) {
  const project = (x: tf.Tensor) => rowwise(x, perSlice, (v) => projectSimplex(v, radius));
  return {
    name: 'Simplex',
    params: { radius },
    lmo: (g: tf.Tensor) =>
      rowwise(g, perSlice, (v) => {
        let best = 0;
        for (let i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
        const s = new Float64Array(v.length);
        s[best] = radius;
        return s;
      }),
    atoms: () => ({ kind: 'simplex' as const, radius, perSlice }),
    project,
    prox: (x: tf.Tensor, _step: number) => project(x),
  };
}

/**
 * L2 ball {‖x‖₂ ≤ r} (LMO −r·g/‖g‖, 0 for g = 0; projection by rescaling).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { testL2Ball } from '@sparsekit/solvers/testing';
 * testL2Ball(1).project(tf.tensor([3, 4])).arraySync(); // => [0.6, 0.8]
 * ```
 */
export function testL2Ball(radius: number, perSlice = false) {
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  const project = (x: tf.Tensor) =>
    rowwise(x, perSlice, (v) => {
      const n = norm(v);
      return n <= radius ? Float64Array.from(v) : v.map((e) => (e * radius) / n);
    });
  return {
    name: 'L2Ball',
    params: { radius },
    lmo: (g: tf.Tensor) =>
      rowwise(g, perSlice, (v) => {
        const n = norm(v);
        return n === 0 ? new Float64Array(v.length) : v.map((e) => (-radius * e) / n);
      }),
    project,
    prox: (x: tf.Tensor, _step: number) => project(x),
  };
}

/**
 * Non-negative orthant (projection only: it has no LMO, being unbounded).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { testNonNegative } from '@sparsekit/solvers/testing';
 * testNonNegative().project(tf.tensor([-1, 2])).arraySync(); // => [0, 2]
 * ```
 */
export function testNonNegative() {
  const project = (x: tf.Tensor) => tf.relu(x);
  return { name: 'NonNegative', params: {}, project, prox: (x: tf.Tensor, _step: number) => project(x) };
}

/**
 * The penalty λ‖x‖₁ (prox = soft thresholding at λ·step).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { testL1Penalty } from '@sparsekit/solvers/testing';
 * testL1Penalty(1).prox(tf.tensor([2, -0.5]), 0.5).arraySync(); // => [1.5, 0]
 * ```
 */
export function testL1Penalty(lambda: number) {
  return {
    name: 'L1',
    params: { lambda },
    prox: (x: tf.Tensor, step: number) => tf.tidy(() => tf.mul(tf.sign(x), tf.relu(tf.sub(tf.abs(x), lambda * step)))),
    value: (x: tf.Tensor) => tf.tidy(() => tf.abs(x).sum().mul(lambda)) as tf.Scalar,
  };
}
