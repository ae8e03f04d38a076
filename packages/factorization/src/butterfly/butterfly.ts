/** Butterfly factorization (pyfaust `fact.butterfly`; Zheng, Riccietti & Gribonval, SIMODS 2023). */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { isComplexTensor, SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { Faust } from '../faust/faust.js';
import type { Factor } from '../faust/internal/factor.js';
import { bitrev, butterflyFactor, permutationFactor } from '../transforms/internal/butterfly-factor.js';
import { columnOf, factorLevels, productLevels, type LevelMatrix, type Tree } from './internal/split.js';

/** Options of {@link butterfly}. */
export interface ButterflyOptions {
  /**
   * Order of the splits: 'balanced' (pyfaust 'bbtree', default), 'right' (the rightmost part is
   * split at every stage) or 'left' (the leftmost part is). All three are exact on butterflies.
   */
  readonly tree?: Tree;
  /**
   * Column permutation P with P[i, perm[i]] = 1: factorizes A·Pᵀ and returns (butterfly)·P.
   * 'bitrev' is needed for the DFT, which is not itself butterfly-supported. Default 'none'.
   */
  readonly permutation?: 'none' | 'bitrev' | readonly number[];
}

/** Result of {@link butterfly}. */
export interface ButterflyResult {
  /** S₀⋯S_{n−1} (· P when a permutation was given). */
  readonly faust: Faust;
  /** ‖A − F‖_F / ‖A‖_F (0 when A = 0). */
  readonly relError: number;
}

function permutationOf(option: ButterflyOptions['permutation'], N: number, n: number): number[] | null {
  if (option === undefined || option === 'none') return null;
  if (option === 'bitrev') return Array.from({ length: N }, (_, i) => bitrev(i, n));
  if (Array.isArray(option) && option.length === N && [...option].sort((x, y) => x - y).every((v, i) => v === i)) return [...option];
  throw new SparsekitError({ argument: 'permutation', value: option, expected: `'none', 'bitrev' or a permutation of 0..${N - 1}` });
}

/** A·Pᵀ as the full-support level matrix [0, n) (dense, row-major). */
function readSquare(A: tf.Tensor | ComplexTensor, perm: number[] | null, n: number): LevelMatrix {
  const re = A instanceof tf.Tensor ? A : A.re;
  const N = re.shape[0]!;
  const r = re.dataSync();
  const i = A instanceof tf.Tensor ? null : A.im.dataSync();
  const out: LevelMatrix = { n, a: 0, b: n, re: new Float64Array(N * N), im: new Float64Array(N * N) };
  // (A·Pᵀ)[:, col] = A[:, perm[col]]
  const source = perm === null ? Int32Array.from({ length: N }, (_, c) => c) : Int32Array.from(perm);
  for (let row = 0; row < N; row++) {
    const o = row * N;
    for (let col = 0; col < N; col++) out.re[o + col] = r[o + source[col]];
    if (i !== null) for (let col = 0; col < N; col++) out.im[o + col] = i[o + source[col]];
  }
  return out;
}

function allFinite(d: Float64Array): boolean {
  for (let p = 0; p < d.length; p++) if (!Number.isFinite(d[p])) return false;
  return true;
}

function checkInput(A: unknown): Either<SparsekitError, number> {
  const re = A instanceof tf.Tensor ? A : isComplexTensor(A) ? A.re : null;
  if (re === null) throw new SparsekitError({ argument: 'A', value: A, expected: 'a tf.Tensor or a { re, im } complex tensor' });
  const N = re.shape[0]!;
  if (re.rank !== 2 || re.shape[1] !== N || N < 2 || (N & (N - 1)) !== 0) {
    return left(new SparsekitError({ argument: 'A', value: re, code: 'shape_mismatch', expected: 'a square matrix of size N = 2ⁿ >= 2' }));
  }
  return right(Math.round(Math.log2(N)));
}

/**
 * Butterfly factorization of an N×N matrix (N = 2ⁿ, real or complex): n factors with the
 * butterfly supports, by hierarchical rank-one block splitting in float64 (O(N²) per split).
 * Exact, up to float32 rounding of A and of the factors, whenever A·Pᵀ has a butterfly
 * factorization; otherwise each split is a best rank-one fit, not a global optimum. `Left`
 * for a non-square or non-power-of-two A or non-finite entries.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { butterfly, dft } from '@sparsekit/factorization';
 * const A = dft(64).toDense();
 * const res = butterfly(A, { permutation: 'bitrev' });
 * if (isRight(res)) console.log(res.right.relError, res.right.faust.rcg()); // ~1e-7, 4.9
 * ```
 */
export function butterfly(A: tf.Tensor | ComplexTensor, options: ButterflyOptions = {}): Either<SparsekitError, ButterflyResult> {
  const tree = options.tree ?? 'balanced';
  if (!['balanced', 'right', 'left'].includes(tree))
    throw new SparsekitError({ argument: 'tree', value: tree, expected: "'balanced', 'right' or 'left'" });
  const checked = checkInput(A);
  if (checked._tag === 'Left') return checked;
  const n = checked.right;
  const N = 2 ** n;
  const perm = permutationOf(options.permutation, N, n);
  const M = readSquare(A, perm, n);
  if (!allFinite(M.re) || !allFinite(M.im)) {
    return left(
      new SparsekitError({ argument: 'A', value: 'a matrix with NaN or Infinity', code: 'non_finite', expected: 'finite entries' }),
    );
  }
  const complex = isComplexTensor(A);
  const levels = factorLevels(M, tree);
  const factors: Factor[] = levels.map((L, level) =>
    butterflyFactor(n, level, complex, (i, j) => {
      const slot = (j - columnOf(n, level, level + 1, i, 0)) / 2 ** (n - level - 1);
      return [L.re[2 * i + slot], L.im[2 * i + slot]];
    }),
  );
  // The error of the returned float32 factors, multiplied exactly in float64 along the tree.
  const rounded = levels.map((L) => ({ ...L, re: L.re.map(Math.fround), im: complex ? L.im.map(Math.fround) : L.im }));
  const relError = relativeError(productLevels(rounded, tree), M);
  if (perm !== null) factors.push(permutationFactor(perm));
  return right({ faust: Faust.fromInternal(factors), relError });
}

/** ‖P − A·Pᵀ‖_F / ‖A·Pᵀ‖_F for the product P of the factors (P is orthogonal, so this is ‖F − A‖/‖A‖). */
function relativeError(prod: LevelMatrix, M: LevelMatrix): number {
  let num = 0;
  let den = 0;
  for (let p = 0; p < M.re.length; p++) {
    num += (prod.re[p] - M.re[p]) ** 2 + (prod.im[p] - M.im[p]) ** 2;
    den += M.re[p] ** 2 + M.im[p] ** 2;
  }
  return den === 0 ? 0 : Math.sqrt(num / den);
}
