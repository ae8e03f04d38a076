/** PALM4MSA pieces: target checks, the pyfaust start (zero + identities) and the λ update. */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError, isComplexTensor, type ComplexTensor } from '@sparsekit/tensor';
import { cloneValue, disposeValue, isComplex, squaredNorm, type BlockValue } from './blocks.js';
import { productOf } from '../product-fit.js';
import type { UpdateOrder } from './settings.js';

export function prepareTarget(A: unknown): Either<SparsekitError, { norm: number; complex: boolean; shape: [number, number] }> {
  const re = A instanceof tf.Tensor ? A : isComplexTensor(A) ? A.re : null;
  if (re === null) throw new SparsekitError({ argument: 'A', value: A, expected: 'a tf.Tensor or a { re, im } complex tensor' });
  if (re.rank !== 2) return left(new SparsekitError({ argument: 'A', value: re, code: 'shape_mismatch', expected: 'a matrix (rank 2)' }));
  const sq = squaredNorm(A as BlockValue);
  if (!Number.isFinite(sq)) return left(new SparsekitError({ argument: 'A', value: re, code: 'non_finite', expected: 'finite entries' }));
  return right({ norm: Math.sqrt(sq), complex: isComplexTensor(A), shape: [re.shape[0]!, re.shape[1]!] });
}

function shapeOf(v: BlockValue): number[] {
  return isComplex(v) ? v.re.shape : v.shape;
}

/** The starting factors (fresh tensors owned by the caller), or a Left naming the mismatch. */
export function startFactors(
  A: tf.Tensor | ComplexTensor,
  J: number,
  dims: readonly number[] | undefined,
  init: readonly BlockValue[] | undefined,
  order: UpdateOrder,
): Either<SparsekitError, BlockValue[]> {
  const [m, n] = shapeOf(A);
  if (init !== undefined) {
    if (!Array.isArray(init) || init.length !== J)
      throw new SparsekitError({ argument: 'init', value: init, expected: `${J} factors (one per constraint)` });
    const shapes = init.map(shapeOf);
    const bad = shapes.findIndex(
      (s, j) => s.length !== 2 || (j === 0 ? s[0] !== m : s[0] !== shapes[j - 1][1]) || (j === J - 1 && s[1] !== n),
    );
    if (bad >= 0)
      return left(
        new SparsekitError({
          argument: `init[${bad}]`,
          value: shapes[bad],
          code: 'shape_mismatch',
          expected: `factor sizes chaining from ${m} rows to ${n} columns`,
        }),
      );
    return right(init.map((x) => asKind(cloneValue(x), isComplexTensor(A))));
  }
  const d = dims ?? [...Array(J).fill(m), n];
  if (!Array.isArray(d) || d.length !== J + 1 || d.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new SparsekitError({ argument: 'dims', value: d, expected: `${J + 1} positive integers d₀ = m, …, d_J = n` });
  }
  if (d[0] !== m || d[J] !== n)
    return left(
      new SparsekitError({ argument: 'dims', value: d, code: 'shape_mismatch', expected: `d₀ = ${m} and d_J = ${n} (the shape of A)` }),
    );
  const first = order === 'R2L' ? J - 1 : 0;
  const start = (j: number): tf.Tensor => (j === first ? tf.zeros([d[j], d[j + 1]]) : tf.eye(d[j], d[j + 1]));
  return right(Array.from({ length: J }, (_, j) => asKind(start(j), isComplexTensor(A))));
}

/** Factors of a complex target are complex pairs (PALM keeps each block's kind). Takes ownership. */
function asKind(x: BlockValue, complex: boolean): BlockValue {
  if (!complex || isComplex(x)) return x;
  return { re: x, im: tf.zerosLike(x) };
}

/** λ = Re tr(Aᴴ Â)/‖Â‖²_F (2020 backend); unchanged when Â = 0 or the ratio is not finite. */
export function lambdaUpdate(A: tf.Tensor | ComplexTensor, factors: readonly BlockValue[], previous: number): number {
  const complex = isComplexTensor(A);
  const P = productOf(factors, complex)!;
  const [num, den] = tf.tidy(() => {
    const inner = isComplex(P)
      ? tf.add(tf.sum(tf.mul(P.re, (A as ComplexTensor).re)), tf.sum(tf.mul(P.im, (A as ComplexTensor).im)))
      : tf.sum(tf.mul(P, A as tf.Tensor));
    return [inner.dataSync()[0], squaredNorm(P)];
  });
  disposeValue(P);
  const next = num / den;
  return den > 0 && Number.isFinite(next) ? next : previous;
}
