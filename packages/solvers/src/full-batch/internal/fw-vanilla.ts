/**
 * Vanilla Frank-Wolfe kernel: s = LMO(∇f(x)), d = s − x, x⁺ = x + γd with γ ∈ [0, 1].
 * The certificate is the FW gap ⟨∇f(x), x − s⟩ ≥ f(x) − f* (convex f), measured at x.
 */
import * as tf from '@tensorflow/tfjs';
import type { HasLmo } from '../../types.js';
import type { Evaluator } from '../../core/evaluator.js';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import { dotAndSquaredNorm, type Layout } from '../../core/per-example.js';
import type { StartPoint } from '../../core/start.js';
import { fwStep, lineSearchOutcome, type FwStepRule } from './fw-step-size.js';

export interface FwSetup {
  readonly evaluator: Evaluator;
  readonly layout: Layout;
  readonly rule: FwStepRule;
  readonly lipschitz: Float64Array;
}

/** FW gap and vertex at (x, grad). */
export function fwGap(lmo: HasLmo, layout: Layout, x: tf.Tensor, grad: tf.Tensor): { s: tf.Tensor; gap: Float64Array } {
  const s = lmo.lmo(grad);
  const diff = tf.sub(x, s);
  const [gap] = dotAndSquaredNorm(layout, grad, diff);
  diff.dispose();
  return { s, gap };
}

/** Builds the vanilla FW kernel from an evaluated start point (takes ownership of it). */
export function vanillaFwKernel(constraint: HasLmo, setup: FwSetup, start: StartPoint): SolverKernel {
  const { evaluator, layout } = setup;
  let x = start.x;
  let grad = start.grad;
  let funs = start.values;
  let { s, gap } = fwGap(constraint, layout, x, grad);
  const fPrev = new Float64Array(layout.size).fill(NaN);
  const steps = new Float64Array(layout.size);
  return {
    get x() {
      return x;
    },
    get funs() {
      return funs;
    },
    get certificates() {
      return gap;
    },
    steps,
    step(active, iteration): StepOutcome {
      const d = tf.sub(s, x);
      const [gd, dNorm2] = dotAndSquaredNorm(layout, grad, d);
      const out = fwStep(evaluator, layout, {
        rule: setup.rule,
        iteration,
        x,
        d,
        f: funs,
        fPrev,
        gap: gd.map((v) => -v),
        dNorm2,
        gammaMax: new Float64Array(layout.size).fill(1),
        active,
        lipschitz: setup.lipschitz,
      });
      d.dispose();
      if (out.nonfinite) {
        tf.dispose([out.x, out.grad]);
        return { kind: 'nonfinite', message: `f(x + γd) = ${Array.from(out.values).find((v) => !Number.isFinite(v))}` };
      }
      for (let b = 0; b < layout.size; b++) if (active[b]) fPrev[b] = funs[b];
      tf.dispose([x, grad, s]);
      x = out.x;
      grad = out.grad;
      funs = out.values;
      steps.set(out.gamma);
      ({ s, gap } = fwGap(constraint, layout, x, grad));
      if (out.failed.some((f) => f === 1)) return lineSearchOutcome(out);
      return { kind: 'ok' };
    },
    release() {
      tf.dispose([grad, s]);
      return x;
    },
  };
}
