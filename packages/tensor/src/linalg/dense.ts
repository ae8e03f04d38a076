/**
 * Dense float64 linear algebra of small matrices through ml-matrix: conversion helpers, full
 * SVD, symmetric eigendecomposition, linear solves and least squares. tfjs has none of these
 * (only qr, gramSchmidt, bandPart), and ml-matrix already does them well, so we wrap it.
 *
 * Size guidance: ml-matrix is plain JavaScript in float64 with O(n³) algorithms, single
 * threaded. Expect well under a second up to n ≈ 200–300 and several seconds beyond; for the
 * top few singular values of anything larger, use {@link topSingularPairs} (tfjs, any size).
 * Results are rounded to float32 when they become tensors again.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { EigenvalueDecomposition, LuDecomposition, Matrix, SingularValueDecomposition, type AbstractMatrix } from 'ml-matrix';
import { SparsekitError } from '../errors.js';
import { requireRank } from '../validate.js';

/**
 * Copies a rank-2 tensor into an ml-matrix `Matrix` (float64; synchronous read).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { toMatrix } from '@sparsekit/tensor';
 * toMatrix(tf.tensor2d([[1, 2], [3, 4]])).get(1, 0); // => 3
 * ```
 */
export function toMatrix(t: tf.Tensor): Matrix {
  requireRank('t', t, 2);
  const [rows, columns] = t.shape;
  return Matrix.from1DArray(rows, columns, Array.from(t.dataSync() as ArrayLike<number>));
}

/**
 * Copies an ml-matrix matrix into a float32 rank-2 tensor.
 *
 * @example
 * ```ts
 * import { Matrix } from 'ml-matrix';
 * import { fromMatrix } from '@sparsekit/tensor';
 * const t = fromMatrix(Matrix.eye(3)); // float32 [3, 3]
 * ```
 */
export function fromMatrix(m: AbstractMatrix): tf.Tensor2D {
  const data = new Float32Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) data[i * m.columns + j] = m.get(i, j);
  return tf.tensor2d(data, [m.rows, m.columns]);
}

function finiteMatrix(argument: string, t: tf.Tensor, ...ranks: number[]): E.Either<SparsekitError, Matrix> {
  requireRank(argument, t, ...ranks);
  const data = t.dataSync();
  const bad = data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0)
    return E.left(
      new SparsekitError({ argument, value: t, code: 'non_finite', expected: `finite entries (flat entry ${bad} is ${data[bad]})` }),
    );
  return E.right(t.rank === 1 ? Matrix.columnVector(Array.from(data)) : toMatrix(t));
}

/** Thin SVD of {@link svd}: A = u · diag(s) · vᵀ with r = min(m, n) columns. */
export interface Svd {
  readonly u: tf.Tensor2D;
  readonly s: tf.Tensor1D;
  readonly v: tf.Tensor2D;
}

/**
 * Full (thin) singular value decomposition of a small real matrix in float64, singular values
 * descending. Left for non-finite entries. See the module notes for size guidance.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { svd } from '@sparsekit/tensor';
 * const result = svd(tf.tensor2d([[3, 0], [0, -2]]));
 * if (result._tag === 'Right') result.right.s.dataSync(); // => [3, 2]
 * ```
 */
export function svd(a: tf.Tensor): E.Either<SparsekitError, Svd> {
  return E.map((m: Matrix) => {
    const r = Math.min(m.rows, m.columns);
    const d = new SingularValueDecomposition(m, { autoTranspose: true });
    return {
      u: fromMatrix(d.leftSingularVectors.subMatrix(0, m.rows - 1, 0, r - 1)),
      s: tf.tensor1d(d.diagonal.slice(0, r)),
      v: fromMatrix(d.rightSingularVectors.subMatrix(0, m.columns - 1, 0, r - 1)),
    };
  })(finiteMatrix('A', a, 2));
}

/** Result of {@link symmetricEig}: A = vectors · diag(values) · vectorsᵀ. */
export interface SymmetricEig {
  readonly values: tf.Tensor1D;
  readonly vectors: tf.Tensor2D;
}

/**
 * Eigendecomposition of a small real symmetric matrix in float64, eigenvalues ascending
 * (like numpy.linalg.eigh), eigenvectors as columns. Left when A is not square, not symmetric
 * (|A − Aᵀ| > 1e-6·max|A| entrywise, float32 round-off allowed) or not finite.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { symmetricEig } from '@sparsekit/tensor';
 * const r = symmetricEig(tf.tensor2d([[2, 1], [1, 2]]));
 * if (r._tag === 'Right') r.right.values.dataSync(); // => [1, 3]
 * ```
 */
