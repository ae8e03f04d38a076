/**
 * Sparse (ReLU) networks trained by PALM: the layers' kernels are the blocks, each kept in its
 * FAμST set by projection, and the coupling is the squared loss of the network on (X, Y).
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { createRng, SparsekitError, requireInteger } from '@sparsekit/tensor';
import { palm, type PalmBlock } from '@sparsekit/solvers/palm';
import type { Constraint, HasProject } from '@sparsekit/constraints';

/** Options of {@link trainSparseNetwork}. */
export interface SparseNetworkOptions {
  /** Layer widths d₀ (inputs), d₁, …, d_J (outputs); kernel j is d_{j−1}×d_j. */
  readonly dims: readonly number[];
  /** One projection per kernel (e.g. `sp(k, { normalized: false })` of `@sparsekit/constraints/faust`). */
  readonly constraints: readonly (Constraint & HasProject)[];
  /** ReLU between layers (not after the last). Default true. */
  readonly relu?: boolean;
  /** PALM sweeps. Default 100. */
  readonly maxIter?: number;
  readonly seed?: number;
  /**
   * Record the loss after every sweep in `trace` (PALM's own trace option). `'with-start'` also
   * puts the loss at the starting kernels first. Default false: `trace` is empty.
   */
  readonly trace?: boolean | 'with-start';
}

/** A trained network x ↦ relu(…relu(x·K₁)·K₂…)·K_J (rows are samples). Owns its kernels: call dispose. */
export class SparseLinearNetwork {
  constructor(
    readonly kernels: readonly tf.Tensor2D[],
    readonly relu: boolean,
    readonly trace: readonly number[],
  ) {}

  /**
   * Outputs for a batch of rows [B, d₀].
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { SparseLinearNetwork } from '@sparsekit/factorization';
   * const net = new SparseLinearNetwork([tf.tensor2d([[1, -1]]), tf.tensor2d([[1], [1]])], true, []);
   * net.predict(tf.tensor2d([[2]])).arraySync(); // [[2]] = relu([2, −2])·[1, 1]ᵀ
   * ```
   */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return forward(this.kernels, x, this.relu);
  }

  /**
   * Nonzeros over all kernels divided by their total size.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { SparseLinearNetwork } from '@sparsekit/factorization';
   * new SparseLinearNetwork([tf.tensor2d([[1, 0]])], false, []).density(); // 0.5
   * ```
   */
  density(): number {
    const [nnz, size] = this.kernels.reduce(
      ([a, b], k) => [a + Array.from(k.dataSync()).filter((v) => v !== 0).length, b + k.size],
      [0, 0],
    );
    return nnz / size;
  }

  /**
   * The same network as a `tf.Sequential` of dense layers without bias, for tfjs inference and saving.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { SparseLinearNetwork } from '@sparsekit/factorization';
   * const model = new SparseLinearNetwork([tf.tensor2d([[1, 2]])], false, []).toTfModel();
   * (model.predict(tf.tensor2d([[3]])) as tf.Tensor).arraySync(); // [[3, 6]]
   * ```
   */
  toTfModel(): tf.Sequential {
    const model = tf.sequential();
    this.kernels.forEach((k, j) => {
      const last = j === this.kernels.length - 1;
      model.add(
        tf.layers.dense({
          units: k.shape[1],
          useBias: false,
          activation: this.relu && !last ? 'relu' : 'linear',
          ...(j === 0 ? { inputShape: [k.shape[0]] } : {}),
        }),
      );
    });
    model.layers.forEach((layer, j) => layer.setWeights([this.kernels[j]]));
    return model;
  }

  /**
   * Frees the kernels.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs';
   * import { SparseLinearNetwork } from '@sparsekit/factorization';
   * new SparseLinearNetwork([tf.eye(2) as tf.Tensor2D], false, []).dispose();
   * ```
   */
  dispose(): void {
    tf.dispose([...this.kernels]);
  }
}

