/**
 * The weighted graph Laplacian L = D₀ᵀWD₀ as a sparse operator, and the minimum-norm solve of
 * L s = b by conjugate gradients in float64. L is singular (constants per component); the right-hand
 * side and iterates are kept centred per component, where L is positive definite, so CG converges to
 * the solution with Σ s = 0 on every component.
 */
import type { EdgeFlows } from '../comparison-graph.js';

/** L·v. */
export function laplacianTimes(g: EdgeFlows, v: Float64Array, out = new Float64Array(g.n)): Float64Array {
  out.fill(0);
  for (let e = 0; e < g.a.length; e++) {
    const d = g.weight[e] * (v[g.a[e]] - v[g.b[e]]);
    out[g.a[e]] += d;
    out[g.b[e]] -= d;
  }
  return out;
}

/** D₀ᵀW f: net weighted flow out of each node. */
export function divergence(g: EdgeFlows, f: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.n);
  for (let e = 0; e < g.a.length; e++) {
    out[g.a[e]] += g.weight[e] * f[e];
    out[g.b[e]] -= g.weight[e] * f[e];
  }
  return out;
}

/** Subtracts each component's mean. */
export function centre(v: Float64Array, comp: Int32Array, count: number): void {
  const mean = new Float64Array(count);
  const size = new Float64Array(count);
  for (let i = 0; i < v.length; i++) {
    mean[comp[i]] += v[i];
    size[comp[i]] += 1;
  }
  for (let i = 0; i < v.length; i++) v[i] -= mean[comp[i]] / size[comp[i]];
}

/** Jacobi-preconditioned CG for L s = b with s centred per component. */
export function solveLaplacian(
  g: EdgeFlows,
  rhs: Float64Array,
  comp: Int32Array,
  tol = 1e-12,
  maxIter = 10 * g.n + 100,
): { s: Float64Array; iterations: number; converged: boolean } {
  const n = g.n;
  const count = comp.reduce((m, c) => Math.max(m, c + 1), 0);
  const diag = new Float64Array(n);
  for (let e = 0; e < g.a.length; e++) {
    diag[g.a[e]] += g.weight[e];
    diag[g.b[e]] += g.weight[e];
  }
  const b = Float64Array.from(rhs);
  centre(b, comp, count);
  const s = new Float64Array(n);
  const r = Float64Array.from(b);
  // P·D⁻¹·P restricted to centred vectors: symmetric positive definite there, so PCG applies.
  const precondition = (v: Float64Array): Float64Array => {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = diag[i] > 0 ? v[i] / diag[i] : 0;
    centre(z, comp, count);
    return z;
  };
  let z = precondition(r);
  const p = Float64Array.from(z);
  let rz = dot(r, z);
  const bnorm = Math.sqrt(dot(b, b));
  const lp = new Float64Array(n);
  if (bnorm === 0) return { s, iterations: 0, converged: true };
  for (let it = 1; it <= maxIter; it++) {
    laplacianTimes(g, p, lp);
    const alpha = rz / dot(p, lp);
    for (let i = 0; i < n; i++) {
      s[i] += alpha * p[i];
      r[i] -= alpha * lp[i];
    }
    if (Math.sqrt(dot(r, r)) <= tol * bnorm) {
      centre(s, comp, count);
      return { s, iterations: it, converged: true };
    }
    z = precondition(r);
    const rzNew = dot(r, z);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
  centre(s, comp, count);
  return { s, iterations: maxIter, converged: false };
}

/** Σ u_i v_i. */
export function dot(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}