export function symmetricEig(a: tf.Tensor): E.Either<SparsekitError, SymmetricEig> {
  return E.chain((m: Matrix) => {
    if (m.rows !== m.columns)
      return E.left(new SparsekitError({ argument: 'A', value: a, code: 'shape_mismatch', expected: 'a square matrix' }));
    const tol = 1e-6 * Math.max(Math.abs(m.max()), Math.abs(m.min()));
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < i; j++) {
        if (Math.abs(m.get(i, j) - m.get(j, i)) > tol) {
          return E.left(
            new SparsekitError({
              argument: 'A',
              value: a,
              expected: `a symmetric matrix (A[${i}][${j}] = ${m.get(i, j)} but A[${j}][${i}] = ${m.get(j, i)})`,
            }),
          );
        }
      }
    const d = new EigenvalueDecomposition(m, { assumeSymmetric: true });
    return E.right({ values: tf.tensor1d(d.realEigenvalues), vectors: fromMatrix(d.eigenvectorMatrix) });
  })(finiteMatrix('A', a, 2));
}

/**
 * Solves A x = b for a small square A by LU with partial pivoting (float64). `b` is [n] or
 * [n, r]; x has the same shape. Left when A is singular (or the solution overflows) or the
 * input is not finite; use {@link lstsq} for rectangular or rank-deficient systems.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { solve } from '@sparsekit/tensor';
 * const x = solve(tf.tensor2d([[2, 0], [0, 4]]), tf.tensor1d([2, 8])); // Right([1, 2])
 * ```
 */
export function solve(a: tf.Tensor, b: tf.Tensor): E.Either<SparsekitError, tf.Tensor> {
  checkSystem(a, b);
  if (a.shape[0] !== a.shape[1])
    throw new SparsekitError({
      argument: 'A',
      value: a,
      code: 'shape_mismatch',
      expected: 'a square matrix (use lstsq for rectangular systems)',
    });
  return E.chain(([m, rhs]: [Matrix, Matrix]) => {
    const lu = new LuDecomposition(m);
    if (lu.isSingular())
      return E.left(new SparsekitError({ argument: 'A', value: a, expected: 'a non-singular matrix (LU found a zero pivot; try lstsq)' }));
    return toSolution(lu.solve(rhs), b, 'A');
  })(bothFinite(a, b));
}

/**
 * Least-squares solution of A x ≈ b (minimum norm when A is rank deficient) through the SVD,
 * in float64; any shape of A. `b` is [m] or [m, r]; x is [n] or [n, r].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { lstsq } from '@sparsekit/tensor';
 * const x = lstsq(tf.tensor2d([[1], [1]]), tf.tensor1d([1, 3])); // Right([2])
 * ```
 */
export function lstsq(a: tf.Tensor, b: tf.Tensor): E.Either<SparsekitError, tf.Tensor> {
  checkSystem(a, b);
  return E.chain(([m, rhs]: [Matrix, Matrix]) => toSolution(new SingularValueDecomposition(m, { autoTranspose: true }).solve(rhs), b, 'A'))(
    bothFinite(a, b),
  );
}

function checkSystem(a: tf.Tensor, b: tf.Tensor): void {
  requireRank('A', a, 2);
  requireRank('b', b, 1, 2);
  if (b.shape[0] !== a.shape[0]) {
    throw new SparsekitError({
      argument: 'b',
      value: b,
      code: 'shape_mismatch',
      expected: `${a.shape[0]} rows to match A [${a.shape.join(', ')}]`,
    });
  }
}

function bothFinite(a: tf.Tensor, b: tf.Tensor): E.Either<SparsekitError, [Matrix, Matrix]> {
  return E.chain((m: Matrix) => E.map((rhs: Matrix): [Matrix, Matrix] => [m, rhs])(finiteMatrix('b', b, 1, 2)))(finiteMatrix('A', a, 2));
}

function toSolution(x: Matrix, b: tf.Tensor, argument: string): E.Either<SparsekitError, tf.Tensor> {
  const data = x.to1DArray();
  if (data.some((v) => !Number.isFinite(v) || Math.abs(v) > 3.4e38)) {
    return E.left(
      new SparsekitError({
        argument,
        value: 'the system',
        code: 'non_finite',
        expected: 'a solution representable in float32 (A is numerically singular)',
      }),
    );
  }
  return E.right(b.rank === 1 ? tf.tensor1d(data) : tf.tensor2d(data, [x.rows, x.columns]));
}
