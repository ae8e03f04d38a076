/**
 * Instance credibility inference (ICI; Wang et al., CVPR 2020) for transductive few-shot learning:
 * pseudo-label the unlabeled samples with a classifier trained on the support set, regress the one-hot
 * (pseudo-)labels on the features with a per-sample shift γ, and trust the unlabeled samples whose γ
 * enters the path last. The most credible `step` samples per class join the training set and the
 * loop repeats until every unlabeled sample has been added. Features are L2-normalised and reduced by
 * PCA (support and unlabeled together), the classifier is logistic regression with C = 10 (ICI's
 * defaults); the path is the row-group LBI on the projected problem (ICI uses scikit-learn's
 * multi-task Lasso path).
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, readMatrix, withIntercept, type MatrixInput } from '../internal/dense.js';
import { checkOptionKeys } from '../internal/options.js';
import { projector } from '../internal/projector.js';
import { groupLbiEntry } from './internal/group-lbi.js';
import { fitLogistic, predictLogistic } from './internal/logistic.js';

/** Options of {@link instanceCredibility}. */
export interface InstanceCredibilityOptions {
  /** Samples added per class and round. Default 5. */
  readonly step?: number;
  /** PCA dimension. Default 5. */
  readonly pca?: number;
}

/** Final labels and the order in which unlabeled samples were trusted. */
export interface InstanceCredibilityResult {
  /** Predicted class of every unlabeled sample (classifier trained on support + all pseudo-labels). */
  readonly labels: number[];
  /** Unlabeled indices in the order they were added (most credible first). */
  readonly order: number[];
  /** Pseudo-label each sample had when it was added. */
  readonly pseudoLabels: number[];
  readonly rounds: number;
}

const KEYS = ['step', 'pca'];

/**
 * Runs ICI.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { instanceCredibility } from '@sparsekit/robust-stats';
 * const support = { features: [[1, 0, 0.1], [0, 1, 0.2]], labels: [0, 1] };
 * const unlabeled = [[0.9, 0.1, 0], [0.1, 0.8, 0.1], [1, 0.2, 0.2], [0, 1.1, 0]];
 * const r = instanceCredibility(support, unlabeled, { pca: 2 });
 * if (isRight(r)) r.right.labels; // [0, 1, 0, 1]
 * ```
 */
export function instanceCredibility(
  support: { features: MatrixInput; labels: readonly number[] },
  unlabeled: MatrixInput,
  options: InstanceCredibilityOptions = {},
): Either<SparsekitError, InstanceCredibilityResult> {
  checkOptionKeys('options', options, KEYS);
  const step = requireInteger('step', options.step ?? 5, 1);
  const s = readMatrix('support.features', support.features);
  const u = readMatrix('unlabeled', unlabeled);
  if (support.labels.length !== s.rows)
    return left(
      new SparsekitError({
        argument: 'support.labels',
        value: support.labels.length,
        code: 'shape_mismatch',
        expected: `${s.rows} labels`,
      }),
    );
  if (u.cols !== s.cols || u.rows === 0)
    return left(
      new SparsekitError({
        argument: 'unlabeled',
        value: `${u.rows}×${u.cols}`,
        code: 'shape_mismatch',
        expected: `a non-empty matrix with ${s.cols} columns`,
      }),
    );
  for (const [name, m] of [
    ['support.features', s],
    ['unlabeled', u],
  ] as const) {
    const f = checkFinite(name, m.data);
    if (f._tag === 'Left') return f;
  }
  const K = Math.max(...support.labels) + 1;
  if (!support.labels.every((l) => Number.isInteger(l) && l >= 0))
    return left(new SparsekitError({ argument: 'support.labels', value: support.labels, expected: 'integer labels 0..K−1' }));
  const dims = requireInteger('pca', options.pca ?? 5, 1);
  const z = embed([...rows(s), ...rows(u)], Math.min(dims, s.cols));
  const sup = z.slice(0, s.rows),
    unl = z.slice(s.rows);
  const trainX = [...sup],
    trainY = [...support.labels];
  const remaining = new Set(unl.map((_, i) => i));
  const order: number[] = [],
    pseudo: number[] = [];
  let rounds = 0;
  while (remaining.size > 0) {
    rounds++;
    const w = fitLogistic(trainX, trainY, K);
    const rest = [...remaining];
    const guess = rest.map((i) => predictLogistic(w, unl[i]));
    const chosen = credible([...trainX, ...rest.map((i) => unl[i])], [...trainY, ...guess], trainX.length, K, step);
    for (const c of chosen) {
      const i = rest[c];
      remaining.delete(i);
      order.push(i);
      pseudo.push(guess[c]);
      trainX.push(unl[i]);
      trainY.push(guess[c]);
    }
  }
  const final = fitLogistic(trainX, trainY, K);
  const byIndex = new Array<number>(u.rows);
  order.forEach((i, k) => {
    byIndex[i] = pseudo[k];
  });
  return right({ labels: unl.map((x) => predictLogistic(final, x)), order, pseudoLabels: byIndex, rounds });
}

function rows(m: { rows: number; cols: number; data: Float64Array }): Float64Array[] {
  return Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols));
}

/** L2-normalise, centre, project on the top principal directions. */
function embed(xs: Float64Array[], d: number): Float64Array[] {
  const normed = xs.map((x) => {
    const n = Math.hypot(...x) || 1;
    return x.map((v) => v / n);
  });
  const mean = normed[0].map((_, j) => normed.reduce((s, x) => s + x[j], 0) / normed.length);
  const m = new Matrix(normed.map((x) => Array.from(x, (v, j) => v - mean[j])));
  const svd = new SingularValueDecomposition(m, { autoTranspose: true });
  const k = Math.min(d, svd.diagonal.length);
  return normed.map((_, i) => Float64Array.from({ length: k }, (__, j) => svd.leftSingularVectors.get(i, j) * svd.diagonal[j]));
}

/** Indices (among the unlabeled part, offset `first`) of the latest-entering `step` per pseudo-class. */
function credible(X: Float64Array[], Y: number[], first: number, K: number, step: number): number[] {
  const design = withIntercept({ rows: X.length, cols: X[0].length, data: Float64Array.from(X.flatMap((x) => Array.from(x))) }, true);
  const pr = projector(design);
  const n = X.length;
  const entry =
    pr._tag === 'Right' && n > design.cols + 1
      ? groupLbiEntry(
          pr.right,
          Array.from({ length: K }, (_, c) => Float64Array.from(Y, (y) => (y === c ? 1 : 0))),
          50,
          100,
          n - design.cols - 1,
        )
      : new Float64Array(n).fill(Infinity);
  const picked: number[] = [];
  for (let c = 0; c < K; c++) {
    const cand = Y.map((y, i) => [i, y] as const)
      .filter(([i, y]) => i >= first && y === c)
      .sort((a, b) => entry[b[0]] - entry[a[0]] || a[0] - b[0]);
    picked.push(...cand.slice(0, step).map(([i]) => i - first));
  }
  return picked;
}
