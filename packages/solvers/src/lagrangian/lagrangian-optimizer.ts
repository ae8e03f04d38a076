/**
 * Gradient descent–ascent on the Lagrangian of a {@link ConstrainedProblem} (cooper's
 * `LagrangianOptimizer.roll`): any tfjs optimizer for the primal variables, projected dual
 * ascent λ ← max(0, λ + η·g) for the multipliers, simultaneous, alternating or extragradient
 * updates, optional dual restarts.
 */
import * as tf from '@tensorflow/tfjs';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { requirePositive, SparsekitError } from '@sparsekit/tensor';
import { dualDirection, primalTerm } from './formulations.js';
import { Multiplier } from './multiplier.js';
import type { LagrangianOptimizerOptions, ConstrainedProblem, GdaMode, RollOut } from './types.js';

interface Observed {
  g: tf.Tensor;
  ids?: tf.Tensor1D;
}

interface Step {
  loss: number;
  lagrangian: number;
  observed: Observed[];
}

const MODES: readonly GdaMode[] = ['simultaneous', 'alternating', 'alternatingDualPrimal', 'extragradient'];

/**
 * Min–max optimizer of L(x, λ) = f(x) + Σ terms(g(x), λ).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { LagrangianOptimizer } from '@sparsekit/solvers/lagrangian';
 * const x = tf.variable(tf.zeros([2]));
 * const a = tf.tensor1d([1, 2]);
 * const opt = new LagrangianOptimizer({
 *   loss: () => tf.sum(tf.square(x)),
 *   constraints: [{ kind: 'ineq', violation: () => tf.sub(1, tf.sum(tf.mul(a, x))) }],
 * }, { primal: tf.train.sgd(0.05), dualLr: 0.05 });
 * for (let k = 0; k < 2000; k++) opt.roll();
 * x.print(); // ≈ a/‖a‖² = [0.2, 0.4]
 * const step = opt.tryRoll(); // the same update, with a non-finite refusal as a Left instead of a throw
 * ```
 */
export class LagrangianOptimizer {
  readonly mode: GdaMode;
  readonly dualLr: number;
  private readonly multipliers: Multiplier[];

  constructor(
    private readonly problem: ConstrainedProblem,
    private readonly options: LagrangianOptimizerOptions,
  ) {
    this.mode = options.mode ?? 'simultaneous';
    if (!MODES.includes(this.mode))
      throw new SparsekitError({ argument: 'mode', value: this.mode, expected: `one of ${MODES.join(', ')}` });
    if (typeof options?.primal?.applyGradients !== 'function') {
      const expected = 'a tf.Optimizer for the primal variables, e.g. { primal: tf.train.sgd(0.01) }';
      throw new SparsekitError({ argument: 'options.primal', value: options?.primal, expected });
    }
    this.dualLr = requirePositive('dualLr', options.dualLr ?? 0.01);
    problem.constraints.forEach((c, i) => {
      if (c.kind !== 'ineq' && c.kind !== 'eq')
        throw new SparsekitError({ argument: `constraints[${i}].kind`, value: c.kind, expected: "'ineq' or 'eq'" });
      if (c.penalty !== undefined) requirePositive(`constraints[${i}].penalty`, c.penalty);
    });
    this.multipliers = problem.constraints.map((c, i) => new Multiplier(c, i));
  }

  /** Primal gradient of the formulation-weighted Lagrangian at the current (x, λ). */
  private primalGradients(): { grads: tf.NamedTensorMap; loss: number; lagrangian: number; observed: Observed[] } {
    const observed: Observed[] = [];
    let loss = NaN;
    const { value, grads } = tf.variableGrads(() => {
      const f = this.problem.loss();
      loss = f.dataSync()[0];
      let total: tf.Scalar = f;
      this.problem.constraints.forEach((c, i) => {
        const g = c.violation();
        const ids = c.indices?.();
        const lambda = this.multipliers[i].current(g, ids);
        total = tf.add(total, primalTerm(c.formulation ?? 'lagrangian', c.kind, g, lambda, c.penalty ?? 1));
        observed.push({ g: tf.keep(tf.clone(g)), ids: ids && tf.keep(tf.clone(ids)) });
      });
      return total;
    }, this.options.primalVariables);
    const lagrangian = value.dataSync()[0];
    value.dispose();
    return { grads, loss, lagrangian, observed: this.strict(observed) };
  }

