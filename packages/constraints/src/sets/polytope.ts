/** The convex hull of given vertices. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { ConstraintSet, HasAtoms } from '../types.js';
import { makeSet, type SetSpec } from '../internal/set-spec.js';
import { rows } from '../internal/flat.js';
import { minNormPoint } from '../internal/min-norm-point.js';

function toVertices(vertices: tf.Tensor | readonly (readonly number[])[]): { data: Float64Array[]; sliceShape: number[] } {
  if (vertices instanceof tf.Tensor) {
    if (vertices.rank < 2)
      throw new SparsekitError({
        argument: 'vertices',
        value: vertices,
        code: 'shape_mismatch',
        expected: 'a [V, ...shape] tensor (one vertex per slice)',
      });
    const [v, ...sliceShape] = vertices.shape;
    if (v === 0 || vertices.size === 0) {
      const expected = 'at least one vertex with at least one coordinate';
      throw new SparsekitError({ argument: 'vertices', value: vertices, code: 'shape_mismatch', expected });
    }
    const flat = vertices.dataSync();
    const n = flat.length / v;
    return { data: Array.from({ length: v }, (_, i) => Float64Array.from(flat.subarray(i * n, (i + 1) * n))), sliceShape };
  }
  if (!Array.isArray(vertices) || vertices.length === 0)
    throw new SparsekitError({ argument: 'vertices', value: vertices, expected: 'a non-empty array of vertices' });
  const n = vertices[0].length;
  if (!(n > 0)) {
    throw new SparsekitError({ argument: 'vertices[0]', value: vertices[0], expected: 'a vertex with at least one coordinate' });
  }
  vertices.forEach((v, i) => {
    if (v.length !== n)
      throw new SparsekitError({
        argument: `vertices[${i}]`,
        value: v,
        code: 'shape_mismatch',
        expected: `${n} coordinates like vertices[0]`,
      });
  });
  return { data: vertices.map((v) => Float64Array.from(v)), sliceShape: [n] };
}

function polytopeSpec(data: Float64Array[], sliceShape: number[]): SetSpec & { release(): void } {
  if (data.some((v) => v.some((x) => !Number.isFinite(x))))
    throw new SparsekitError({ argument: 'vertices', value: 'a non-finite coordinate', expected: 'finite vertices' });
  const n = data[0].length;
  const matrix = tf.keep(
    tf.tensor2d(
      data.flatMap((v) => Array.from(v)),
      [data.length, n],
      'float32',
    ),
  );
  const scale = Math.max(...data.map((v) => Math.hypot(...v)), 1);
  const project = (x: tf.Tensor) => {
    const flat = x.dataSync();
    const out = new Float32Array(flat.length);
    for (let b = 0; b < x.shape[0]; b++) {
      const xb = flat.subarray(b * n, (b + 1) * n);
      // a non-finite slice has no nearest point: NaN, as every oracle does (propagateNonFinite)
      if (!xb.every(Number.isFinite)) {
        out.fill(Number.NaN, b * n, (b + 1) * n);
        continue;
      }
      const y = minNormPoint(data.map((v) => v.map((c, i) => c - xb[i])));
      y.forEach((c, i) => {
        out[b * n + i] = c + xb[i];
      });
    }
    return tf.tensor(out, x.shape.slice(), 'float32');
  };
  return {
    release: () => matrix.dispose(),
    name: 'Polytope',
    params: { vertices: data.length, shape: sliceShape },
    sliceRank: sliceShape.length,
    // atoms as rows of [K, n]: only vector slices (matrix vertices are not an atom dictionary)
    atoms: sliceShape.length === 1 ? (matrix as tf.Tensor2D) : undefined,
    checkSlice: (shape) => {
      if (shape.join() !== sliceShape.join())
        throw new SparsekitError({
          argument: 'x',
          value: `shape [${shape.join(', ')}]`,
          code: 'shape_mismatch',
          expected: `shape [${sliceShape.join(', ')}] of the vertices`,
        });
    },
    project,
    // enumeration: scores ⟨g, v⟩ for every vertex, first minimum (topk of −score is stable)
    lmo: (g) =>
      tf.tidy(() => {
        const scores = tf.matMul(rows(g), matrix, false, true);
        const idx = tf.topk(tf.neg(scores), 1, true).indices.reshape([g.shape[0]]);
        return tf.gather(matrix, idx).reshape(g.shape);
      }),
    violation: (x) =>
      tf.tidy(() => {
        const gap = tf.norm(tf.sub(rows(x), rows(project(x))), 2, 1) as tf.Tensor1D;
        return { amount: gap, scale: tf.fill([x.shape[0]], scale) as tf.Tensor1D };
      }),
  };
}

/**
 * The convex hull of the given vertices (arrays of coordinates, or a [V, ...shape] tensor).
 * LMO by enumeration (one matMul, first minimal vertex on ties). Projection and membership
 * by Wolfe's minimum-norm-point algorithm in float64 (exact up to rounding; cost grows with V).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { polytope } from '@sparsekit/constraints';
 * const triangle = polytope([[0, 0], [1, 0], [0, 1]]);
 * triangle.lmo(tf.tensor([1, -1])).arraySync();     // => [0, 1]
 * triangle.project(tf.tensor([1, 1])).arraySync();  // => [0.5, 0.5]
 * ```
 */
export function polytope(vertices: tf.Tensor | readonly (readonly number[])[]): ConstraintSet & Partial<HasAtoms> & { dispose(): void } {
  const { data, sliceShape } = toVertices(vertices);
  const spec = polytopeSpec(data, sliceShape);
  const set = makeSet(spec) as unknown as ConstraintSet & Partial<HasAtoms>;
  // The vertex matrix stays on the device for the LMO; dispose() frees it.
  return Object.assign(set, { dispose: spec.release });
}
