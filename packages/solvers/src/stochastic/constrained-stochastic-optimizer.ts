/**
 * Base class of the constrained stochastic optimizers: a `tf.Optimizer` whose
 * `applyGradients` updates every variable with its own constraint and its own state. Works
 * with `optimizer.minimize(f)` and with `tf.LayersModel.compile({ optimizer })` + `fit`, which
 * both call `applyGradients` with gradients keyed by variable name.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint, HasProject } from '../types.js';
import type { ParameterConstraints } from '@sparsekit/constraints';
import { resolveParameterConstraints } from './parameter-map.js';
import { requireCapabilities, type Capability } from '../core/capabilities.js';

/**
 * What to do with a variable that receives a gradient but has no constraint: `'free'` updates it
 * with the unconstrained version of the method, `'skip'` leaves it unchanged, `'error'` throws.
 */
export type UnconstrainedPolicy = 'free' | 'skip' | 'error';

/** A named tensor, as tfjs optimizers exchange them (not re-exported by `@tensorflow/tfjs`). */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

/** Options shared by every constrained optimizer. */
export interface StochasticOptimizerOptions {
  readonly unconstrained?: UnconstrainedPolicy;
}

/** What a subclass's update sees for one variable at one step. Tensors are borrowed. */
export interface StepContext {
  /** Variable name. */
  readonly name: string;
  /** Number of earlier updates of this variable (0 on its first update). */
  readonly t: number;
  /** The optimizer's per-variable state tensor `slot`, created from `init` on first use. */
  slot(slot: string, init: () => tf.Tensor): tf.Variable;
}

/** New value of a variable and the method's own stationarity estimate (a scalar tensor). */
export interface StepResult {
  readonly value: tf.Tensor;
  readonly certificate?: tf.Scalar;
}

/**
 * Abstract constrained optimizer. Subclasses implement {@link ConstrainedStochasticOptimizer.step}
 * (constrained variables) and {@link ConstrainedStochasticOptimizer.freeStep} (unconstrained ones).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l2Ball } from '@sparsekit/constraints';
 * import { StochasticPgd, type ConstrainedStochasticOptimizer } from '@sparsekit/solvers/stochastic';
 * const w = tf.variable(tf.tensor1d([3, 4]), true, 'w-base-example');
 * const opt: ConstrainedStochasticOptimizer<ReturnType<typeof l2Ball>> = new StochasticPgd({ 'w-base-example': l2Ball(1) });
 * opt.minimize(() => w.square().sum());
 * opt.certificates().get('w-base-example'); // ‖Δw‖/η of the last step
 * ```
 */
export abstract class ConstrainedStochasticOptimizer<C extends Constraint> extends tf.Optimizer {
  /** Constraint of each variable, by variable name. */
  readonly constraints: ReadonlyMap<string, C>;
  protected readonly unconstrained: UnconstrainedPolicy;
  private readonly slots = new Map<string, tf.Variable>();
  private readonly counts = new Map<string, number>();
  private readonly certs = new Map<string, tf.Variable>();
  private readonly initialized = new Set<string>();

  protected constructor(parameters: ParameterConstraints<C>, options: StochasticOptimizerOptions, defaultPolicy: UnconstrainedPolicy) {
    super();
    this.constraints = resolveParameterConstraints(parameters);
    const policy = options.unconstrained ?? defaultPolicy;
    if (!['free', 'skip', 'error'].includes(policy)) {
      throw new SparsekitError({ argument: 'unconstrained', value: policy, expected: "'free', 'skip' or 'error'" });
    }
    this.unconstrained = policy;
  }

  /**
   * Checks at construction that every constraint has what `step` will call (`needs`: for each
   * entry, one of the listed methods), so a missing LMO or prox fails here, naming the variable.
   */
  protected requireEach(
    solver: string,
    needs: readonly (readonly Capability[])[],
    map: ReadonlyMap<string, unknown> = this.constraints,
    argument = 'parameters',
  ): void {
    for (const [name, constraint] of map) requireCapabilities(solver, `${argument}[${JSON.stringify(name)}]`, constraint, needs);
  }

  /** One update of a constrained variable; the result must lie in `constraint`. */
  protected abstract step(p: tf.Variable, grad: tf.Tensor, constraint: C, ctx: StepContext): StepResult;

  /** One update of a variable without constraint (used when `unconstrained` is `'free'`). */
  protected abstract freeStep(p: tf.Variable, grad: tf.Tensor, ctx: StepContext): StepResult;

