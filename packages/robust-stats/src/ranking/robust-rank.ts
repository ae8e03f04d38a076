/**
 * Robust ranking with sparse outlier comparisons (Xu, Xiong, Huang, Yao; Fu et al. with features):
 * y = Xβ + γ + ε with X the comparison-graph incidence matrix (scores) or CΦ (item features). As in
 * robust regression, β is profiled out and γ follows a path on the projected problem; the entry time
 * of each comparison ranks how likely it is an outlier, and BIC picks the flagged set.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { requireInteger, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { checkOptionKeys } from '../internal/options.js';
import { projector } from '../internal/projector.js';
import { gammaAt, rankByEntry, type OutlierPath } from '../regression/outlier-path.js';
import { lassoProjected } from '../regression/internal/lasso-projected.js';
import { lbiProjected } from '../regression/internal/lbi-projected.js';
import { issProjected } from '../regression/internal/iss-projected.js';
import { argmin, bicCurve } from '../regression/internal/selection.js';
import { centre } from './internal/laplacian.js';
import { components, edgeFlows, indexComparisons, type Comparison, type IndexedComparisons } from './comparison-graph.js';
import { featureDesign, incidenceDesign } from './internal/rank-design.js';
import { annotatorScores, type AnnotatorScore } from './internal/annotators.js';
import { splitLbiPath } from './internal/split-lbi-path.js';

/** Options of {@link robustRank}. */
export interface RobustRankOptions {
  /** 'lbi' (default; Libra's iteration, group-sparse by annotator with `groupByAnnotator`), 'lasso' (exact path), 'iss', or 'splitLbi'. */
  readonly method?: 'lasso' | 'lbi' | 'iss' | 'splitLbi';
  /** Item features Φ (Fu et al.): scores become Φβ. */
  readonly features?: Readonly<Record<string, readonly number[]>>;
  /** 'bic' (default) or a threshold λ (time 1/λ). */
  readonly lambda?: number | 'bic';
  /** Group γ by annotator ('lbi' and 'splitLbi'), so whole annotators enter the path together. Default false. */
  readonly groupByAnnotator?: boolean;
  /** LBI / Split LBI damping κ. Default 100 for 'lbi', 10 for 'splitLbi'. */
  readonly kappa?: number;
  /** Largest flagged fraction of the residual degrees of freedom. Default 0.5. */
  readonly maxOutlierFraction?: number;
  /** Split LBI grid size. Default 200. */
  readonly nt?: number;
}

/** Robust ranking result. */
export interface RobustRankResult {
  readonly items: string[];
  readonly scores: Float64Array;
  readonly ranking: string[];
  /** Feature weights β (with `features`), else null. */
  readonly beta: Float64Array | null;
  /** Estimated shift of every comparison (nonzero = flagged). */
  readonly gamma: Float64Array;
  /** Indices of the flagged comparisons, earliest entry first. */
  readonly flagged: number[];
  /** Entry time of every comparison (earlier = more outlying). */
  readonly entryTime: Float64Array;
  /** Comparison indices ordered by entry time. */
  readonly order: number[];
  readonly annotators: AnnotatorScore[];
  readonly t: number;
  readonly criterion: { readonly t: readonly number[]; readonly value: readonly number[] } | null;
  readonly warnings: string[];
}

const KEYS = ['method', 'features', 'lambda', 'groupByAnnotator', 'kappa', 'maxOutlierFraction', 'nt'];

/**
 * Ranks items and flags outlier comparisons.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { robustRank } from '@sparsekit/robust-stats';
 * const s: Record<string, number> = { a: 3, b: 2, c: 1, d: 0, e: -1 };
 * const ids = Object.keys(s);
 * const comps = ids.flatMap((i, k) => ids.slice(k + 1).map((j) => ({ i, j, y: s[i] - s[j] })));
 * comps[0] = { i: 'a', j: 'b', y: -8 }; // one flipped, exaggerated comparison
 * const r = robustRank(comps, { method: 'lasso' });
 * if (isRight(r)) r.right.order[0]; // 0: the flipped comparison enters first
 * ```
 */
