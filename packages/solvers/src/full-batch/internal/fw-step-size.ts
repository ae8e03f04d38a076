/**
 * Step sizes of Frank-Wolfe-type updates x⁺ = x + γ·d, per example:
 * - 'sublinear': γ = 2/(t+2), clipped to γmax;
 * - 'demyanov-rubinov' (Demyanov–Rubinov): γ = min(g/(L‖d‖²), γmax) with a fixed Lipschitz estimate L;
 * - 'backtracking' (Pedregosa, Négiar, Askari, Jaggi, AISTATS 2020, as in copt): first
 *   L ← max(min(g²/(2(f_{t−1} − f_t)‖d‖²), L), 0.9·L), then γ = min(g/(L‖d‖²), γmax) and
 *   accept when f(x + γd) − f(x) ≤ −γg + γ²L‖d‖²/2 (that is −γg/2 when γ < γmax), else L ×= 2,
 *   at most 100 times. g = ⟨−∇f, d⟩ is the gap along d.
 * float32 note: the sufficient-decrease test allows a few float32 ulps of |f| (copt allows an
 * absolute 1e-6 in float64), otherwise rounding alone rejects every step near the optimum. A
 * step accepted only thanks to that slack, with no decrease while the gap is above noise,
 * counts as a failed line search (γ = 0: the best iterate is kept).
 */
import * as tf from '@tensorflow/tfjs';
import type { Evaluation, Evaluator } from '../../core/evaluator.js';
import type { StepOutcome } from '../../core/iterate.js';
import { allFinite, broadcastPerExample, type Layout } from '../../core/per-example.js';

export type FwStepRule = 'sublinear' | 'demyanov-rubinov' | 'backtracking';

/** Everything the step rules need about the current iterate and direction, as numbers. */
export interface FwStepRules {
  readonly rule: FwStepRule;
  readonly iteration: number;
  readonly f: Float64Array;
  readonly fPrev: Float64Array;
  readonly gap: Float64Array;
  readonly dNorm2: Float64Array;
  readonly gammaMax: Float64Array;
  readonly active: Uint8Array;
  /** Lipschitz estimates, updated in place by 'backtracking'. */
  readonly lipschitz: Float64Array;
}

/** The step rules' input with the iterate and direction as tensors (trial points x + γd). */
export interface FwStepInput extends FwStepRules {
  readonly x: tf.Tensor;
  readonly d: tf.Tensor;
}

/**
 * f and ∇f at a trial point, plus whatever else the kernel computes there in the same device
 * read; `owned` lists every tensor of it (∇f included), disposed when the trial is rejected.
 */
export interface TrialEvaluation extends Evaluation {
  readonly owned: readonly tf.Tensor[];
}

/** Plain f and ∇f as a trial evaluation. */
export function plainTrials(evaluator: Evaluator): (x: tf.Tensor) => TrialEvaluation {
  return (x) => {
    const e = evaluator.valueAndGrad(x);
    return { ...e, owned: [e.grad] };
  };
}

/** The accepted point: x⁺ with its evaluation there (all owned by the caller). */
export interface FwStepOutput<T extends TrialEvaluation> {
  readonly gamma: Float64Array;
  readonly x: tf.Tensor;
  readonly values: Float64Array;
  readonly grad: tf.Tensor;
  readonly at: T;
  /** Examples whose line search gave up (their γ is 0, so their x is unchanged). */
  readonly failed: Uint8Array;
  /**
   * Failed examples whose best predicted decrease (the quadratic model at the Lipschitz estimate
   * the search started from) was already below the float32 resolution of f: f cannot decrease
   * measurably any more, which is convergence to working precision, not a failure.
   */
  readonly stalled: Uint8Array;
  readonly nonfinite: boolean;
}

export const F32_SLACK = 4 * 2 ** -23;
const MAX_BACKTRACK = 100;

interface Trial<T extends TrialEvaluation> {
  readonly x: tf.Tensor;
  readonly values: Float64Array;
  readonly grad: tf.Tensor;
  readonly at: T;
}

function trial<T extends TrialEvaluation>(
  evaluate: (x: tf.Tensor) => T,
  layout: Layout,
  x: tf.Tensor,
  d: tf.Tensor,
  gamma: Float64Array,
): Trial<T> {
  const next = tf.tidy(() => tf.add(x, tf.mul(d, broadcastPerExample(layout, gamma))));
  let at: T;
  try {
    at = evaluate(next);
  } catch (e) {
    next.dispose();
    throw e;
  }
  return { x: next, values: at.values, grad: at.grad, at };
}

function discard(t: Trial<TrialEvaluation>): void {
  tf.dispose([t.x, ...t.at.owned]);
}

/** Closed-form γ for 'sublinear' and 'demyanov-rubinov' (inactive examples, or no descent, get 0). */
function closedForm(input: FwStepRules, b: number): number {
  if (!input.active[b] || !(input.gap[b] > 0) || !(input.dNorm2[b] > 0)) return 0;
  if (input.rule === 'sublinear') return Math.min(2 / (input.iteration + 2), input.gammaMax[b]);
  return Math.min(input.gap[b] / (input.lipschitz[b] * input.dNorm2[b]), input.gammaMax[b]);
}

/** A trial point evaluated by the kernel: at least f there, per example. */
export interface Evaluated {
  readonly values: Float64Array;
}

/** The accepted trial of {@link fwStepWith}, with the step and the line-search flags. */
export interface FwStepChoice<P extends Evaluated> {
  readonly gamma: Float64Array;
  readonly point: P;
  readonly failed: Uint8Array;
  readonly stalled: Uint8Array;
  readonly nonfinite: boolean;
}

