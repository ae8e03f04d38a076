/**
 * One optimizer per matrix of an implicit layer: Frank-Wolfe where sparsity is wanted (A, or A
 * and B) and the usual optimizer (Adam, projected gradient) for the rest, in one `model.fit`.
 * Frank-Wolfe from zero makes a matrix sparse by construction but moves it slowly (one vertex per
 * step, a convex combination that forgets old vertices at rate γ); readout and input matrices that
 * need not be sparse train faster with Adam.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { ImplicitLayer } from './implicit-layer.js';
import { checkKeys } from './solver-options.js';

/** A named tensor, as tfjs optimizers exchange them (not exported by `@tensorflow/tfjs`). */
interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

/**
 * Which optimizer updates which part of an implicit layer. `others` takes every matrix not listed
 * and every other trainable variable of the model (other layers); without it, {@link perMatrixOptimizer}
 * throws when a matrix of the layer has no optimizer, and a gradient of another layer's variable is
 * an error at the first update.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { PerMatrixChoice } from '@sparsekit/models-implicit';
 * const choice: PerMatrixChoice = { others: tf.train.adam(5e-3) };
 * ```
 */
export interface PerMatrixChoice {
  readonly A?: tf.Optimizer;
  readonly B?: tf.Optimizer;
  readonly C?: tf.Optimizer;
  readonly D?: tf.Optimizer;
  /** Both bias vectors. */
  readonly bias?: tf.Optimizer;
  readonly others?: tf.Optimizer;
}

const KEYS = ['A', 'B', 'C', 'D', 'bias', 'others'] as const;

function checkOptimizer(argument: string, value: unknown): void {
  if (value !== undefined && !(value instanceof tf.Optimizer)) {
    throw new SparsekitError({ argument, value, expected: 'a tf.Optimizer' });
  }
}

/**
 * A `tf.Optimizer` that hands each variable's gradient to the optimizer chosen for it, so one
 * `model.fit` trains A by stochastic Frank-Wolfe and B, C, D by Adam (or any mix). Each inner
 * optimizer keeps its own state and step count; `dispose()` disposes them all (an optimizer
 * shared by two keys is disposed once). A constrained inner optimizer makes a variable feasible
 * before its first update, not before the first gradient: start such variables feasible (the
 * `'zerosRandomReadout'` and `'zeros'` initializers are, for every Frank-Wolfe set).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { PerMatrixOptimizer } from '@sparsekit/models-implicit';
 * const w = tf.variable(tf.ones([2]), true, 'w-per-matrix-example');
 * const v = tf.variable(tf.ones([2]), true, 'v-per-matrix-example');
 * // w by SGD with a large step, every other variable by a small one.
 * const opt = new PerMatrixOptimizer(new Map([[w.name, tf.train.sgd(0.5)]]), tf.train.sgd(0.01));
 * opt.minimize(() => tf.add(w.square().sum(), v.square().sum()) as tf.Scalar);
 * w.dataSync(); // [0, 0]: 1 − 0.5·2
 * v.dataSync(); // [0.98, 0.98]
 * ```
 */
export class PerMatrixOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'SparsekitPerMatrixOptimizer';
  }
  private readonly routes: ReadonlyMap<string, tf.Optimizer>;
  private readonly others: tf.Optimizer | undefined;

  constructor(routes: ReadonlyMap<string, tf.Optimizer>, others?: tf.Optimizer) {
    super();
    this.routes = routes;
    this.others = others;
  }

  /** The distinct inner optimizers. */
  get optimizers(): tf.Optimizer[] {
    return [...new Set([...this.routes.values(), ...(this.others ? [this.others] : [])])];
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map((e) => [e.name, e.tensor])
      : Object.entries(variableGradients);
    const groups = new Map<tf.Optimizer, tf.NamedTensorMap>();
    for (const [name, grad] of entries) {
      if (grad == null) continue;
      const target = this.routes.get(name) ?? this.others;
      if (target === undefined) {
        throw new SparsekitError({
          argument: 'variableGradients',
          value: name,
          expected: `a variable of the layer given an optimizer (${[...this.routes.keys()].join(', ')})`,
          hint: 'Pass { others: optimizer } for the remaining variables',
        });
      }
      const group = groups.get(target) ?? {};
      group[name] = grad;
      groups.set(target, group);
    }
    for (const [optimizer, grads] of groups) optimizer.applyGradients(grads);
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const all = await Promise.all(this.optimizers.map((o) => o.getWeights()));
    return [await this.saveIterations(), ...all.flat()];
  }

  override setWeights(): Promise<void> {
    throw new SparsekitError({
      argument: 'weights',
      value: 'PerMatrixOptimizer',
      expected: 'a fresh optimizer: the inner optimizers state cannot be restored through this one',
    });
  }

  override dispose(): void {
    for (const o of this.optimizers) o.dispose();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}

/**
 * The {@link PerMatrixOptimizer} of one built implicit layer: an optimizer for each of A, B, C, D
 * and the biases, `others` for the rest.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
 * import { frankWolfeConstraints, implicitLayer, perMatrixOptimizer } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 2, hiddenUnits: 8, activation: 'tanh', initializer: 'zerosRandomReadout', inputShape: [4] });
 * const model = tf.sequential({ layers: [layer] });
 * const sfw = new StochasticFrankWolfe(frankWolfeConstraints(layer, { A: { type: 'l1', radius: 0.5 } }), { unconstrained: 'skip' });
 * // A sparse by Frank-Wolfe, B, C, D and the biases by Adam.
 * model.compile({ optimizer: perMatrixOptimizer(layer, { A: sfw, others: tf.train.adam(5e-3) }), loss: 'meanSquaredError' });
 * ```
 */
export function perMatrixOptimizer(layer: ImplicitLayer, choice: PerMatrixChoice): PerMatrixOptimizer {
  if (!(layer instanceof ImplicitLayer)) throw new SparsekitError({ argument: 'layer', value: layer, expected: 'an implicitLayer(...)' });
  if (choice === null || typeof choice !== 'object')
    throw new SparsekitError({ argument: 'choice', value: choice, expected: '{ A, B, ... }' });
  checkKeys('choice', choice, [...KEYS]);
  for (const key of KEYS) checkOptimizer(`choice.${key}`, choice[key]);
  if (!layer.built) throw new SparsekitError({ argument: 'layer', value: layer.name, expected: 'a built layer (add it to a model first)' });
  const routes = new Map<string, tf.Optimizer>();
  const add = (v: { name: string } | null, o: tf.Optimizer | undefined) => {
    if (v && o) routes.set(v.name, o);
  };
  add(layer.A, choice.A);
  add(layer.B, choice.B);
  add(layer.C, choice.C);
  add(layer.D, choice.D);
  add(layer.stateBiasWeight, choice.bias);
  add(layer.biasWeight, choice.bias);
  // The layer's own variables are known now: a missing one is a programming error to report here,
  // not in the middle of the first fit (variables of other layers can only be checked there).
  const unrouted = layer.trainableWeights.filter((w) => !routes.has(w.name));
  if (choice.others === undefined && unrouted.length > 0)
    throw new SparsekitError({
      argument: 'choice',
      value: Object.keys(choice).join(', ') || '{}',
      expected: `an optimizer for every trainable matrix of the layer (none for ${unrouted.map((w) => w.name.split('/').pop()).join(', ')})`,
      hint: 'Pass { others: optimizer } for the remaining variables',
    });
  return new PerMatrixOptimizer(routes, choice.others);
}