function forward(kernels: readonly tf.Tensor[], x: tf.Tensor, relu: boolean): tf.Tensor2D {
  return tf.tidy(() =>
    kernels.reduce((h: tf.Tensor, k, j) => {
      const z = tf.matMul(h as tf.Tensor2D, k as tf.Tensor2D);
      return relu && j < kernels.length - 1 ? tf.relu(z) : z;
    }, x),
  ) as tf.Tensor2D;
}

/**
 * Trains a sparse network on (X, Y) (rows are samples) by PALM over the kernels: each sweep takes
 * a gradient step on ½·mean‖f(X) − Y‖² per kernel (tfjs autodiff; step from a Lipschitz estimate
 * by power iteration on gradient differences) and projects it onto its set. Seeded Gaussian start
 * (He scaling), projected. `Left` for shape mismatches or non-finite data.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { sp } from '@sparsekit/constraints/faust';
 * import { trainSparseNetwork } from '@sparsekit/factorization';
 * const X = tf.randomNormal([64, 4]) as tf.Tensor2D;
 * const Y = tf.matMul(X, tf.ones([4, 1])) as tf.Tensor2D;
 * const constraints = [sp(16, { normalized: false }), sp(8, { normalized: false })];
 * const res = trainSparseNetwork(X, Y, { dims: [4, 8, 1], constraints, maxIter: 20 });
 * if (isRight(res)) res.right.dispose();
 * ```
 */
export function trainSparseNetwork(
  X: tf.Tensor2D,
  Y: tf.Tensor2D,
  options: SparseNetworkOptions,
): Either<SparsekitError, SparseLinearNetwork> {
  const { dims, constraints } = options;
  if (!Array.isArray(dims) || dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new SparsekitError({ argument: 'dims', value: dims, expected: 'at least two positive integer widths' });
  }
  if (!Array.isArray(constraints) || constraints.length !== dims.length - 1) {
    throw new SparsekitError({ argument: 'constraints', value: constraints, expected: `${dims.length - 1} constraints (one per kernel)` });
  }
  const maxIter = requireInteger('maxIter', options.maxIter ?? 100, 0);
  const trace = options.trace ?? false;
  if (trace !== true && trace !== false && trace !== 'with-start') {
    throw new SparsekitError({ argument: 'trace', value: trace, expected: "true, false or 'with-start'" });
  }
  const relu = options.relu ?? true;
  if (X.rank !== 2 || Y.rank !== 2 || X.shape[1] !== dims[0] || Y.shape[1] !== dims[dims.length - 1] || X.shape[0] !== Y.shape[0]) {
    return left(
      new SparsekitError({
        argument: 'X/Y',
        value: [X.shape, Y.shape],
        code: 'shape_mismatch',
        expected: `X [B, ${dims[0]}] and Y [B, ${dims[dims.length - 1]}]`,
      }),
    );
  }
  const rng = createRng(options.seed ?? 0);
  const init = constraints.map((c, j) =>
    tf.tidy(() =>
      c.project(
        tf.tensor2d(Float32Array.from(rng.normalArray(dims[j] * dims[j + 1], { std: Math.sqrt(2 / dims[j]) })), [dims[j], dims[j + 1]]),
      ),
    ),
  );
  const blocks: PalmBlock[] = init.map((x0, j) => ({
    x0,
    constraint: { name: constraints[j].name, params: constraints[j].params, prox: (x: tf.Tensor) => constraints[j].project(x) },
  }));
  const batch = X.shape[0];
  const objective = (ks: readonly tf.Tensor[]): tf.Scalar =>
    tf.tidy(() => tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(forward(ks as tf.Tensor[], X, relu), Y)))), batch) as tf.Scalar);
  const start = trace === 'with-start' ? [tf.tidy(() => objective(init).dataSync()[0])] : [];
  const res = palm({ blocks, objective: (ks) => objective(ks as tf.Tensor[]) }, { maxIter, trace: trace !== false });
  tf.dispose(init);
  if (isLeft(res)) return res;
  return right(new SparseLinearNetwork(res.right.blocks as tf.Tensor2D[], relu, [...start, ...(res.right.trace?.fun ?? [])]));
}
