/**
 * DessiLbi (Fu, Liu, Sun, Yao et al., ICML 2020): Split LBI for deep networks, as a tf.Optimizer.
 * Each sparse weight W is coupled to an augmented variable Γ by ‖W − Γ‖²/(2μ); W follows
 * (momentum) SGD with rate lr·κ, Γ follows a Linearized Bregman path whose support selects the
 * important weights or filters. The update is the one of `DessiLbi/code/slbi_opt.py`.
 */
import * as tf from '@tensorflow/tfjs';
import { requireNonNegative, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { gammaFromZ, type DessiSparsity, type DessiVarState } from './internal/dessi-state.js';
import {
  checkDistinct,
  pooledThreshold,
  pruneByOrder,
  recordSupport,
  type PruneOptions,
  type PruneResult,
} from './internal/dessi-prune.js';
import type { NamedTensor } from '../stochastic/constrained-stochastic-optimizer.js';

export type { DessiSparsity } from './internal/dessi-state.js';

/** Hyper-parameters of {@link DessiLbi} (upstream names; defaults of `SLBI.__init__`). */
export interface DessiLbiConfig {
  /** Learning rate (required). */
  readonly lr: number;
  /** Damping κ. Default 1. */
  readonly kappa?: number;
  /** Coupling μ of ‖W − Γ‖²/(2μ). Default 100. */
  readonly mu?: number;
  /** Heavy-ball momentum. Default 0.9. */
  readonly momentum?: number;
  readonly dampening?: number;
  /** L2 weight decay (skipped for biases and normalisation parameters). Default 0. */
  readonly weightDecay?: number;
  /** Sparsity of each variable. Default: rank 2 → 'l1', rank 4 → 'group' per output filter, else 'none'. */
  readonly sparsity?: (name: string, variable: tf.Variable) => DessiSparsity;
  /** Whether weight decay applies. Default: rank > 1 and the name does not mark a normalisation layer. */
  readonly decay?: (name: string, variable: tf.Variable) => boolean;
}

const NORM_LAYER = /(^|[/_])(bn|batch_?norm(alization)?|layer_?norm(alization)?)/i;

function defaultSparsity(_name: string, v: tf.Variable): DessiSparsity {
  return v.rank === 2 ? 'l1' : v.rank === 4 ? 'group' : 'none';
}

function defaultDecay(name: string, v: tf.Variable): boolean {
  return v.rank > 1 && !NORM_LAYER.test(name);
}

/**
 * The DessiLbi optimizer. Works with `optimizer.minimize(f)` and `model.compile({ optimizer })`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { DessiLbi } from '@sparsekit/solvers/paths';
 * const w = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1), true, 'w');
 * const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20 });
 * opt.minimize(() => tf.sum(tf.square(tf.sub(w, 1))) as tf.Scalar);
 * opt.supportMask('w').print(); // entries of W already selected by Γ
 * ```
 */
export class DessiLbi extends tf.Optimizer {
  static get className(): string {
    return 'DessiLbi';
  }
  private rate: number;
  readonly kappa: number;
  readonly mu: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  private readonly sparsityOf: NonNullable<DessiLbiConfig['sparsity']>;
  private readonly decayOf: NonNullable<DessiLbiConfig['decay']>;
  private readonly states = new Map<string, DessiVarState>();
  /** Weights saved by useWStar / pruneByOrder (kernels and pruned biases) for recover(). */
  private readonly originals = new Map<string, tf.Tensor>();

  constructor(config: DessiLbiConfig) {
    super();
    this.rate = requirePositive('lr', config.lr);
    this.kappa = requirePositive('kappa', config.kappa ?? 1);
    this.mu = requirePositive('mu', config.mu ?? 100);
    this.momentum = requireNonNegative('momentum', config.momentum ?? 0.9);
    this.dampening = requireNonNegative('dampening', config.dampening ?? 0);
    this.weightDecay = requireNonNegative('weightDecay', config.weightDecay ?? 0);
    this.sparsityOf = config.sparsity ?? defaultSparsity;
    this.decayOf = config.decay ?? defaultDecay;
  }

  /** Learning rate of the next step (W moves by lr·κ, Z by lr/μ). */
  get lr(): number {
    return this.rate;
  }

  /**
   * Changes the learning rate for the following steps, as a schedule does between epochs (the
   * MNIST recipe divides it by 10 every 20 epochs): both the W step lr·κ and the Z step lr/μ change.
   */
  setLearningRate(lr: number): void {
    this.rate = requirePositive('lr', lr);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((e) => [e.name, e.tensor] as const)
      : Object.entries(variableGradients);
    for (const [name, grad] of entries) {
      if (grad == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined)
        throw new SparsekitError({ argument: 'variableGradients', value: name, expected: 'names of registered tf.Variables' });
      this.step(variable, this.stateOf(name, variable), grad);
    }
    this.incrementIterations();
  }

  private stateOf(name: string, variable: tf.Variable): DessiVarState {
    let s = this.states.get(name);
    if (!s) {
      const mode = this.sparsityOf(name, variable);
      if (mode === 'group' && variable.rank < 2)
        throw new SparsekitError({ argument: 'sparsity', value: name, expected: "'group' only for variables of rank ≥ 2" });
      s = { name, mode, decay: this.decayOf(name, variable) };
      if (mode !== 'none') {
        s.z = tf.variable(tf.zerosLike(variable), false);
        s.gamma = tf.variable(tf.zerosLike(variable), false);
      }
      this.states.set(name, s);
    }
    return s;
  }

  /** One upstream `step()` for one parameter. */
  private step(w: tf.Variable, s: DessiVarState, g: tf.Tensor): void {
    tf.tidy(() => {
      let d: tf.Tensor = g;
      if (this.momentum !== 0) {
        const buf = s.momentum ? tf.add(tf.mul(s.momentum, this.momentum), tf.mul(g, 1 - this.dampening)) : tf.clone(g);
        // Upstream adds weight decay to the momentum buffer in place, so the decay term is
        // accumulated by the momentum too; kept for fidelity.
        d = s.decay && this.weightDecay !== 0 ? tf.add(buf, tf.mul(w, this.weightDecay)) : buf;
        if (s.momentum) s.momentum.assign(d);
        else s.momentum = tf.keep(tf.variable(d, false));
      } else if (s.decay && this.weightDecay !== 0) {
        d = tf.add(g, tf.mul(w, this.weightDecay));
      }
      const lrKappa = this.lr * this.kappa;
      if (s.z && s.gamma) {
        const gamma = s.gamma;
        const newW = tf.sub(w, tf.add(tf.mul(d, lrKappa), tf.mul(tf.sub(w, gamma), lrKappa / this.mu)));
        const newZ = tf.sub(s.z, tf.mul(tf.sub(gamma, w), this.lr / this.mu));
        s.z.assign(newZ);
        gamma.assign(gammaFromZ(newZ, s.mode, this.kappa));
        w.assign(newW);
      } else {
        w.assign(tf.sub(w, tf.mul(d, lrKappa)));
      }
    });
  }

  private sparseState(name: string): DessiVarState & { z: tf.Variable; gamma: tf.Variable } {
    const s = this.states.get(name);
    if (!s?.z || !s.gamma)
      throw new SparsekitError({
        argument: 'name',
        value: name,
        expected: `a sparse variable this optimizer has updated (${[...this.sparseNames()].join(', ') || 'none yet'})`,
      });
    return s as DessiVarState & { z: tf.Variable; gamma: tf.Variable };
  }

  /** Names of the variables that carry a Γ. */
  sparseNames(): string[] {
    return [...this.states.values()].filter((s) => s.gamma).map((s) => s.name);
  }

  /** A copy of Γ for a variable. */
  gamma(name: string): tf.Tensor {
    return tf.clone(this.sparseState(name).gamma);
  }

  /** A copy of the Bregman variable Z for a variable. */
  z(name: string): tf.Tensor {
    return tf.clone(this.sparseState(name).z);
  }

  /** 1 where Γ ≠ 0, else 0 (float32, the shape of the weight). */
  supportMask(name: string): tf.Tensor {
    const gamma = this.sparseState(name).gamma;
    return tf.tidy(() => tf.cast(tf.greater(tf.abs(gamma), 0), 'float32'));
  }

  /** W* = W ⊙ 1(Γ ≠ 0): the weights restricted to the support selected so far. */
  wStar(name: string): tf.Tensor {
    const w = tf.engine().registeredVariables[name];
    return tf.tidy(() => tf.mul(w, this.supportMask(name)));
  }

  /** Residue ‖W − Γ‖²/(2μ) summed over the sparse variables (or one of them). */
  residue(name?: string): number {
    const names = name === undefined ? this.sparseNames() : [name];
    return (
      names.reduce(
        (acc, n) =>
          acc + tf.tidy(() => tf.sum(tf.square(tf.sub(tf.engine().registeredVariables[n], this.sparseState(n).gamma))).dataSync()[0]),
        0,
      ) /
      (2 * this.mu)
    );
  }

  /** Keeps a copy of a variable for {@link recover} (the first copy since the last recover wins). */
  private saveOriginal(v: tf.Variable): void {
    if (!this.originals.has(v.name)) this.originals.set(v.name, tf.keep(tf.clone(v)));
  }

  /** Replaces every sparse weight by W*, keeping the original for {@link recover}. */
  useWStar(): void {
    for (const name of this.sparseNames()) {
      const w = tf.engine().registeredVariables[name];
      const ws = this.wStar(name);
      this.saveOriginal(w);
      w.assign(ws);
      ws.dispose();
    }
  }

  /** Restores the weights (kernels and pruned biases) saved by {@link useWStar} or {@link pruneByOrder}. */
  recover(): void {
    for (const [name, original] of this.originals) {
      tf.engine().registeredVariables[name]?.assign(original);
      original.dispose();
    }
    this.originals.clear();
  }

  /** Records the first epoch each entry entered supp(Γ) and recomputes the prune order. */
  updatePruneOrder(epoch: number): void {
    for (const name of this.sparseNames()) recordSupport(this.sparseState(name), tf.engine().registeredVariables[name], epoch);
  }

  /**
   * Zeroes the `percent` % of entries (l1) or output filters (group) of the named variables
   * with the lowest prune order (late entry into supp(Γ), small magnitude); with `pruneBias` the
   * biases of pruned filters too. {@link recover} restores kernels and biases. Returns, per
   * variable, the 0/1 mask of what was kept (per output filter for group variables, per entry else).
   * The per-layer cut keeps order ≥ the layer's percentile for filters, so each group variable keeps its
   * maximum-order filter(s) even at 100; entries use upstream's strict >, so an l1 variable at 100 keeps none.
   * With `pooled`, one threshold over all the named variables' orders (`percent` of all their filters),
   * and each variable still keeps its highest-ordered filter or entry (every one tied at its maximum),
   * so no layer is emptied. `names` must be distinct (a SparsekitError otherwise).
   */
  pruneByOrder(percent: number, names: readonly string[], options: PruneOptions = {}): PruneResult[] {
    checkDistinct(names);
    const save = (v: tf.Variable) => this.saveOriginal(v);
    const states = names.map((name) => this.sparseState(name));
    const threshold = options.pooled ? pooledThreshold(states, percent) : undefined;
    return states.map((s) => pruneByOrder(s, tf.engine().registeredVariables, percent, options, save, threshold));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()];
    for (const s of this.states.values()) {
      if (s.momentum) out.push({ name: `${s.name}/momentum`, tensor: s.momentum });
      if (s.z && s.gamma) out.push({ name: `${s.name}/z`, tensor: s.z }, { name: `${s.name}/gamma`, tensor: s.gamma });
    }
    return out;
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    for (const { name, tensor } of rest) {
      const cut = name.lastIndexOf('/');
      const base = name.slice(0, cut);
      const slot = name.slice(cut + 1) as 'momentum' | 'z' | 'gamma';
      const variable = tf.engine().registeredVariables[base];
      if (variable === undefined || !['momentum', 'z', 'gamma'].includes(slot))
        throw new SparsekitError({ argument: 'weightValues', value: name, expected: '<registered variable>/{momentum|z|gamma}' });
      const s = this.stateOf(base, variable);
      if (s[slot]) s[slot]!.assign(tensor);
      else s[slot] = tf.variable(tensor, false);
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      lr: this.rate,
      kappa: this.kappa,
      mu: this.mu,
      momentum: this.momentum,
      dampening: this.dampening,
      weightDecay: this.weightDecay,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as unknown as DessiLbiConfig);
  }

  override dispose(): void {
    for (const s of this.states.values())
      tf.dispose([s.momentum, s.z, s.gamma, s.epochRecord, s.pruneOrder].filter((t): t is tf.Tensor => t !== undefined));
    this.states.clear();
    tf.dispose([...this.originals.values()]);
    this.originals.clear();
  }
}

tf.serialization.registerClass(DessiLbi);
