/**
 * Wolfe's minimum-norm-point algorithm (Wolfe 1976), float64: the point of conv{p_1..p_V} closest
 * to the origin. Polytope projection is this with p_i = v_i − x. Finite, exact up to rounding.
 */
import { Matrix, solve } from 'ml-matrix';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

function combine(points: Float64Array[], set: number[], w: number[]): Float64Array {
  const out = new Float64Array(points[0].length);
  set.forEach((k, j) =>
    points[k].forEach((v, i) => {
      out[i] += w[j] * v;
    }),
  );
  return out;
}

/** argmin ‖Σ α_j p_{S_j}‖ subject to Σα = 1 (affine hull), via the bordered Gram system. */
function affineMinimizer(points: Float64Array[], set: number[]): number[] {
  const k = set.length;
  const a = Matrix.zeros(k + 1, k + 1);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) a.set(i, j, dot(points[set[i]], points[set[j]]));
    a.set(i, k, 1);
    a.set(k, i, 1);
  }
  const rhs = Matrix.columnVector([...new Array<number>(k).fill(0), 1]);
  return solve(a, rhs, true).getColumn(0).slice(0, k);
}

/** Returns the minimum-norm point of the convex hull of `points`. */
export function minNormPoint(points: Float64Array[]): Float64Array {
  const norms = points.map((p) => dot(p, p));
  const scale = Math.max(...norms, 1e-300);
  let set = [norms.indexOf(Math.min(...norms))];
  let w = [1];
  for (let major = 0; major < 10 * points.length + 50; major++) {
    const x = combine(points, set, w);
    const scores = points.map((p) => dot(x, p));
    const j = scores.indexOf(Math.min(...scores));
    if (dot(x, x) - scores[j] <= 1e-12 * scale || set.includes(j)) return x;
    set = [...set, j];
    w = [...w, 0];
    for (let minor = 0; minor < points.length + 5; minor++) {
      const alpha = affineMinimizer(points, set);
      if (alpha.every((a) => a > 1e-14)) {
        w = alpha;
        break;
      }
      let theta = 1;
      alpha.forEach((a, i) => {
        if (a <= 1e-14 && w[i] - a > 0) theta = Math.min(theta, w[i] / (w[i] - a));
      });
      w = w.map((wi, i) => theta * alpha[i] + (1 - theta) * wi);
      const keep = w.map((wi) => wi > 1e-14);
      set = set.filter((_, i) => keep[i]);
      w = w.filter((_, i) => keep[i]);
      const total = w.reduce((s, v) => s + v, 0);
      w = w.map((v) => v / total);
    }
  }
  return combine(points, set, w);
}
