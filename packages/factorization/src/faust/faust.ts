/**
 * The Faust operator (pyfaust `Faust`): a product of sparse or dense factors S₁⋯S_J, real or
 * complex, applied without ever forming the product.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { applyChain } from './internal/apply-chain.js';
import { chooseFormat, conjFactor, nnz, scaleFactor, toDenseFactor, transposeFactor, type Factor } from './internal/factor.js';
import { frobenius, maxColumnSum, spectral } from './internal/norms.js';
import { blockFromTensor, blockToTensor, factorFromTensor, identityBlock, transposeBlock, type MatrixLike } from './internal/tensor-io.js';
import { concatFactors, type ConcatAxis } from './internal/concat.js';
import { pruneFactors } from './internal/structure.js';
import { fastestFormats, type OptimizeTimeOptions } from './internal/optimize-time.js';

/** Storage of the factors: per-factor by density ('dynamic', pyfaust's default), or forced. */
export type FactorFormat = 'dynamic' | 'dense' | 'sparse';

/** Options of {@link Faust.fromFactors}. */
export interface FaustOptions {
  readonly format?: FactorFormat;
}

/** Norms of {@link Faust.norm}, with pyfaust's names. */
export type FaustNormOrder = 'fro' | 1 | 2 | 'inf';

/** Power iteration settings of `norm(2)`. Defaults: 100 iterations, threshold 1e-6, seed 0. */
export interface FaustNormOptions {
  readonly maxIter?: number;
  readonly threshold?: number;
  readonly seed?: number;
}

export type { OptimizeTimeOptions, ConcatAxis };

/**
 * A Faust F = S₁⋯S_J (pyfaust `Faust`). Immutable: every operation returns a new Faust. The
 * factors live in float32 JavaScript arrays, dense or CSR, so a Faust holds no tensors and needs
 * no disposal; tensors go in and out of `apply`, `toDense` and `factor`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { Faust } from '@sparsekit/factorization';
 * const F = Faust.fromFactors([tf.tensor2d([[1, 0], [0, 2]]), tf.tensor2d([[0, 1], [1, 0]])]);
 * (F.apply(tf.tensor1d([3, 4])) as tf.Tensor).arraySync(); // [4, 6]
 * ```
 */
export class Faust {
  readonly shape: readonly [number, number];
  readonly isComplex: boolean;

  private constructor(private readonly factors: readonly Factor[]) {
    this.shape = [factors[0].rows, factors[factors.length - 1].cols];
    this.isComplex = factors.some((f) => f.im !== null);
  }

  /**
   * Builds a Faust from rank-2 tensors or complex pairs (copied), checking that inner dimensions
   * match and entries are finite.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { Faust } from '@sparsekit/factorization';
   * const F = Faust.fromFactors([tf.eye(3), tf.ones([3, 2])], { format: 'sparse' });
   * F.shape; // [3, 2]
   * ```
   */
  static fromFactors(factors: readonly MatrixLike[], options: FaustOptions = {}): Faust {
    if (!Array.isArray(factors) || factors.length === 0) {
      throw new SparsekitError({ argument: 'factors', value: factors, expected: 'a non-empty array of matrices' });
    }
    const format = options.format ?? 'dynamic';
    if (!['dynamic', 'dense', 'sparse'].includes(format)) {
      throw new SparsekitError({ argument: 'format', value: format, expected: "'dynamic', 'dense' or 'sparse'" });
    }
    return Faust.fromInternal(factors.map((f, i) => chooseFormat(factorFromTensor(f, `factors[${i}]`), format)));
  }

  /** @internal Wraps already-built factors (package-internal constructors). */
  static fromInternal(factors: readonly Factor[]): Faust {
    for (let i = 1; i < factors.length; i++) {
      if (factors[i].rows !== factors[i - 1].cols) {
        throw new SparsekitError({
          argument: `factors[${i}]`,
          value: [factors[i].rows, factors[i].cols],
          code: 'shape_mismatch',
          expected: `${factors[i - 1].cols} rows to match the columns of factors[${i - 1}]`,
        });
      }
    }
    return new Faust(factors);
  }

  /** @internal The factors (shared, read-only). */
  internalFactors(): readonly Factor[] {
    return this.factors;
  }

  /**
   * F·x for a vector [n] or a batch of column vectors [n, B], real or complex; complex output
   * when F or x is complex.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { wht } from '@sparsekit/factorization';
   * (wht(4, { normed: false }).apply(tf.tensor2d([[1], [0], [0], [0]])) as tf.Tensor).arraySync(); // [[1], [1], [1], [1]]
   * ```
   */
  apply(x: tf.Tensor): tf.Tensor | ComplexTensor;
  apply(x: ComplexTensor): ComplexTensor;
  apply(x: MatrixLike): MatrixLike {
    const { block, vector } = blockFromTensor(x, this.shape[1], 'x');
    return blockToTensor(applyChain(this.factors, block), vector);
  }

