/**
 * Label credibility by scalable penalized regression (SPR; Wang et al., CVPR 2022): regress one-hot
 * labels on features with a per-sample shift Γ, y = Xβ + γ + ε, and rank samples by when their γ row
 * enters the path of the projected multi-output problem; late entry = credible. As in SPR, classes are
 * grouped into sub-tasks of dissimilar classes (greedy on prototype cosine similarity), each class is
 * cut into pieces, every piece is reduced by PCA to as many dimensions as its sub-task has classes,
 * and the most credible fraction (default one half) of each class in each piece is kept as clean.
 * The path is the row-group LBI (SPR uses scikit-learn's multi-task Lasso path, enet_path).
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { createRng, requireInteger, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { checkFinite, readMatrix, withIntercept, type Mat64, type MatrixInput } from '../internal/dense.js';
import { checkOptionKeys } from '../internal/options.js';
import { projector } from '../internal/projector.js';
import { groupLbiEntry } from './internal/group-lbi.js';

/** Options of {@link labelCredibility}. */
export interface LabelCredibilityOptions {
  /** Classes per sub-task. Default min(#classes, 10). */
  readonly classesPerTask?: number;
  /** Samples per class in one piece. Default 10 (SPR). */
  readonly pieces?: number;
  /** PCA dimension of a piece. Default: the number of classes of its sub-task (SPR). */
  readonly pca?: number;
  /** Fraction of each class in each piece kept as clean. Default 0.5 (SPR's fixed ratio). */
  readonly cleanRatio?: number;
  /** LBI damping κ. Default 50. */
  readonly kappa?: number;
  readonly seed?: number;
}

/** Per-sample credibility. */
export interface LabelCredibilityResult {
  /** In [0, 1]: the sample's position among its class in its piece, 1 = entered last (most credible). */
  readonly credibility: Float64Array;
  readonly clean: boolean[];
  /** Entry time on its piece's path (not comparable across pieces). */
  readonly entryTime: Float64Array;
  /** Class labels of each sub-task. */
  readonly tasks: number[][];
}

const KEYS = ['classesPerTask', 'pieces', 'pca', 'cleanRatio', 'kappa', 'seed'];

/**
 * Ranks labels by credibility.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { labelCredibility } from '@sparsekit/robust-stats';
 * const feats = Array.from({ length: 40 }, (_, i) => [i % 2 ? 3 : -3, Math.sin(i)]);
 * const labels = feats.map((_, i) => (i === 4 ? 1 : i % 2)); // sample 4 is mislabelled
 * const r = labelCredibility(feats, labels);
 * if (isRight(r)) r.right.clean[4]; // false
 * ```
 */
export function labelCredibility(
  features: MatrixInput,
  labels: readonly number[],
  options: LabelCredibilityOptions = {},
): Either<SparsekitError, LabelCredibilityResult> {
  checkOptionKeys('options', options, KEYS);
  const x = readMatrix('features', features);
  if (labels.length !== x.rows)
    return left(new SparsekitError({ argument: 'labels', value: labels.length, code: 'shape_mismatch', expected: `${x.rows} labels` }));
  const fin = checkFinite('features', x.data);
  if (fin._tag === 'Left') return fin;
  if (!labels.every((l) => Number.isInteger(l) && l >= 0))
    return left(new SparsekitError({ argument: 'labels', value: labels, expected: 'non-negative integer class labels' }));
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  if (classes.length < 2) return left(new SparsekitError({ argument: 'labels', value: classes, expected: 'at least two classes' }));
  const perTask = requireInteger('classesPerTask', options.classesPerTask ?? Math.min(classes.length, 10), 2);
  const pieceSize = requireInteger('pieces', options.pieces ?? 10, 2);
  const ratio = requirePositive('cleanRatio', options.cleanRatio ?? 0.5);
  const kappa = requirePositive('kappa', options.kappa ?? 50);
  const rng = createRng(options.seed ?? 0);
  const tasks = groupClasses(x, labels, classes, perTask);
  const entry = new Float64Array(x.rows).fill(Infinity);
  const credibility = new Float64Array(x.rows);
  const clean = new Array<boolean>(x.rows).fill(true);
  for (const task of tasks) {
    const members = task.map((c) => rng.permutationArray(x.rows).filter((i) => labels[i] === c));
    const nPieces = Math.max(...members.map((m) => Math.ceil(m.length / pieceSize)));
    for (let k = 0; k < nPieces; k++) {
      const piece = members.flatMap((m) => m.slice(k * pieceSize, (k + 1) * pieceSize));
      scorePiece(x, labels, task, piece, options.pca ?? task.length, kappa, ratio, { entry, credibility, clean });
    }
  }
  return right({ credibility, clean, entryTime: entry, tasks });
}