  /** Violations at the current x without gradients (for alternating updates). */
  private observe(): Either<SparsekitError, Observed[]> {
    const obs = this.strict(
      this.problem.constraints.map((c) =>
        tf.tidy(() => {
          const g = c.violation();
          const ids = c.indices?.();
          return ids ? { g, ids } : { g };
        }),
      ),
    );
    const bad = this.nonFinite({}, {}, obs);
    return bad ? left(bad) : right(obs);
  }

  /**
   * Refuses to update x or λ from non-finite values (tfjs would silently write NaN into the
   * variables): the error (code 'non_finite') naming the culprit, after disposing the step's
   * tensors, with x and λ left as they were; undefined when everything is finite.
   */
  private nonFinite(grads: tf.NamedTensorMap, scalars: Record<string, number>, observed: readonly Observed[]): SparsekitError | undefined {
    let culprit = Object.keys(scalars).find((k) => !Number.isFinite(scalars[k]));
    if (culprit === undefined) {
      const i = observed.findIndex((o) => !allFinite(o.g));
      if (i >= 0) culprit = `constraints[${i}].violation`;
    }
    if (culprit === undefined) {
      const name = Object.keys(grads).find((k) => !allFinite(grads[k]));
      if (name !== undefined) culprit = `the gradient of variable ${name}`;
    }
    if (culprit === undefined) return undefined;
    tf.dispose(grads);
    disposeObserved(observed);
    return new SparsekitError({
      argument: culprit,
      value: 'non-finite values',
      code: 'non_finite',
      expected: 'finite values (no update was applied: the variables and multipliers are unchanged)',
      hint: 'lower the learning rates or check the loss and constraints for NaN/Infinity',
    });
  }

  /** Swaps in the strict (dual-only) violations where a constraint provides them. */
  private strict(obs: Observed[]): Observed[] {
    return obs.map((o, i) => {
      const s = this.problem.constraints[i].strictViolation;
      if (!s) return o;
      const g = tf.tidy(() => s());
      o.g.dispose();
      return { ...o, g };
    });
  }

  private dualStep(obs: Observed[]): void {
    this.problem.constraints.forEach((c, i) => {
      const lambda = this.multipliers[i].current(obs[i].g, obs[i].ids);
      const d = dualDirection(c.formulation ?? 'lagrangian', c.kind, obs[i].g, lambda, c.penalty ?? 1);
      if (this.multipliers[i].kind === 'indexed') lambda.dispose();
      if (d === null) return;
      this.multipliers[i].ascend(d, obs[i].g, this.dualLr, this.options.dualRestarts ?? false, obs[i].ids);
      d.dispose();
    });
  }

  private primalStep(): Either<SparsekitError, Step> {
    const { grads, loss, lagrangian, observed } = this.primalGradients();
    const bad = this.nonFinite(grads, { loss, lagrangian }, observed);
    if (bad) return left(bad);
    this.options.primal.applyGradients(grads);
    tf.dispose(grads);
    return right({ loss, lagrangian, observed });
  }

  /**
   * One update of x and λ according to `mode`. Throws the SparsekitError (code 'non_finite') of
   * {@link tryRoll} when a loss, violation or gradient is not finite; x and λ are then unchanged.
   */
  roll(): RollOut {
    const out = this.tryRoll();
    if (isLeft(out)) throw out.left;
    return out.right;
  }

