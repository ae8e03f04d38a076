/**
 * Backward pass of `purge`: which output units (features or channels) of every layer are still
 * read downstream once closed gates are taken into account.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { GatedLayer } from './gated-layer.js';

export const PASS_THROUGH = new Set(['Dropout', 'MaxPooling2D', 'AveragePooling2D', 'Activation', 'Flatten']);
const WEIGHTED = new Set(['Dense', 'Conv2D', 'L0Dense', 'L0Conv2d']);

/** The input shape of a built layer (typed loosely by tfjs). */
export function inputShapeOf(layer: tf.layers.Layer): number[] {
  const node = (layer as unknown as { inboundNodes: { inputShapes: tf.Shape | tf.Shape[] }[] }).inboundNodes[0];
  const s = node.inputShapes;
  return (Array.isArray(s[0]) ? s[0] : s) as number[];
}

export function lastDim(shape: tf.Shape | tf.Shape[]): number {
  const s = (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
  return s[s.length - 1];
}

export function checkSupported(layer: tf.layers.Layer): void {
  const cls = layer.getClassName();
  if (!WEIGHTED.has(cls) && !PASS_THROUGH.has(cls)) {
    throw new SparsekitError({
      argument: 'model',
      value: cls,
      expected: `a chain of ${[...WEIGHTED, ...PASS_THROUGH].join(', ')} layers`,
      code: 'unsupported',
    });
  }
  const act = (layer.getConfig() as { activation?: string }).activation;
  if (cls === 'Activation' && act === 'softmax') {
    throw new SparsekitError({
      argument: 'model',
      value: 'Activation(softmax)',
      expected: 'elementwise activations between layers',
      code: 'unsupported',
    });
  }
}

/** Which inputs of `layer` are read, given which of its outputs are read. */
function inputNeed(layer: tf.layers.Layer, out: Uint8Array): Uint8Array {
  const cls = layer.getClassName();
  const inSize = lastDim(inputShapeOf(layer));
  if (cls === 'Flatten') {
    const need = new Uint8Array(inSize);
    out.forEach((v, i) => {
      if (v) need[i % inSize] = 1;
    });
    return need;
  }
  if (PASS_THROUGH.has(cls)) return out;
  if (layer instanceof GatedLayer && layer.getClassName() === 'L0Dense') {
    const z = tf.tidy(() => layer.evalGates().arraySync()) as number[] | number[][];
    const need = new Uint8Array(inSize);
    z.forEach((row, j) => {
      need[j] = (Array.isArray(row) ? row.some((v, k) => v > 0 && out[k] === 1) : row > 0) ? 1 : 0;
    });
    return need;
  }
  return new Uint8Array(inSize).fill(1);
}

/** For every layer, a 0/1 mask over its output units: 1 if something downstream reads it. */
export function outputNeeds(layers: readonly tf.layers.Layer[]): Uint8Array[] {
  const needs: Uint8Array[] = new Array(layers.length);
  let out: Uint8Array = new Uint8Array(lastDim(layers[layers.length - 1].outputShape)).fill(1);
  for (let i = layers.length - 1; i >= 0; i--) {
    const act = (layers[i].getConfig() as { activation?: string }).activation;
    // softmax couples all units of its layer: they stay whatever is read
    needs[i] = act === 'softmax' ? new Uint8Array(out.length).fill(1) : out;
    out = inputNeed(layers[i], needs[i]);
  }
  return needs;
}
