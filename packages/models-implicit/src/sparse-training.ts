/**
 * Training an implicit layer sparse from all-zero weights by stochastic Frank-Wolfe (Négiar,
 * El Ghaoui, Pedregosa): every matrix gets a constraint set whose vertices are sparse or
 * rank-one, so each step adds at most one nonzero per row (row-wise L1), one nonzero (L1) or one
 * rank-one term (nuclear) per matrix.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { eachSlice, l1Ball, linfBall, nuclearBall, type ConstraintSet } from '@sparsekit/constraints';
import type { ImplicitLayer } from './implicit-layer.js';
import { checkKeys } from './solver-options.js';
import { numericalRank } from './internal/numerical-rank.js';

/**
 * A constraint set for one of B, C, D: the L1 ball of the whole matrix, one L1 ball per row,
 * or the nuclear-norm ball (low rank).
 *
 * @example
 * ```ts
 * import type { MatrixSet } from '@sparsekit/models-implicit';
 * const lowRank: MatrixSet = { type: 'nuclear', radius: 20 };
 * ```
 */
export interface MatrixSet {
  readonly type: 'l1' | 'rowL1' | 'nuclear';
  readonly radius: number;
}

/**
 * The Frank-Wolfe set of A, always inside {‖A‖∞ ≤ κ}: one L1 ball of radius r ≤ κ per row
 * (`'rowL1'`, at most one new nonzero per row and step), or the L1 ball of the whole matrix of
 * radius r ≤ κ (`'l1'`: every row's L1 norm is at most the total, so ‖A‖∞ ≤ r; at most one new
 * nonzero in A per step, far sparser).
 *
 * @example
 * ```ts
 * import type { StateMatrixSet } from '@sparsekit/models-implicit';
 * const sparsest: StateMatrixSet = { type: 'l1', radius: 0.5 };
 * ```
 */
export interface StateMatrixSet {
  readonly type: 'rowL1' | 'l1';
  readonly radius: number;
}

/**
 * Options of {@link frankWolfeConstraints}. A gets {‖A‖∞ ≤ κ} (κ from the layer) unless `A` says otherwise.
 * Size B, C, D for the data: the default radii (5, 5, 1) suit small inputs; on MNIST (784 pixels
 * in [0, 1]) Adam's B rows reach L1 norms of 45–100 and radius 5 pins every row of B on its
 * sphere, while rows of L1 radius 20 for B and C and 5 for D leave room.
 *
 * @example
 * ```ts
 * import type { FrankWolfeConstraintOptions } from '@sparsekit/models-implicit';
 * const o: FrankWolfeConstraintOptions = { B: { type: 'rowL1', radius: 5 }, C: { type: 'l1', radius: 50 }, bias: 10 };
 * ```
 */
export interface FrankWolfeConstraintOptions {
  /** Default: rows in L1 balls of radius κ. */
  readonly A?: StateMatrixSet;
  readonly B?: MatrixSet;
  readonly C?: MatrixSet;
  readonly D?: MatrixSet;
  /** Box radius of both bias vectors (they need a set too under Frank-Wolfe; a large box makes the first steps jump by γ·radius). Default 1. */
  readonly bias?: number;
}

function matrixSet(argument: string, s: MatrixSet): ConstraintSet {
  if (s === null || typeof s !== 'object') throw new SparsekitError({ argument, value: s, expected: '{ type, radius }' });
  checkKeys(argument, s, ['type', 'radius']);
  if (s.type === 'l1') return l1Ball(s.radius);
  if (s.type === 'rowL1') return eachSlice(l1Ball(s.radius));
  if (s.type === 'nuclear') return nuclearBall(s.radius) as ConstraintSet;
  throw new SparsekitError({ argument: `${argument}.type`, value: (s as { type: unknown }).type, expected: "'l1', 'rowL1' or 'nuclear'" });
}

function stateSet(s: StateMatrixSet, kappa: number): ConstraintSet {
  if (s === null || typeof s !== 'object') throw new SparsekitError({ argument: 'options.A', value: s, expected: '{ type, radius }' });
  checkKeys('options.A', s, ['type', 'radius']);
  if (!(s.radius > 0 && s.radius <= kappa)) {
    throw new SparsekitError({ argument: 'options.A.radius', value: s.radius, expected: `a number in (0, κ = ${kappa}] (well-posedness)` });
  }
  if (s.type === 'rowL1') return eachSlice(l1Ball(s.radius)) as ConstraintSet;
  if (s.type === 'l1') return l1Ball(s.radius) as ConstraintSet;
  throw new SparsekitError({ argument: 'options.A.type', value: (s as { type: unknown }).type, expected: "'rowL1' or 'l1'" });
}

/**
 * The per-variable constraint map of an implicit layer for `StochasticFrankWolfe` (or any
 * constrained optimizer of `@sparsekit/solvers/stochastic`): A in {‖A‖∞ ≤ κ} =
 * `eachSlice(l1Ball(κ))`, B, C, D in the sets given (default: row-wise L1 balls of radius 5, 5
 * and 1), biases in a box. The layer must be built (added to a model).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
 * import { frankWolfeConstraints, implicitLayer } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 2, hiddenUnits: 8, activation: 'tanh', initializer: 'zeros', inputShape: [4] });
 * const model = tf.sequential({ layers: [layer] });
 * model.compile({ optimizer: new StochasticFrankWolfe(frankWolfeConstraints(layer), { lr: 0.1 }), loss: 'meanSquaredError' });
 * ```
 */