  /**
   * One update of x and λ according to `mode`, or a Left (code 'non_finite') naming the
   * non-finite loss, violation or gradient, with no update applied (x and λ unchanged): for
   * training loops that report data failures as values.
   */
  tryRoll(): Either<SparsekitError, RollOut> {
    const out = this.step();
    if (isLeft(out)) return out;
    const violations = out.right.observed.map((o) => Float32Array.from(o.g.dataSync()));
    disposeObserved(out.right.observed);
    return right({ loss: out.right.loss, lagrangian: out.right.lagrangian, violations });
  }

  private step(): Either<SparsekitError, Step> {
    if (this.mode === 'extragradient') return this.extragradient();
    if (this.mode === 'alternatingDualPrimal') return this.dualThenPrimal();
    const out = this.primalStep();
    if (isLeft(out) || this.mode === 'simultaneous') {
      if (!isLeft(out)) this.dualStep(out.right.observed);
      return out;
    }
    disposeObserved(out.right.observed);
    const after = this.observe();
    if (isLeft(after)) return after;
    this.dualStep(after.right);
    return right({ ...out.right, observed: after.right });
  }

  /** Dual step at the current x, then the primal step; λ is restored when the primal step fails. */
  private dualThenPrimal(): Either<SparsekitError, Step> {
    const before = this.observe();
    if (isLeft(before)) return before;
    const lSaved = this.multipliers.map((m) => m.snapshot());
    this.dualStep(before.right);
    disposeObserved(before.right);
    let ok = false;
    try {
      const out = this.primalStep();
      ok = !isLeft(out);
      return out;
    } finally {
      if (!ok) this.multipliers.forEach((m, i) => m.restore(lSaved[i]));
      tf.dispose(lSaved);
    }
  }

  /** Extrapolate (x̃, λ̃), then step from (x, λ) with the gradients taken at (x̃, λ̃). */
  private extragradient(): Either<SparsekitError, Step> {
    const vars = this.options.primalVariables ?? Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
    const xSaved = vars.map((v) => tf.clone(v));
    let firstOut: Either<SparsekitError, Step>;
    try {
      firstOut = this.primalStep();
    } catch (e) {
      tf.dispose(xSaved);
      throw e;
    }
    if (isLeft(firstOut)) {
      tf.dispose(xSaved);
      return firstOut;
    }
    const first = firstOut.right;
    const lSaved = this.multipliers.map((m) => m.snapshot());
    this.dualStep(first.observed);
    disposeObserved(first.observed);
    const { grads, loss, lagrangian, observed } = this.primalGradients();
    vars.forEach((v, i) => v.assign(xSaved[i]));
    this.multipliers.forEach((m, i) => m.restore(lSaved[i]));
    tf.dispose([...xSaved, ...lSaved]);
    const bad = this.nonFinite(grads, { loss, lagrangian }, observed);
    if (bad) return left(bad);
    this.options.primal.applyGradients(grads);
    tf.dispose(grads);
    this.dualStep(observed);
    return right({ loss: first.loss, lagrangian: first.lagrangian, observed });
  }

  /** A copy of the multipliers of constraint `i` (dense: the violation's shape; indexed: [size]). */
  multiplier(i: number): tf.Tensor {
    if (!(i >= 0 && i < this.multipliers.length))
      throw new SparsekitError({ argument: 'i', value: i, expected: `a constraint index in [0, ${this.multipliers.length - 1}]` });
    return this.multipliers[i].snapshot();
  }

  /** Disposes the multipliers (not the primal optimizer, which the caller owns). */
  dispose(): void {
    this.multipliers.forEach((m) => m.dispose());
  }
}

function allFinite(t: tf.Tensor): boolean {
  return tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1);
}

function disposeObserved(obs: readonly Observed[]): void {
  obs.forEach((o) => tf.dispose(o.ids ? [o.g, o.ids] : [o.g]));
}