/** Greedy sub-tasks: start from the first free class, add the free class least similar to the group. */
function groupClasses(x: Mat64, labels: readonly number[], classes: number[], perTask: number): number[][] {
  const proto = classes.map((c) => {
    const v = new Float64Array(x.cols);
    let k = 0;
    labels.forEach((l, i) => {
      if (l === c) {
        k++;
        for (let j = 0; j < x.cols; j++) v[j] += x.data[i * x.cols + j];
      }
    });
    const norm = Math.hypot(...v) || 1;
    return v.map((u) => u / (norm || k));
  });
  const sim = (a: number, b: number): number => proto[a].reduce((s, v, j) => s + v * proto[b][j], 0);
  const free = new Set(classes.map((_, k) => k));
  const tasks: number[][] = [];
  while (free.size > 0) {
    const group = [free.values().next().value as number];
    free.delete(group[0]);
    while (group.length < perTask && free.size > 0) {
      const next = [...free].sort(
        (a, b) => Math.max(...group.map((g) => sim(a, g))) - Math.max(...group.map((g) => sim(b, g))) || a - b,
      )[0];
      group.push(next);
      free.delete(next);
    }
    tasks.push(group.map((k) => classes[k]));
  }
  return tasks;
}

interface Outputs {
  entry: Float64Array;
  credibility: Float64Array;
  clean: boolean[];
}

function scorePiece(
  x: Mat64,
  labels: readonly number[],
  task: number[],
  piece: number[],
  dims: number,
  kappa: number,
  ratio: number,
  out: Outputs,
): void {
  const d = Math.max(1, Math.min(dims, x.cols, piece.length - 2));
  const z = withIntercept(pcaScores(x, piece, d), true);
  const pr = projector(z);
  if (pr._tag === 'Left' || piece.length <= z.cols + 1) return; // too small or degenerate: everyone stays clean
  const Y = task.map((c) => Float64Array.from(piece, (i) => (labels[i] === c ? 1 : 0)));
  // Only the order of the first (1 − ratio) entries matters for the split; later rows tie at Infinity.
  const cap = Math.min(piece.length - z.cols - 1, Math.ceil((1 - ratio) * piece.length) + task.length);
  const t = groupLbiEntry(pr.right, Y, kappa, 100, cap);
  piece.forEach((i, k) => {
    out.entry[i] = t[k];
  });
  for (const c of task) {
    const ofClass = piece
      .map((i, k) => [i, t[k]] as const)
      .filter(([i]) => labels[i] === c)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const keep = Math.ceil(ratio * ofClass.length);
    ofClass.forEach(([i], r) => {
      out.credibility[i] = ofClass.length > 1 ? 1 - r / (ofClass.length - 1) : 1;
      out.clean[i] = r < keep;
    });
  }
}

/** Top-d principal component scores of the rows `piece` (centred, float64 SVD). */
function pcaScores(x: Mat64, piece: number[], d: number): Mat64 {
  const mean = new Float64Array(x.cols);
  piece.forEach((i) => {
    for (let j = 0; j < x.cols; j++) mean[j] += x.data[i * x.cols + j] / piece.length;
  });
  const m = new Matrix(piece.length, x.cols);
  piece.forEach((i, r) => {
    for (let j = 0; j < x.cols; j++) m.set(r, j, x.data[i * x.cols + j] - mean[j]);
  });
  const svd = new SingularValueDecomposition(m, { autoTranspose: true });
  const u = svd.leftSingularVectors;
  const data = new Float64Array(piece.length * d);
  for (let r = 0; r < piece.length; r++) for (let j = 0; j < d; j++) data[r * d + j] = u.get(r, j) * svd.diagonal[j];
  return { rows: piece.length, cols: d, data };
}
