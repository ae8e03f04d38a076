/**
 * One tf.Optimizer that gives the gate parameters (log α) of a model's L0 layers their own
 * optimizer: the gates want a much larger step than the weights (constrained_sparsity's MNIST runs
 * use a separate, larger gate step), while `model.compile` takes a single optimizer.
 */
import { requireGatedLayers } from './internal/require-gated-layers.js';
import type * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { SplitOptimizer } from './internal/split-optimizer.js';

/**
 * An optimizer for `model.compile` (or `fitConstrained`'s `primal`) that applies `gates` to every
 * log α of the model's gated layers and `weights` to all other variables. The caller owns and
 * disposes both optimizers; the returned one holds no state of its own. After each gate step it
 * clamps log α to [log 1e-2, log 1e2], as AMLab and constrained_sparsity do.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { gateOptimizer, l0Dense } from '@sparsekit/models-l0';
 * const model = tf.sequential({ layers: [l0Dense({ units: 4, inputShape: [3], lambda: 0.1, datasetSize: 100 })] });
 * model.compile({ optimizer: gateOptimizer(model, { weights: tf.train.adam(1e-3), gates: tf.train.adam(0.02) }), loss: 'meanSquaredError' });
 * ```
 */
export function gateOptimizer(
  model: tf.LayersModel,
  optimizers: { readonly weights: tf.Optimizer; readonly gates: tf.Optimizer },
): tf.Optimizer {
  const { weights, gates } = optimizers ?? {};
  for (const [name, o] of [
    ['weights', weights],
    ['gates', gates],
  ] as const) {
    if (typeof o?.applyGradients !== 'function') {
      throw new SparsekitError({ argument: `optimizers.${name}`, value: o, expected: 'a tf.Optimizer, e.g. tf.train.adam(1e-3)' });
    }
  }
  const layers = requireGatedLayers(model);
  const names = new Set(layers.map((l) => (l.logAlpha.read() as tf.Variable).name));
  return new SplitOptimizer(weights, gates, names, () => layers.forEach((l) => l.clampLogAlpha()));
}
