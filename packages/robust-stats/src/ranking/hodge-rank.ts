/**
 * HodgeRank (Jiang, Lim, Yao, Ye, Math. Programming 2011): global scores from pairwise comparisons
 * by weighted least squares on the comparison graph, min_s Σ_e w_e (s_a − s_b − Ȳ_ab)², solved as
 * L s = D₀ᵀWȲ with sparse conjugate gradients (float64, no dense matrix), Σ s = 0 per connected
 * component. The residual is split W-orthogonally into a curl part (local inconsistency on
 * triangles) and a harmonic part (global cycles no triangle explains).
 */
import { right, type Either } from 'fp-ts/lib/Either.js';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import { checkOptionKeys } from '../internal/options.js';
import { components, edgeFlows, indexComparisons, type Comparison } from './comparison-graph.js';
import { divergence, solveLaplacian } from './internal/laplacian.js';
import { curlComponent, triangles } from './internal/triangles.js';

/** Options of {@link hodgeRank}. */
export interface HodgeRankOptions {
  /** Edge weights: 'count' (default; summed comparison weights) or 'uniform' (1 per compared pair). */
  readonly weights?: 'count' | 'uniform';
  /**
   * Above this many triangles the curl/harmonic split is skipped (reported in `warnings`); 0 skips it
   * without enumerating triangles (scores only). Default 2,000,000.
   */
  readonly maxTriangles?: number;
}

/** Edge-level decomposition Ȳ = gradient + curl + harmonic (edges a < b by item index). */
export interface HodgeEdges {
  readonly i: string[];
  readonly j: string[];
  readonly flow: Float64Array;
  readonly weight: Float64Array;
  readonly gradient: Float64Array;
  readonly curl: Float64Array | null;
  readonly harmonic: Float64Array | null;
}

/** Shares of ‖Ȳ‖²_W in each part (they sum to 1 when the split is computed). */
export interface Inconsistency {
  readonly gradient: number;
  /** ‖Ȳ − grad s‖²_W / ‖Ȳ‖²_W: how far the comparisons are from any global ranking. */
  readonly residual: number;
  readonly curl: number | null;
  readonly harmonic: number | null;
  readonly triangles: number | null;
}

/** HodgeRank result. */
export interface HodgeRankResult {
  readonly items: string[];
  readonly scores: Float64Array;
  /** Item ids, best first. */
  readonly ranking: string[];
  /** Connected component of each item; scores are comparable only within a component. */
  readonly component: Int32Array;
  readonly componentCount: number;
  readonly edges: HodgeEdges;
  readonly inconsistency: Inconsistency;
  readonly iterations: number;
  readonly converged: boolean;
  /** Non-fatal issues: a disconnected graph, a skipped curl split. */
  readonly warnings: string[];
}

const KEYS = ['weights', 'maxTriangles'];

/**
 * Ranks items from pairwise comparisons.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { hodgeRank } from '@sparsekit/robust-stats';
 * const r = hodgeRank([{ i: 'a', j: 'b', y: 1 }, { i: 'b', j: 'c', y: 1 }, { i: 'a', j: 'c', y: 2 }]);
 * if (isRight(r)) r.right.ranking; // ['a', 'b', 'c'], scores [1, 0, -1]
 * ```
 */
export function hodgeRank(
  comparisons: readonly Comparison<string | number>[],
  options: HodgeRankOptions = {},
): Either<SparsekitError, HodgeRankResult> {
  checkOptionKeys('options', options, KEYS);
  const weights = options.weights ?? 'count';
  if (weights !== 'count' && weights !== 'uniform')
    throw new SparsekitError({ argument: 'weights', value: weights, expected: "'count' or 'uniform'" });
  const maxTriangles = requireInteger('maxTriangles', options.maxTriangles ?? 2_000_000, 0);
  const idx = indexComparisons(comparisons);
  if (idx._tag === 'Left') return idx;
  const c = idx.right;
  const g = edgeFlows(c, weights);
  const comp = components(g.n, g.a, g.b, g.weight);
  const componentCount = comp.reduce((m, v) => Math.max(m, v + 1), 0);
  const solved = solveLaplacian(g, divergence(g, g.flow), comp);
  const s = solved.s;
  // Plain loops: typed-array from/map with callbacks are several times slower in V8 on 10⁵ edges.
  const gradient = new Float64Array(g.a.length);
  const residual = new Float64Array(g.a.length);
  for (let e = 0; e < g.a.length; e++) {
    gradient[e] = s[g.a[e]] - s[g.b[e]];
    residual[e] = g.flow[e] - gradient[e];
  }
  const warnings: string[] = [];
  if (componentCount > 1) {
    warnings.push(
      `the comparison graph has ${componentCount} connected components: scores are centred within each component and are not comparable across components`,
    );
  }
  const tri = maxTriangles === 0 ? null : triangles(g, maxTriangles);
  let curlPart: Float64Array | null = null,
    harmonic: Float64Array | null = null;
  if (tri === null)
    warnings.push(
      maxTriangles === 0
        ? 'maxTriangles = 0: the curl/harmonic split was skipped'
        : `more than ${maxTriangles} triangles: the curl/harmonic split was skipped (raise maxTriangles)`,
    );
  else {
    const cc = curlComponent(tri, g, residual);
    if (!cc.converged) warnings.push('the curl projection did not reach its tolerance');
    curlPart = cc.part;
    harmonic = residual.map((r, e) => r - (curlPart as Float64Array)[e]);
  }
  if (!solved.converged) warnings.push('conjugate gradients on the Laplacian did not reach its tolerance');
  const wn = (f: Float64Array): number => {
    let acc = 0;
    for (let e = 0; e < f.length; e++) acc += f[e] * f[e] * g.weight[e];
    return acc;
  };
  const total = wn(g.flow) || 1;
  const order = Array.from(s.keys()).sort((u, v) => s[v] - s[u] || u - v);
  return right({
    items: c.items,
    scores: s,
    ranking: order.map((k) => c.items[k]),
    component: comp,
    componentCount,
    edges: {
      i: namesOf(c.items, g.a),
      j: namesOf(c.items, g.b),
      flow: g.flow,
      weight: g.weight,
      gradient,
      curl: curlPart,
      harmonic,
    },
    inconsistency: {
      gradient: wn(gradient) / total,
      residual: wn(residual) / total,
      curl: curlPart && wn(curlPart) / total,
      harmonic: harmonic && wn(harmonic) / total,
      triangles: tri ? tri.ab.length : null,
    },
    iterations: solved.iterations,
    converged: solved.converged,
    warnings,
  });
}

/** Item names of an index array (a plain loop: Array.from with a callback is slow on 10⁵ edges). */
function namesOf(items: readonly string[], idx: Int32Array): string[] {
  const out = new Array<string>(idx.length);
  for (let e = 0; e < idx.length; e++) out[e] = items[idx[e]];
  return out;
}