/**
 * The step rules over any representation of the iterate: `tryStep(γ)` evaluates x + γd (γ per
 * example) and `discard` frees a rejected trial. The tensor kernels move tensors; the host
 * kernel moves host arrays.
 */
export function fwStepWith<P extends Evaluated>(
  tryStep: (gamma: Float64Array) => P,
  discard: (p: P) => void,
  n: number,
  input: FwStepRules,
): FwStepChoice<P> {
  const gamma = new Float64Array(n);
  const failed = new Uint8Array(n);
  if (input.rule !== 'backtracking') {
    for (let b = 0; b < n; b++) gamma[b] = closedForm(input, b);
    const point = tryStep(gamma);
    return { gamma, point, failed, stalled: new Uint8Array(n), nonfinite: !allFinite(point.values) };
  }
  return backtrack(tryStep, discard, n, input, gamma, failed);
}

/** Chooses γ per example and evaluates the new point x + γd (tensors) with `evaluate`. */
export function fwStep<T extends TrialEvaluation>(evaluate: (x: tf.Tensor) => T, layout: Layout, input: FwStepInput): FwStepOutput<T> {
  const out = fwStepWith((gamma) => trial(evaluate, layout, input.x, input.d, gamma), discard, layout.size, input);
  const t = out.point;
  return {
    gamma: out.gamma,
    x: t.x,
    values: t.values,
    grad: t.grad,
    at: t.at,
    failed: out.failed,
    stalled: out.stalled,
    nonfinite: out.nonfinite,
  };
}

function backtrack<P extends Evaluated>(
  tryStep: (gamma: Float64Array) => P,
  discard: (p: P) => void,
  n: number,
  input: FwStepRules,
  gamma: Float64Array,
  failed: Uint8Array,
): FwStepChoice<P> {
  const L = input.lipschitz;
  const pending = new Uint8Array(n);
  for (let b = 0; b < n; b++) {
    if (!input.active[b] || !(input.gap[b] > 0) || !(input.dNorm2[b] > 0)) continue;
    pending[b] = 1;
    const decrease = input.fPrev[b] - input.f[b];
    if (Number.isFinite(input.fPrev[b])) {
      const tmp = input.gap[b] ** 2 / (2 * decrease * input.dNorm2[b]);
      L[b] = Math.max(decrease > 0 ? Math.min(tmp, L[b]) : L[b], 0.9 * L[b]);
    }
  }
  const belowResolution = new Uint8Array(n);
  for (let b = 0; b < n; b++) {
    if (!pending[b]) continue;
    const g = Math.min(input.gap[b] / (L[b] * input.dNorm2[b]), input.gammaMax[b]);
    const predicted = g * input.gap[b] - 0.5 * g * g * L[b] * input.dNorm2[b];
    // Only trusted once a step was accepted with this L (fPrev finite): at the first iteration L is
    // an unvalidated estimate, and a wrong gradient can drive it to absurd values.
    belowResolution[b] = Number.isFinite(input.fPrev[b]) && predicted <= F32_SLACK * Math.abs(input.f[b]) ? 1 : 0;
  }
  const rhs = new Float64Array(n);
  let t: P | undefined;
  for (let attempt = 0; attempt <= MAX_BACKTRACK; attempt++) {
    for (let b = 0; b < n; b++) {
      if (!pending[b]) continue;
      const g = Math.min(input.gap[b] / (L[b] * input.dNorm2[b]), input.gammaMax[b]);
      gamma[b] = attempt === MAX_BACKTRACK ? 0 : g;
      rhs[b] = -g * input.gap[b] + 0.5 * g * g * L[b] * input.dNorm2[b];
    }
    if (t) discard(t);
    t = tryStep(gamma);
    if (attempt === MAX_BACKTRACK) break;
    let any = false;
    for (let b = 0; b < n; b++) {
      if (!pending[b]) continue;
      const ok = t.values[b] - input.f[b] <= rhs[b] + F32_SLACK * Math.abs(input.f[b]);
      if (ok) pending[b] = 0;
      else {
        L[b] *= 2;
        any = true;
      }
    }
    if (!any) break;
  }
  let revert = false;
  for (let b = 0; b < n; b++) {
    // Accepted within float32 slack yet no decrease although the gap is above noise: the
    // search only found steps too small to matter, which is a failure, not progress.
    const stalled = !pending[b] && gamma[b] > 0 && t!.values[b] >= input.f[b] && input.gap[b] > F32_SLACK * Math.abs(input.f[b]);
    if (pending[b] || stalled) {
      failed[b] = 1;
      revert ||= stalled;
      gamma[b] = 0;
    }
  }
  if (revert) {
    discard(t!);
    t = tryStep(gamma);
  }
  const stalled = failed.map((f, b) => (f && belowResolution[b] ? 1 : 0));
  return { gamma, point: t!, failed, stalled, nonfinite: !allFinite(t!.values) };
}

/**
 * The loop outcome of a failed backtracking search: 'stalled' when every failing example was
 * already at float32 resolution (reported as converged), 'linesearch_failed' otherwise.
 */
export function lineSearchOutcome(out: { readonly failed: Uint8Array; readonly stalled: Uint8Array }): StepOutcome {
  const resolution = out.failed.every((f, b) => !f || out.stalled[b]);
  return resolution
    ? { kind: 'stalled', message: 'no step decreases f measurably any more (the FW gap may stay above tol)', failed: out.failed }
    : { kind: 'linesearch_failed', message: 'no sufficient decrease after 100 backtracking steps', failed: out.failed };
}
