/** Laws about penalties: prox against a numerical minimizer, Moreau identity. */
import * as tf from '@tensorflow/tfjs';
import type { LawContext } from './context.js';
import { call, fail, slack } from './context.js';
import { hasIsFeasible, hasProx, hasValue } from './capabilities.js';
import type { Point } from './options.js';
import { closeExcess, normInf, toTensor } from './points.js';

function penaltyValue(ctx: LawContext): ((z: Point) => number) | undefined {
  const { c, options } = ctx;
  if (options.valueF64) return options.valueF64;
  if (!hasValue(c)) return undefined;
  return (z) => tf.tidy(() => c.value(toTensor(z)).dataSync()[0]);
}

/** Derivative-free compass search on f from `start`; returns the best point found. */
function compassSearch(f: (z: Point) => number, start: Point, h0: number, budget: number): { z: Point; fz: number } {
  let z = start;
  let fz = f(z);
  let h = h0;
  let evals = 1;
  while (evals < budget && h > 1e-9 * h0) {
    let improved = false;
    for (let i = 0; i < z.data.length && evals < budget; i++) {
      for (const sign of [1, -1]) {
        const data = Float64Array.from(z.data);
        data[i] += sign * h;
        const cand = { shape: z.shape, data };
        const fc = f(cand);
        evals++;
        if (fc < fz) {
          z = cand;
          fz = fc;
          improved = true;
          break;
        }
      }
    }
    if (!improved) h /= 2;
  }
  return { z, fz };
}

/**
 * p = prox(x, step) minimizes F(z) = ½‖z−x‖² + step·g(z): no compass-search point started at
 * x or at p does better (g evaluated by `valueF64` or by `value`).
 */
export function proxLaw(ctx: LawContext, xs: readonly Point[], step: number): void {
  const { c } = ctx;
  if (!ctx.ops.prox || hasIsFeasible(c)) return;
  const g = penaltyValue(ctx);
  if (!g) return;
  const ps = ctx.ops.prox(xs, step);
  xs.forEach((x, i) => proxOptimal(ctx, g, x, ps[i], step));
}

function proxOptimal(ctx: LawContext, g: (z: Point) => number, x: Point, p: Point, step: number): void {
  const objective = (z: Point): number => {
    let q = 0;
    for (let i = 0; i < z.data.length; i++) q += (z.data[i] - x.data[i]) ** 2;
    return 0.5 * q + step * g(z);
  };
  const fp = objective(p);
  const scale = 1 + normInf(x.data);
  const budget = ctx.options.valueF64 ? 400 : 40;
  const tol = slack(ctx, x) * scale * x.data.length;
  for (const start of [x, p]) {
    const { z, fz } = compassSearch(objective, start, 0.5 * scale, budget);
    if (fp > fz + tol)
      fail('prox', `F(prox) = ${fp} > F(z) = ${fz} found by compass search (step ${step})`, ['x', x], ['prox', p], ['z', z]);
  }
}

/** Moreau identity x = prox_{γg}(x) + γ·prox_{g* over γ}(x/γ), with the conjugate from the options. */
export function moreauPenaltyLaw(ctx: LawContext, xs: readonly Point[], step: number): void {
  const { c, options } = ctx;
  if (!hasProx(c) || !options.conjugate || !ctx.ops.prox) return;
  const conj = options.conjugate(c as never);
  const ps = ctx.ops.prox(xs, step);
  xs.forEach((x, i) => {
    const p = ps[i];
    const q = call(x, (t) => conj.prox(t.div(step), 1 / step).mul(step));
    const sum = Float64Array.from(p.data, (v, j) => v + q.data[j]);
    const { excess, index } = closeExcess(sum, x.data, ctx.rtol, slack(ctx, x));
    if (excess > 0)
      fail('moreau', `prox_{γg}(x) + γ·prox_{g*/γ}(x/γ) differs from x at ${index} (γ = ${step})`, ['x', x], ['prox', p], ['conj part', q]);
  });
}