  /**
   * x·F for a row vector [m] or a batch of row vectors [B, m].
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { Faust } from '@sparsekit/factorization';
   * const F = Faust.fromFactors([tf.tensor2d([[1, 2], [3, 4]])]);
   * (F.applyLeft(tf.tensor1d([1, 1])) as tf.Tensor).arraySync(); // [4, 6]
   * ```
   */
  applyLeft(x: tf.Tensor): tf.Tensor | ComplexTensor;
  applyLeft(x: ComplexTensor): ComplexTensor;
  applyLeft(x: MatrixLike): MatrixLike {
    const t = this.transpose().internalFactors();
    const re = x instanceof tf.Tensor ? x : x.re;
    if (re.rank === 1) return blockToTensor(applyChain(t, blockFromTensor(x, this.shape[0], 'x').block), true);
    if (re.rank !== 2 || re.shape[1] !== this.shape[0]) {
      throw new SparsekitError({
        argument: 'x',
        value: re,
        code: 'shape_mismatch',
        expected: `a vector [${this.shape[0]}] or a batch of row vectors [B, ${this.shape[0]}]`,
      });
    }
    const rows = blockFromTensor(x, re.shape[0], 'x').block;
    return blockToTensor(transposeBlock(applyChain(t, transposeBlock(rows))), false);
  }

  /**
   * Fᵀ (pyfaust `T`).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { Faust } from '@sparsekit/factorization';
   * Faust.fromFactors([tf.ones([2, 3])]).transpose().shape; // [3, 2]
   * ```
   */
  transpose(): Faust {
    return new Faust(this.factors.map((f) => transposeFactor(f, false)).reverse());
  }

  /**
   * Entrywise conjugate F̄ (pyfaust `conj`).
   *
   * @example
   * ```ts
   * import { dft } from '@sparsekit/factorization';
   * dft(4).conj().isComplex; // true
   * ```
   */
  conj(): Faust {
    return new Faust(this.factors.map(conjFactor));
  }

  /**
   * Conjugate transpose Fᴴ (pyfaust `H`).
   *
   * @example
   * ```ts
   * import { dft } from '@sparsekit/factorization';
   * const FH = dft(8, { normed: true }).adjoint(); // the inverse DFT (unitary)
   * ```
   */
  adjoint(): Faust {
    return new Faust(this.factors.map((f) => transposeFactor(f, true)).reverse());
  }

  /**
   * The product as a dense tensor (complex pair for a complex Faust).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { wht } from '@sparsekit/factorization';
   * (wht(2, { normed: false }).toDense() as tf.Tensor2D).arraySync(); // [[1, 1], [1, -1]]
   * ```
   */
  toDense(): tf.Tensor2D | ComplexTensor<tf.Rank.R2> {
    return blockToTensor(applyChain(this.factors, identityBlock(this.shape[1], 0, this.shape[1])), false) as tf.Tensor2D;
  }

  /**
   * pyfaust `norm`: 'fro', 1 (max column sum), 'inf' (max row sum) exactly by column passes,
   * 2 by seeded power iteration on FᴴF.
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(16, { normed: true }).norm(2); // ≈ 1 (orthonormal)
   * ```
   */
  norm(ord: FaustNormOrder = 'fro', options: FaustNormOptions = {}): number {
    if (ord === 'fro') return frobenius(this.factors, this.shape[1]);
    if (ord === 1) return maxColumnSum(this.factors, this.shape[1]);
    if (ord === 'inf') return this.transpose().norm(1);
    if (ord === 2) {
      const { maxIter = 100, threshold = 1e-6, seed = 0 } = options;
      return spectral(this.factors, this.shape[1], this.isComplex, { maxIter, threshold, seed });
    }
    throw new SparsekitError({ argument: 'ord', value: ord, expected: "'fro', 1, 2 or 'inf'" });
  }

  /**
   * Total number of stored nonzeros over the factors (pyfaust `nnz_sum`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(1024).nnzSum(); // 20480
   * ```
   */
  nnzSum(): number {
    return this.factors.reduce((acc, f) => acc + nnz(f), 0);
  }

  /**
   * nnzSum / (rows·cols) (pyfaust `density`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(32).density(); // 0.3125
   * ```
   */
  density(): number {
    return this.nnzSum() / (this.shape[0] * this.shape[1]);
  }

