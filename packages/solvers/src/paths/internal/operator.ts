/**
 * The linear operator D of Split LBI: identity, the incidence matrix of a graph (edge (i, j)
 * gives the row e_i − e_j), or a user matrix. Kept as a dense float32 tensor except for the
 * identity, which is applied without a matrix.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { readMatrix, spectralNorm64, type Dense64 } from './design.js';

/** How D is given. */
export type OperatorSpec =
  | 'identity'
  | { readonly kind: 'graph'; readonly edges: readonly (readonly [number, number])[] }
  | tf.Tensor2D
  | readonly (readonly number[])[];

/** A prepared operator. */
export interface Operator {
  readonly rows: number;
  readonly identity: boolean;
  /** Float64 copy (null for the identity). */
  readonly dense: Dense64 | null;
  /** ‖D‖₂. */
  readonly norm: number;
  apply(beta: tf.Tensor2D): tf.Tensor2D;
  applyT(v: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

function incidence(edges: readonly (readonly [number, number])[], p: number): Dense64 {
  const data = new Float64Array(edges.length * p);
  edges.forEach(([i, j], e) => {
    if (![i, j].every((v) => Number.isInteger(v) && v >= 0 && v < p) || i === j) {
      throw new SparsekitError({ argument: 'D.edges', value: [i, j], expected: `pairs of distinct variable indices in [0, ${p - 1}]` });
    }
    data[e * p + i] = 1;
    data[e * p + j] = -1;
  });
  return { data, rows: edges.length, cols: p };
}

/** Builds D for p variables. */
export function makeOperator(spec: OperatorSpec, p: number): Operator {
  if (spec === 'identity') {
    return {
      rows: p,
      identity: true,
      dense: null,
      norm: 1,
      apply: (b) => tf.clone(b),
      applyT: (v) => tf.clone(v),
      dispose: () => undefined,
    };
  }
  const dense =
    !(spec instanceof tf.Tensor) && !Array.isArray(spec) && 'kind' in (spec as object)
      ? incidence((spec as { edges: readonly (readonly [number, number])[] }).edges, p)
      : readMatrix('D', spec as tf.Tensor2D | readonly (readonly number[])[]);
  if (dense.cols !== p)
    throw new SparsekitError({
      argument: 'D',
      value: `${dense.rows}×${dense.cols}`,
      code: 'shape_mismatch',
      expected: `a matrix with ${p} columns (one per variable)`,
    });
  const d = tf.tensor2d(Float32Array.from(dense.data), [dense.rows, p]);
  return {
    rows: dense.rows,
    identity: false,
    dense,
    norm: spectralNorm64(dense),
    apply: (b) => tf.matMul(d, b),
    applyT: (v) => tf.matMul(d, v, true, false),
    dispose: () => d.dispose(),
  };
}
