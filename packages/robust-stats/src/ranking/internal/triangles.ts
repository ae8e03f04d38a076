/**
 * Triangles of the comparison graph and the curl operator δ₁ on them: (δ₁f)(a,b,c) = f_ab + f_bc − f_ac
 * for a < b < c, with edges oriented from the lower to the higher index. The curl part of a
 * residual is its W-orthogonal projection onto the range of curl* = W⁻¹δ₁ᵀ, found by CG on the
 * triangle system (δ₁W⁻¹δ₁ᵀ)φ = δ₁R.
 */
import type { EdgeFlows } from '../comparison-graph.js';
import { dot } from './laplacian.js';

/** Triangles as edge-index triples [ab, bc, ac]. */
export interface Triangles {
  readonly ab: Int32Array;
  readonly bc: Int32Array;
  readonly ac: Int32Array;
}

/** Enumerates triangles (positive-weight edges), or null when there are more than `max`. */
export function triangles(g: EdgeFlows, max: number): Triangles | null {
  const nbr: Map<number, number>[] = Array.from({ length: g.n }, () => new Map());
  for (let e = 0; e < g.a.length; e++) if (g.weight[e] > 0) nbr[g.a[e]].set(g.b[e], e);
  const ab: number[] = [],
    bc: number[] = [],
    ac: number[] = [];
  for (let a = 0; a < g.n; a++) {
    for (const [b, eab] of nbr[a]) {
      const nb = nbr[b];
      const [small, large] = nb.size < nbr[a].size ? [nb, nbr[a]] : [nbr[a], nb];
      for (const c of small.keys()) {
        if (c <= b || !large.has(c)) continue;
        ab.push(eab);
        bc.push(nb.get(c) as number);
        ac.push(nbr[a].get(c) as number);
        if (ab.length > max) return null;
      }
    }
  }
  return { ab: Int32Array.from(ab), bc: Int32Array.from(bc), ac: Int32Array.from(ac) };
}

/** δ₁f on every triangle. */
export function curl(t: Triangles, f: ArrayLike<number>): Float64Array {
  // Plain loops: TypedArray.from/map with callbacks are an order of magnitude slower in V8 here.
  const out = new Float64Array(t.ab.length);
  for (let k = 0; k < out.length; k++) out[k] = f[t.ab[k]] + f[t.bc[k]] - f[t.ac[k]];
  return out;
}

/** W⁻¹δ₁ᵀφ on edges. */
function curlAdjoint(t: Triangles, g: EdgeFlows, phi: Float64Array): Float64Array {
  const out = new Float64Array(g.a.length);
  for (let k = 0; k < phi.length; k++) {
    out[t.ab[k]] += phi[k];
    out[t.bc[k]] += phi[k];
    out[t.ac[k]] -= phi[k];
  }
  for (let e = 0; e < out.length; e++) out[e] = g.weight[e] > 0 ? out[e] / g.weight[e] : 0;
  return out;
}

/** The curl component of the residual r (W-projection onto the range of curl*), by Jacobi-preconditioned CG. */
export function curlComponent(t: Triangles, g: EdgeFlows, r: Float64Array, tol = 1e-10): { part: Float64Array; converged: boolean } {
  const b = curl(t, r);
  const inv = (e: number): number => (g.weight[e] > 0 ? 1 / g.weight[e] : 0);
  const diag = Float64Array.from(t.ab, (e, k) => inv(e) + inv(t.bc[k]) + inv(t.ac[k]));
  const precondition = (v: Float64Array): Float64Array => {
    const z = new Float64Array(v.length);
    for (let k = 0; k < v.length; k++) z[k] = diag[k] > 0 ? v[k] / diag[k] : 0;
    return z;
  };
  const phi = new Float64Array(b.length);
  const res = Float64Array.from(b);
  let z = precondition(res);
  const p = Float64Array.from(z);
  let rz = dot(res, z);
  const bnorm = Math.sqrt(dot(b, b));
  let converged = bnorm === 0;
  for (let it = 0; it < 10 * b.length + 100 && !converged; it++) {
    const ap = curl(t, curlAdjoint(t, g, p));
    const alpha = rz / dot(p, ap);
    for (let k = 0; k < phi.length; k++) {
      phi[k] += alpha * p[k];
      res[k] -= alpha * ap[k];
    }
    if (Math.sqrt(dot(res, res)) <= tol * bnorm) {
      converged = true;
      break;
    }
    z = precondition(res);
    const rzNew = dot(res, z);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let k = 0; k < p.length; k++) p[k] = z[k] + beta * p[k];
  }
  return { part: curlAdjoint(t, g, phi), converged };
}
