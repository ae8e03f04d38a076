/** Expected L0 of a model's gated layers, per layer and model-wise. */
import * as tf from '@tensorflow/tfjs';
import { GatedLayer, type LayerL0 } from './internal/gated-layer.js';

export type { LayerL0 } from './internal/gated-layer.js';

/** Model-wise expected L0 (kernel weights of the gated layers only). */
export interface ModelL0 {
  readonly layers: readonly LayerL0[];
  /** Expected number of active gated weights. */
  readonly params: number;
  /** Number of gated weights. */
  readonly total: number;
  /** params / total: the expected density constrained by `fitConstrained`. */
  readonly fraction: number;
}

/**
 * The L0-gated layers of a model, in order (nested models included).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { gatedLayers, l0Dense } from '@sparsekit/models-l0';
 * const m = tf.sequential({ layers: [l0Dense({ units: 3, inputShape: [4] }), tf.layers.dense({ units: 2 })] });
 * gatedLayers(m).length; // 1
 * ```
 */
export function gatedLayers(model: tf.LayersModel): GatedLayer[] {
  const out: GatedLayer[] = [];
  for (const layer of model.layers) {
    if (layer instanceof GatedLayer) out.push(layer);
    else if (layer instanceof tf.LayersModel) out.push(...gatedLayers(layer));
  }
  return out;
}

/**
 * Expected L0 per gated layer and model-wise, as counts of kernel weights and as fractions:
 * Σ_gates P(z ≠ 0)·(weights per gate).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { expectedL0, l0Dense } from '@sparsekit/models-l0';
 * const m = tf.sequential({ layers: [l0Dense({ units: 3, inputShape: [4], dropRate: 0.5 })] });
 * expectedL0(m).fraction; // ≈ σ(1.5986) = 0.83
 * ```
 */
export function expectedL0(model: tf.LayersModel): ModelL0 {
  const layers = gatedLayers(model).map((l) => l.l0());
  const params = layers.reduce((a, l) => a + l.params, 0);
  const total = layers.reduce((a, l) => a + l.total, 0);
  return { layers, params, total, fraction: total === 0 ? 0 : params / total };
}

/**
 * The expected density as a differentiable scalar: model-wise (one value) or per layer (a vector),
 * for use in a loss or as a constraint.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { expectedDensity, l0Dense } from '@sparsekit/models-l0';
 * const m = tf.sequential({ layers: [l0Dense({ units: 3, inputShape: [4] })] });
 * expectedDensity(m, 'layer').shape; // [1]
 * ```
 */
export function expectedDensity(model: tf.LayersModel, scope: 'model' | 'layer' = 'model'): tf.Tensor {
  const layers = gatedLayers(model);
  return tf.tidy(() => {
    if (layers.length === 0) return scope === 'model' ? tf.scalar(0) : tf.zeros([0]);
    const params = layers.map((l) => l.expectedParams());
    if (scope === 'layer') return tf.stack(params.map((p, i) => tf.div(p, layers[i].kernelSize())));
    const total = layers.reduce((a, l) => a + l.kernelSize(), 0);
    return tf.div(tf.addN(params), total);
  });
}
