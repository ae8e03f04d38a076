import type * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { gatedLayers } from '../expected-l0.js';
import type { GatedLayer } from './gated-layer.js';

/** The model's gated layers; training helpers that act on gates have nothing to do without one. */
export function requireGatedLayers(model: tf.LayersModel): GatedLayer[] {
  const layers = gatedLayers(model);
  if (layers.length === 0) {
    throw new SparsekitError({
      argument: 'model',
      value: 'a model without L0-gated layers',
      expected: 'at least one l0Dense or l0Conv2d layer',
    });
  }
  return layers;
}
