/**
 * Vanilla Frank-Wolfe kernel: s = LMO(∇f(x)), d = s − x, x⁺ = x + γd with γ ∈ [0, 1].
 * The certificate is the FW gap ⟨∇f(x), x − s⟩ = −⟨∇f(x), d⟩ ≥ f(x) − f* (convex f), measured at x.
 *
 * Each evaluation of f also computes the vertex, the direction and ⟨∇f, d⟩, ‖d‖² there, and
 * reads them with f in one device sync: an accepted step then needs no second pass for the gap
 * (one read per iteration, one per rejected trial with backtracking), and only d is kept.
 */
import * as tf from '@tensorflow/tfjs';
import type { HasLmo } from '../../types.js';
import type { Evaluator } from '../../core/evaluator.js';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import { allFinite, sumPerExampleTensor, type Layout } from '../../core/per-example.js';
import type { StartPoint } from '../../core/start.js';
import { fwStep, lineSearchOutcome, type FwStepRule, type TrialEvaluation } from './fw-step-size.js';

export interface FwSetup {
  readonly evaluator: Evaluator;
  readonly layout: Layout;
  readonly rule: FwStepRule;
  readonly lipschitz: Float64Array;
}

/** f at a point with its FW direction d = LMO(∇f) − x, ⟨∇f, d⟩ and ‖d‖² per example. */
interface Probe extends TrialEvaluation {
  readonly d: tf.Tensor;
  readonly gd: Float64Array;
  readonly dNorm2: Float64Array;
}

/** d = LMO(∇f) − x (the vertex itself is not kept). */
function direction(lmo: HasLmo, x: tf.Tensor, grad: tf.Tensor): tf.Tensor {
  const s = lmo.lmo(grad);
  const d = tf.sub(s, x);
  s.dispose();
  return d;
}

function directionStats(layout: Layout, grad: tf.Tensor, d: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => [sumPerExampleTensor(layout, tf.mul(grad, d)), sumPerExampleTensor(layout, tf.square(d))]);
}

/**
 * Evaluates f, ∇f and the FW direction at x in one read. An LMO that throws (a plugin reading
 * its data) on a non-finite gradient leaves the non-finite f to the step rule, as before.
 */
function prober(evaluator: Evaluator, lmo: HasLmo, layout: Layout): (x: tf.Tensor) => Probe {
  return (x) => {
    let thrown: unknown;
    const e = evaluator.valueAndGradWith(x, (grad) => {
      let d: tf.Tensor;
      try {
        d = direction(lmo, x, grad);
      } catch (err) {
        thrown = err;
        return { read: [], keep: undefined };
      }
      return { read: directionStats(layout, grad, d), keep: d };
    });
    if (e.keep === undefined) {
      if (allFinite(e.values)) {
        e.grad.dispose();
        throw thrown;
      }
      const nan = new Float64Array(layout.size).fill(NaN);
      const d = tf.zerosLike(x);
      return { values: e.values, grad: e.grad, d, gd: nan, dNorm2: nan, owned: [e.grad, d] };
    }
    return { values: e.values, grad: e.grad, d: e.keep, gd: e.reads[0], dNorm2: e.reads[1], owned: [e.grad, e.keep] };
  };
}

/** The probe at the start point, evaluated by the shared start (one extra read, once). */
function probeStart(lmo: HasLmo, layout: Layout, start: StartPoint): Probe {
  const d = direction(lmo, start.x, start.grad);
  const stats = directionStats(layout, start.grad, d);
  const stacked = tf.stack(stats);
  tf.dispose(stats);
  const data = stacked.dataSync();
  stacked.dispose();
  const gd = Float64Array.from(data.subarray(0, layout.size));
  const dNorm2 = Float64Array.from(data.subarray(layout.size));
  return { values: start.values, grad: start.grad, d, gd, dNorm2, owned: [start.grad, d] };
}

/** Builds the vanilla FW kernel from an evaluated start point (takes ownership of it). */
export function vanillaFwKernel(constraint: HasLmo, setup: FwSetup, start: StartPoint): SolverKernel {
  const { layout } = setup;
  const probe = prober(setup.evaluator, constraint, layout);
  let x = start.x;
  let at = probeStart(constraint, layout, start);
  let gap = at.gd.map((v) => -v);
  const fPrev = new Float64Array(layout.size).fill(NaN);
  const steps = new Float64Array(layout.size);
  const gammaMax = new Float64Array(layout.size).fill(1);
  return {
    get x() {
      return x;
    },
    get funs() {
      return at.values;
    },
    get certificates() {
      return gap;
    },
    steps,
    step(active, iteration): StepOutcome {
      const input = { rule: setup.rule, iteration, x, d: at.d, f: at.values, fPrev, gap, dNorm2: at.dNorm2, gammaMax, active };
      const out = fwStep(probe, layout, { ...input, lipschitz: setup.lipschitz });
      if (out.nonfinite) {
        tf.dispose([out.x, ...out.at.owned]);
        return { kind: 'nonfinite', message: `f(x + γd) = ${Array.from(out.values).find((v) => !Number.isFinite(v))}` };
      }
      for (let b = 0; b < layout.size; b++) if (active[b]) fPrev[b] = at.values[b];
      tf.dispose([x, ...at.owned]);
      x = out.x;
      at = out.at;
      gap = at.gd.map((v) => -v);
      steps.set(out.gamma);
      if (out.failed.some((f) => f === 1)) return lineSearchOutcome(out);
      return { kind: 'ok' };
    },
    release() {
      tf.dispose(at.owned as tf.Tensor[]);
      return x;
    },
  };
}