export function robustRank(
  comparisons: readonly Comparison<string | number>[],
  options: RobustRankOptions = {},
): Either<SparsekitError, RobustRankResult> {
  checkOptionKeys('options', options, KEYS);
  const method = options.method ?? 'lbi';
  if (!['lasso', 'lbi', 'iss', 'splitLbi'].includes(method))
    throw new SparsekitError({ argument: 'method', value: method, expected: "'lasso', 'lbi', 'iss' or 'splitLbi'" });
  const frac = requirePositive('maxOutlierFraction', options.maxOutlierFraction ?? 0.5);
  const idx = indexComparisons(comparisons);
  if (idx._tag === 'Left') return idx;
  const c = idx.right;
  const g = edgeFlows(c, 'count');
  const comp = components(g.n, g.a, g.b, g.weight);
  const warnings: string[] = [];
  const count = comp.reduce((mx, v) => Math.max(mx, v + 1), 0);
  if (count > 1 && !options.features)
    warnings.push(`the comparison graph has ${count} connected components: scores are centred within each component`);
  const design = options.features ? featureDesign(c, options.features) : right(incidenceDesign(c, comp));
  if (design._tag === 'Left') return design;
  const x = design.right.x;
  if (x.rows <= x.cols + 1)
    return left(
      new SparsekitError({
        argument: 'comparisons',
        value: x.rows,
        code: 'shape_mismatch',
        expected: `more than ${x.cols + 1} comparisons (the number of free scores or features plus one)`,
      }),
    );
  const pr = projector(x);
  if (pr._tag === 'Left') return pr;
  const proj = pr.right;
  const y = Float64Array.from(c.y, (v, k) => Math.sqrt(c.w[k]) * v);
  const maxActive = Math.max(1, Math.floor(frac * (x.rows - x.cols)));
  const groups = options.groupByAnnotator ? c.annotator : undefined;
  const path = buildPath(method, proj, x, y, maxActive, groups, options);
  if (path._tag === 'Left') return path;
  const lambda = options.lambda ?? 'bic';
  let t: number,
    criterion: RobustRankResult['criterion'] = null;
  if (lambda === 'bic') {
    const value = bicCurve(proj, y, path.right);
    t = path.right.t[argmin(value)];
    criterion = { t: path.right.t, value };
  } else t = 1 / requirePositive('lambda', lambda);
  const gamma = gammaAt(path.right, x.rows, t);
  const beta = proj.coef(y.map((v, k) => v - gamma[k]));
  const scores = itemScores(
    c,
    beta,
    comp,
    count,
    options.features ? (design.right as { phi: Float64Array[] }).phi : null,
    (design.right as { column?: Int32Array }).column,
  );
  const order = rankByEntry(path.right.entryTime);
  return right({
    items: c.items,
    scores,
    ranking: Array.from(scores.keys())
      .sort((u, v) => scores[v] - scores[u] || u - v)
      .map((k) => c.items[k]),
    beta: options.features ? beta : null,
    gamma: gamma.map((v, k) => v / Math.sqrt(c.w[k] || 1)),
    flagged: order.filter((k) => gamma[k] !== 0),
    entryTime: path.right.entryTime,
    order,
    annotators: annotatorScores(c, gamma, path.right.entryTime),
    t,
    criterion,
    warnings,
  });
}

function buildPath(
  method: string,
  proj: Parameters<typeof issProjected>[0],
  x: { rows: number; cols: number; data: Float64Array },
  y: Float64Array,
  maxActive: number,
  groups: Int32Array | undefined,
  o: RobustRankOptions,
): Either<SparsekitError, OutlierPath> {
  if (method === 'lasso') return right(lassoProjected(proj, y, maxActive));
  if (method === 'iss') return right(issProjected(proj, y, maxActive));
  if (method === 'lbi') return right(lbiProjected(proj, y, maxActive, requirePositive('kappa', o.kappa ?? 100), 100, groups));
  return splitLbiPath(x, y, groups, requirePositive('kappa', o.kappa ?? 10), requireInteger('nt', o.nt ?? 200, 2));
}

function itemScores(
  c: IndexedComparisons,
  beta: Float64Array,
  comp: Int32Array,
  count: number,
  phi: Float64Array[] | null,
  column?: Int32Array,
): Float64Array {
  if (phi) return Float64Array.from(phi, (f) => f.reduce((s, v, j) => s + v * beta[j], 0));
  const s = Float64Array.from(c.items, (_, i) => (column && column[i] >= 0 ? beta[column[i]] : 0));
  centre(s, comp, count);
  return s;
}