  /**
   * Makes a variable feasible before its first update. The default projects it when the
   * constraint can; subclasses without projection may override.
   */
  protected initialize(p: tf.Variable, constraint: C): void {
    const c = constraint as Partial<HasProject>;
    if (typeof c.project === 'function') {
      const project = c.project.bind(c);
      tf.tidy(() => p.assign(project(p)));
    }
  }

  /**
   * `minimize` (and so `LayersModel.fit`) computes the gradients before `applyGradients` sees the
   * variables: infeasible starting points are made feasible here first, so the first gradient is
   * taken at the point the first step moves from. A caller who computes gradients itself and
   * calls `applyGradients` directly should start from feasible variables.
   */
  override computeGradients(f: () => tf.Scalar, varList?: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    const variables = varList ?? Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
    for (const p of variables) {
      const constraint = this.constraints.get(p.name);
      if (constraint !== undefined) this.initializeOnce(p, constraint);
    }
    return super.computeGradients(f, varList);
  }

  private initializeOnce(p: tf.Variable, constraint: C): void {
    if (this.initialized.has(p.name)) return;
    this.initialized.add(p.name);
    this.initialize(p, constraint);
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((e) => [e.name, e.tensor])
      : Object.entries(variableGradients);
    for (const [name, grad] of entries) {
      if (grad == null) continue;
      const p = tf.engine().registeredVariables[name];
      if (p === undefined) {
        throw new SparsekitError({ argument: 'variableGradients', value: name, expected: 'names of registered tf.Variables' });
      }
      this.update(name, p, grad);
    }
    this.incrementIterations();
  }

  private update(name: string, p: tf.Variable, grad: tf.Tensor): void {
    const constraint = this.constraints.get(name);
    if (constraint === undefined && this.unconstrained === 'skip') return;
    if (constraint === undefined && this.unconstrained === 'error') {
      throw new SparsekitError({
        argument: 'parameters',
        value: name,
        expected: `a constraint for every trained variable (missing ${JSON.stringify(name)})`,
        hint: "Add it to the parameter map, or pass { unconstrained: 'skip' }",
      });
    }
    const t = this.counts.get(name) ?? 0;
    if (constraint !== undefined) this.initializeOnce(p, constraint);
    const ctx: StepContext = { name, t, slot: (slot, init) => this.slot(`${name}/${slot}`, init) };
    tf.tidy(() => {
      const { value, certificate } = constraint === undefined ? this.freeStep(p, grad, ctx) : this.step(p, grad, constraint, ctx);
      p.assign(value);
      if (certificate !== undefined) this.slotCert(name).assign(certificate);
    });
    this.counts.set(name, t + 1);
  }

  private slot(key: string, init: () => tf.Tensor): tf.Variable {
    let v = this.slots.get(key);
    if (v === undefined) {
      v = tf.tidy(() => tf.variable(init(), false));
      this.slots.set(key, v);
    }
    return v;
  }

  private slotCert(name: string): tf.Variable {
    let v = this.certs.get(name);
    if (v === undefined) {
      v = tf.variable(tf.scalar(Number.NaN), false);
      this.certs.set(name, v);
    }
    return v;
  }

  /** Number of updates applied to each variable so far. */
  stepCounts(): ReadonlyMap<string, number> {
    return new Map(this.counts);
  }

  /**
   * The certificate of each variable's last update (FW gap estimate for Frank-Wolfe, gradient
   * mapping norm ‖Δx‖/η for the projected methods). Reads tensor data: keep out of hot loops.
   */
  certificates(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, v] of this.certs) out.set(name, v.dataSync()[0]);
    return out;
  }

  override dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    for (const v of this.certs.values()) v.dispose();
    this.slots.clear();
    this.certs.clear();
    this.counts.clear();
    this.initialized.clear();
    super.dispose();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.slots.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [await this.saveIterations(), ...slots.map(([name, tensor]) => ({ name, tensor }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    for (const { name, tensor } of rest) {
      this.slots.get(name)?.dispose();
      this.slots.set(name, tf.variable(tensor, false));
      const variable = name.slice(0, name.lastIndexOf('/'));
      this.counts.set(variable, Math.max(this.counts.get(variable) ?? 0, this.iterations));
    }
  }
}

/**
 * Constraint objects are not serializable, so an optimizer cannot be rebuilt from its config.
 * Subclasses call this from `fromConfig` to fail with a clear message.
 */
export function notDeserializable(className: string): never {
  throw new SparsekitError({
    argument: 'config',
    value: className,
    code: 'unsupported',
    expected: 'a constructor call: constrained optimizers hold constraint objects, which are not serializable',
  });
}
