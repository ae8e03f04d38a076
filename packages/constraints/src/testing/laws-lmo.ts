/** Laws about the linear minimization oracle and its link with the projection. */
import type { LawContext } from './context.js';
import { fail, slack } from './context.js';
import { feasiblePoints } from './feasible-points.js';
import type { Point } from './options.js';
import { allFinite, dot, norm2, pointOf, sub } from './points.js';

/**
 * ⟨g, lmo(g)⟩ ≤ ⟨g, z⟩ for feasible z; equals the brute-force minimum over listed vertices;
 * lmo(0) is finite (chop's L2Ball.lmo returned NaN there).
 */
export function lmoLaw(ctx: LawContext, gs: readonly Point[], others: readonly (readonly Point[])[], seed: number): void {
  const { ops, shape } = ctx;
  if (!ops.lmo) return;
  const ss = ops.lmo(gs);
  const zeros = ops.lmo([pointOf(shape, new Array<number>(gs[0].data.length).fill(0))]);
  if (!allFinite(zeros[0].data)) fail('lmo', 'lmo(0) is not finite', ['lmo(0)', zeros[0]]);
  const zss = feasiblePoints(ctx, others, seed);
  const vertices = (ctx.options.vertices?.(shape) ?? []).map((v) => pointOf(shape, v));
  gs.forEach((g, i) => {
    const s = ss[i];
    if (!allFinite(s.data)) fail('lmo', 'lmo(g) is not finite', ['g', g], ['s', s]);
    const gsv = dot(g.data, s.data);
    for (const z of zss[i]) {
      const gz = dot(g.data, z.data);
      const tol = slack(ctx, g, s, z) * (1 + norm2(g.data)) * (1 + norm2(s.data) + norm2(z.data));
      if (gsv > gz + tol) fail('lmo', `⟨g, lmo(g)⟩ = ${gsv} > ⟨g, z⟩ = ${gz} for a feasible z`, ['g', g], ['s', s], ['z', z]);
    }
    if (vertices.length === 0) return;
    const brute = Math.min(...vertices.map((v) => dot(g.data, v.data)));
    const tol = slack(ctx, g, s) * (1 + norm2(g.data)) * (1 + norm2(s.data));
    if (Math.abs(gsv - brute) > tol)
      fail('lmo', `⟨g, lmo(g)⟩ = ${gsv} but the brute-force minimum over vertices is ${brute}`, ['g', g], ['s', s]);
  });
}

/**
 * Support-function identity (Moreau decomposition of a set's indicator): with p = P(x) and
 * y = x − p, p attains σ_C(y) = max_{s∈C}⟨y, s⟩ = ⟨y, lmo(−y)⟩. Ties projection and LMO.
 */
export function supportLaw(ctx: LawContext, xs: readonly Point[]): void {
  const { ops } = ctx;
  if (!ctx.convex || !ops.lmo || !ops.project) return;
  const ps = ops.project(xs);
  const ys = xs.map((x, i) => pointOf(x.shape, sub(x.data, ps[i].data)));
  const ss = ops.lmo(ys.map((y) => ({ shape: y.shape, data: y.data.map((v) => -v) })));
  xs.forEach((x, i) => {
    const [p, y, s] = [ps[i], ys[i], ss[i]];
    const yp = dot(y.data, p.data);
    const ysv = dot(y.data, s.data);
    const tol = slack(ctx, x, s) * (1 + norm2(y.data)) * (1 + norm2(p.data) + norm2(s.data));
    if (yp < ysv - tol) fail('moreau', `⟨x−p, p⟩ = ${yp} < σ_C(x−p) = ${ysv}`, ['x', x], ['p', p], ['lmo(p−x)', s]);
  });
}
