/**
 * Maximum-weight k-regular bipartite selection (skperm's support), in float64 plain JS.
 *
 * Given an n×n weight matrix w ≥ 0, choose a 0/1 matrix X with exactly k ones per row and per
 * column maximizing Σ w_ij X_ij. This is a min-cost flow: source → row i (capacity k) → column j
 * (capacity 1, cost c_ij = w_max − w_ij ≥ 0) → sink (capacity k), of value n·k. Adding w_max to
 * every row→column cost changes every complete selection's cost by the same n·k·w_max, so the
 * optimum is unchanged and all costs start non-negative (so zero potentials are valid).
 *
 * Algorithm: successive shortest paths with Johnson potentials and a dense O(V²) Dijkstra.
 *
 * Termination (unlike pyfaust's `skperm`, whose queue-based search can spin forever on some inputs):
 * 1. The outer loop runs exactly n·k times; each pass adds one unit of flow.
 * 2. Each Dijkstra finalizes one new vertex per step and stops after at most V = 2n + 2 steps,
 *    whatever the (finite) costs are, rounding included: it never revisits a finalized vertex.
 * 3. An augmenting path exists in every pass: a k-regular selection exists in K_{n,n} for
 *    1 ≤ k ≤ n (e.g. X_ij = 1 iff (j − i) mod n < k), so the maximum flow is n·k; while the flow
 *    is below that, max-flow/min-cut gives a residual source→sink path, and Dijkstra reaches
 *    every vertex reachable through residual edges (reachability depends on capacities only).
 *    If it ever did not (a bug), we throw instead of looping.
 * 4. The path is read from parent pointers, which always point to vertices finalized earlier,
 *    so the walk back from the sink ends at the source in at most V steps.
 * Optimality: with exact arithmetic each augmentation along a shortest path keeps the flow of
 * minimum cost for its value (the successive-shortest-path theorem); reduced costs are clamped
 * at 0 so float64 rounding (relative 1e-16) can cost at most rounding-level optimality.
 * Ties: Dijkstra finalizes the lowest-index vertex among equal distances (rows before columns,
 * lower index first) and relaxes only on strict improvement, so equal weights resolve towards
 * lower row and column indices (all-equal n = 4, k = 2 gives the block pattern
 * [[1,1,0,0],[1,1,0,0],[0,0,1,1],[0,0,1,1]]).
 * Cost: O(k·n³) time, O(n²) memory.
 */
import { SparsekitError } from '@sparsekit/tensor';

interface FlowState {
  readonly n: number;
  readonly k: number;
  readonly cost: Float64Array; // n×n row-major, c_ij ≥ 0
  readonly x: Uint8Array; // current selection
  readonly rowDeg: Int32Array;
  readonly colDeg: Int32Array;
  readonly pot: Float64Array; // vertices: rows 0..n−1, columns n..2n−1, source 2n, sink 2n+1
  readonly dist: Float64Array;
  readonly parent: Int32Array;
  readonly done: Uint8Array;
}

/** Relaxes the residual edges leaving vertex u (see the module comment for the graph). */
function relax(s: FlowState, u: number): void {
  const { n, k } = s;
  const visit = (v: number, edgeCost: number): void => {
    if (s.done[v]) return;
    const d = s.dist[u] + Math.max(0, edgeCost + s.pot[u] - s.pot[v]);
    if (d < s.dist[v]) {
      s.dist[v] = d;
      s.parent[v] = u;
    }
  };
  if (u === 2 * n) {
    for (let i = 0; i < n; i++) if (s.rowDeg[i] < k) visit(i, 0);
  } else if (u < n) {
    for (let j = 0; j < n; j++) if (!s.x[u * n + j]) visit(n + j, s.cost[u * n + j]);
  } else if (u < 2 * n) {
    const j = u - n;
    for (let i = 0; i < n; i++) if (s.x[i * n + j]) visit(i, -s.cost[i * n + j]);
    if (s.colDeg[j] < k) visit(2 * n + 1, 0);
  }
}

/** Dense Dijkstra from the source over reduced costs; returns false if the sink is unreachable. */
function shortestPaths(s: FlowState): boolean {
  const V = 2 * s.n + 2;
  s.dist.fill(Infinity);
  s.parent.fill(-1);
  s.done.fill(0);
  s.dist[2 * s.n] = 0;
  for (let step = 0; step < V; step++) {
    let u = -1;
    for (let v = 0; v < V; v++) if (!s.done[v] && (u < 0 || s.dist[v] < s.dist[u])) u = v;
    if (u < 0 || s.dist[u] === Infinity) break;
    s.done[u] = 1;
    relax(s, u);
  }
  return s.dist[2 * s.n + 1] < Infinity;
}

/** Pushes one unit along the parent chain from the sink back to the source. */
function augment(s: FlowState): void {
  const { n } = s;
  let v = 2 * n + 1;
  for (let guard = 0; v !== 2 * n; guard++) {
    if (guard > 2 * n + 2) throw new Error('skperm: broken augmenting path (internal error)');
    const u = s.parent[v];
    if (u === 2 * n) s.rowDeg[v] += 1;
    else if (v === 2 * n + 1) s.colDeg[u - n] += 1;
    else if (u < n) s.x[u * n + (v - n)] = 1;
    else s.x[v * n + (u - n)] = 0;
    v = u;
  }
}

/**
 * Row-major 0/1 mask with exactly k ones per row and column maximizing the total weight.
 * `weights` (n·n, finite, ≥ 0) is not modified.
 */
export function maxWeightRegularSelection(weights: Float64Array, n: number, k: number): Uint8Array {
  let wMax = 0;
  for (const w of weights) wMax = Math.max(wMax, w);
  const V = 2 * n + 2;
  const s: FlowState = {
    n,
    k,
    cost: Float64Array.from(weights, (w) => wMax - w),
    x: new Uint8Array(n * n),
    rowDeg: new Int32Array(n),
    colDeg: new Int32Array(n),
    pot: new Float64Array(V),
    dist: new Float64Array(V),
    parent: new Int32Array(V),
    done: new Uint8Array(V),
  };
  for (let unit = 0; unit < n * k; unit++) {
    if (!shortestPaths(s)) {
      throw new SparsekitError({
        argument: 'k',
        value: k,
        code: 'unsupported',
        expected: `a k-regular selection to exist (internal error at unit ${unit})`,
      });
    }
    for (let v = 0; v < V; v++) if (s.dist[v] < Infinity) s.pot[v] += s.dist[v];
    augment(s);
  }
  return s.x;
}