export function frankWolfeConstraints(
  layer: ImplicitLayer,
  options: FrankWolfeConstraintOptions = {},
): Map<{ name: string }, ConstraintSet> {
  checkKeys('options', options, ['A', 'B', 'C', 'D', 'bias']);
  if (!layer.built) throw new SparsekitError({ argument: 'layer', value: layer.name, expected: 'a built layer (add it to a model first)' });
  const out = new Map<{ name: string }, ConstraintSet>();
  out.set(layer.A, stateSet(options.A ?? { type: 'rowL1', radius: layer.settings.kappa }, layer.settings.kappa));
  out.set(layer.B, matrixSet('options.B', options.B ?? { type: 'rowL1', radius: 5 }));
  out.set(layer.C, matrixSet('options.C', options.C ?? { type: 'rowL1', radius: 5 }));
  out.set(layer.D, matrixSet('options.D', options.D ?? { type: 'rowL1', radius: 1 }));
  const box = linfBall(options.bias ?? 1) as ConstraintSet;
  for (const b of [layer.stateBiasWeight, layer.biasWeight]) if (b) out.set(b, box);
  return out;
}

/**
 * Density (fraction of nonzero entries) and numerical rank of one matrix.
 *
 * @example
 * ```ts
 * import type { MatrixStats } from '@sparsekit/models-implicit';
 * const line = (s: MatrixStats) => `${(100 * s.density).toFixed(1)}% dense, rank ${s.rank}`;
 * ```
 */
export interface MatrixStats {
  readonly density: number;
  readonly nonzeros: number;
  /** Largest nonzeros in one row (Frank-Wolfe from zero adds at most one per row and step). */
  readonly maxRowNonzeros: number;
  /** Singular values (float64, from the Gram matrix's eigenvalues) above 1e-5 times the largest (float32 level). */
  readonly rank: number;
}

/** {@link MatrixStats} of A, B, C and D of a layer. */
export type LayerSparsity = Readonly<Record<'A' | 'B' | 'C' | 'D', MatrixStats>>;

function statsOf(m: tf.Tensor): MatrixStats {
  const [rows, cols] = m.shape;
  const values = m.dataSync();
  let nonzeros = 0;
  let maxRow = 0;
  for (let i = 0; i < rows; i++) {
    let row = 0;
    for (let j = 0; j < cols; j++) if (values[i * cols + j] !== 0) row++;
    nonzeros += row;
    maxRow = Math.max(maxRow, row);
  }
  return {
    density: values.length === 0 ? 0 : nonzeros / values.length,
    nonzeros,
    maxRowNonzeros: maxRow,
    rank: nonzeros === 0 ? 0 : numericalRank(values, rows, cols),
  };
}

/**
 * Density and numerical rank of every matrix of an implicit layer (reads the weights: once per
 * report, not per step).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { implicitLayer, layerSparsity } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 2, hiddenUnits: 4, initializer: 'zeros', inputShape: [3] });
 * tf.sequential({ layers: [layer] });
 * layerSparsity(layer).A.density; // 0
 * ```
 */
export function layerSparsity(layer: ImplicitLayer): LayerSparsity {
  return { A: statsOf(layer.A.read()), B: statsOf(layer.B.read()), C: statsOf(layer.C.read()), D: statsOf(layer.D.read()) };
}

/**
 * A `model.fit` callback recording {@link layerSparsity} of every given layer after each epoch
 * (or every `everyBatches` batches), into `history` and, with `log`, as one line per report.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { implicitLayer, sparsityCallback } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 1, hiddenUnits: 4, inputShape: [2] });
 * const model = tf.sequential({ layers: [layer] });
 * const cb = sparsityCallback([layer]);
 * cb.history; // filled during fit: [{ epoch, batch, layers: [{ A, B, C, D }] }]
 * ```
 */
export function sparsityCallback(
  layers: ImplicitLayer[],
  options: { everyBatches?: number; log?: (line: string) => void } = {},
): tf.CustomCallback & { history: { epoch: number; batch: number; layers: LayerSparsity[] }[] } {
  checkKeys('options', options, ['everyBatches', 'log']);
  const history: { epoch: number; batch: number; layers: LayerSparsity[] }[] = [];
  let epoch = 0;
  const record = (batch: number) => {
    const entry = { epoch, batch, layers: layers.map(layerSparsity) };
    history.push(entry);
    options.log?.(
      entry.layers
        .map(
          (s, i) =>
            `${layers[i].name}: ${(['A', 'B', 'C', 'D'] as const)
              .map((k) => `${k} ${(100 * s[k].density).toFixed(1)}% r${s[k].rank}`)
              .join(', ')}`,
        )
        .join(' | '),
    );
  };
  const every = options.everyBatches;
  const cb = new tf.CustomCallback({
    onEpochBegin: async (e) => {
      epoch = e;
    },
    onBatchEnd: async (b) => {
      if (every !== undefined && (b + 1) % every === 0) record(b);
    },
    onEpochEnd: async () => {
      if (every === undefined) record(-1);
    },
  });
  return Object.assign(cb, { history });
}