  /**
   * Relative complexity gain 1/density (pyfaust `rcg`).
   *
   * @example
   * ```ts
   * import { dft } from '@sparsekit/factorization';
   * dft(1024).rcg(); // ≈ 48.76
   * ```
   */
  rcg(): number {
    return 1 / this.density();
  }

  /**
   * Number of factors (pyfaust `numfactors`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(8).numFactors(); // 3
   * ```
   */
  numFactors(): number {
    return this.factors.length;
  }

  /**
   * Factor i as a dense tensor (complex pair for a complex factor) (pyfaust `factors(i)`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * const S0 = wht(4).factor(0); // 4×4 with 2 nonzeros per row
   * ```
   */
  factor(i: number): tf.Tensor2D | ComplexTensor<tf.Rank.R2> {
    this.checkIndex(i);
    const f = toDenseFactor(this.factors[i]);
    const re = tf.tensor2d(f.re, [f.rows, f.cols]);
    return f.im === null ? re : { re, im: tf.tensor2d(f.im, [f.rows, f.cols]) };
  }

  /**
   * The Faust of factors 0..i (pyfaust `left`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(8).left(1).numFactors(); // 2
   * ```
   */
  left(i: number): Faust {
    this.checkIndex(i);
    return new Faust(this.factors.slice(0, i + 1));
  }

  /**
   * The Faust of factors i..J−1 (pyfaust `right`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(8).right(1).numFactors(); // 2
   * ```
   */
  right(i: number): Faust {
    this.checkIndex(i);
    return new Faust(this.factors.slice(i));
  }

  /**
   * s·F for a real scalar, folded into the first factor.
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * const normed = wht(8).scale(1 / Math.sqrt(8));
   * ```
   */
  scale(s: number): Faust {
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new SparsekitError({ argument: 's', value: s, expected: 'a finite number' });
    return new Faust([scaleFactor(this.factors[0], s), ...this.factors.slice(1)]);
  }

  /**
   * F·G as a Faust (the factor lists are concatenated; pyfaust `F @ G`).
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(4).matmul(wht(4)).numFactors(); // 4 (and the product is 4·I)
   * ```
   */
  matmul(other: Faust): Faust {
    if (!(other instanceof Faust)) throw new SparsekitError({ argument: 'other', value: other, expected: 'a Faust' });
    return Faust.fromInternal([...this.factors, ...other.factors]);
  }

  /**
   * [F; G; …] (axis 0) or [F, G, …] (axis 1) as one Faust (pyfaust `concatenate`): block
   * diagonal factors plus one stacked end factor.
   *
   * @example
   * ```ts
   * import { wht } from '@sparsekit/factorization';
   * wht(4).concat([wht(4)], 0).shape; // [8, 4]
   * ```
   */
  concat(others: readonly Faust[], axis: ConcatAxis = 0): Faust {
    const all = [this, ...others];
    all.forEach((f, i) => {
      if (!(f instanceof Faust)) throw new SparsekitError({ argument: `others[${i - 1}]`, value: f, expected: 'a Faust' });
    });
    return new Faust(
      concatFactors(
        all.map((f) => f.factors),
        axis,
      ),
    );
  }

  /**
   * Drops inner indices whose column in S_j or row in S_{j+1} has at most `threshold` nonzeros,
   * repeatedly (pyfaust `pruneout`; exact for the default 0).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { Faust } from '@sparsekit/factorization';
   * const F = Faust.fromFactors([tf.tensor2d([[1, 0]]), tf.tensor2d([[2], [3]])]);
   * F.pruneOut().nnzSum(); // 2 (was 3): the inner index 1 carried nothing
   * ```
   */
  pruneOut(threshold = 0): Faust {
    if (!Number.isInteger(threshold) || threshold < 0)
      throw new SparsekitError({ argument: 'threshold', value: threshold, expected: 'an integer >= 0' });
    return new Faust(pruneFactors(this.factors, threshold));
  }

  /**
   * Times dense and CSR application of every factor on a random batch and keeps the faster
   * storage per factor (pyfaust `optimize_time`). The operator is unchanged.
   *
   * @example
   * ```ts
   * import { dft } from '@sparsekit/factorization';
   * const F = dft(64).optimizeTime({ batch: 8 });
   * ```
   */
  optimizeTime(options: OptimizeTimeOptions = {}): Faust {
    return new Faust(fastestFormats(this.factors, options));
  }

  private checkIndex(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.factors.length) {
      throw new SparsekitError({ argument: 'i', value: i, expected: `a factor index in [0, ${this.factors.length - 1}]` });
    }
  }
}
