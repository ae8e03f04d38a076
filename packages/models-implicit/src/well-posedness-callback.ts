/** Keeps every implicit layer of a model well posed during `model.fit`, whatever the optimizer. */
import * as tf from '@tensorflow/tfjs';
import { ImplicitLayer } from './implicit-layer.js';

/** The implicit layers of a model, including those nested in sub-models. */
export function implicitLayersOf(model: tf.LayersModel | tf.layers.Layer): ImplicitLayer[] {
  if (model instanceof ImplicitLayer) return [model];
  const layers = (model as { layers?: tf.layers.Layer[] }).layers ?? [];
  return layers.flatMap((l) => implicitLayersOf(l));
}

/**
 * A `model.fit` callback that projects A of every implicit layer onto its well-posedness set
 * after each optimizer step (and once before training), so ‖A‖∞ ≤ κ (or μ∞(A) ≤ κ) holds at
 * every step with Adam, SGD or any other optimizer: projected stochastic gradient.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { implicitLayer, wellPosednessCallback } from '@sparsekit/models-implicit';
 * const model = tf.sequential({ layers: [implicitLayer({ units: 1, hiddenUnits: 4, inputShape: [2] })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 1, callbacks: [wellPosednessCallback(model)], verbose: 0 });
 * ```
 */
export function wellPosednessCallback(model: tf.LayersModel | tf.layers.Layer): tf.CustomCallback {
  const project = async (): Promise<void> => {
    for (const layer of implicitLayersOf(model)) layer.project();
  };
  return new tf.CustomCallback({ onTrainBegin: project, onBatchEnd: project });
}
