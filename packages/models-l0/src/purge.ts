/** `purge`: the gated model as a smaller plain model (evaluation gates folded in, closed units removed). */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { GatedLayer } from './internal/gated-layer.js';
import { checkSupported, inputShapeOf, lastDim, outputNeeds } from './internal/purge-plan.js';

/** Units of one activation that survive, in original indices, with the factor each still carries. */
interface Flow {
  keep: number[];
  scale: number[];
}

interface Built {
  layer: tf.layers.Layer;
  weights: tf.Tensor[];
  out: Flow;
}

const HOMOGENEOUS = new Set(['linear', 'relu', undefined]);

function kept(need: Uint8Array, available?: (k: number) => boolean): number[] {
  const ks: number[] = [];
  need.forEach((v, k) => {
    if (v && (!available || available(k))) ks.push(k);
  });
  // a layer needs at least one unit; an unread or closed unit is exact to keep (its reader zeroes it)
  return ks.length > 0 ? ks : [Math.max(0, need.indexOf(1))];
}

/** kernel[..., in, out] restricted to kept inputs and outputs, input slices multiplied by their scale. */
function sliceKernel(w: tf.Tensor, inFlow: Flow, outKeep: number[]): tf.Tensor {
  return tf.tidy(() => {
    const inAxis = w.rank - 2;
    const rows = tf.gather(tf.gather(w, inFlow.keep, inAxis), outKeep, w.rank - 1);
    const s = tf.reshape(tf.tensor1d(inFlow.scale), [...new Array(inAxis).fill(1), inFlow.keep.length, 1]);
    return tf.mul(rows, s);
  });
}

function weighted(layer: tf.layers.Layer, inFlow: Flow, need: Uint8Array, first: { batchInputShape?: tf.Shape }): Built {
  const cfg = layer.getConfig() as Record<string, unknown>;
  const gated = layer instanceof GatedLayer ? layer : undefined;
  const structured = gated?.options.structure === 'structured';
  const z = gated ? gated.evalGates() : undefined;
  const zv = z && structured ? Array.from(z.dataSync()) : undefined;
  const isConv = layer.getClassName().endsWith('Conv2d') || layer.getClassName() === 'Conv2D';
  const outKeep = kept(need, isConv && zv ? (k) => zv[k] > 0 : undefined);
  const plain = layer.getWeights();
  const w0 = gated ? gated.kernel.read() : plain[0];
  const b0 = gated ? gated.bias?.read() : plain[1];
  const activation = (gated ? gated.options.activation : cfg['activation']) as string;
  let scaleOut = outKeep.map(() => 1);
  const weights = tf.tidy(() => {
    let w = w0;
    if (gated && !structured) w = tf.mul(w0, z!);
    if (gated && structured && !isConv) w = tf.mul(w0, tf.reshape(z!, [-1, 1]));
    let k = sliceKernel(w, inFlow, outKeep);
    let b = b0 ? tf.gather(b0, outKeep) : undefined;
    if (isConv && zv) {
      const g = outKeep.map((c) => zv[c]);
      if (HOMOGENEOUS.has(activation)) {
        k = tf.mul(k, tf.tensor1d(g));
        b = b && tf.mul(b, tf.tensor1d(g));
      } else scaleOut = g;
    }
    return b ? [k, b] : [k];
  });
  z?.dispose();
  const useBias = weights.length === 2;
  const newLayer = isConv
    ? tf.layers.conv2d({
        filters: outKeep.length,
        kernelSize: (weights[0].shape as number[]).slice(0, 2) as [number, number],
        activation: activation as 'relu',
        useBias,
        strides: (gated ? (gated as unknown as { strides: number[] }).strides : cfg['strides']) as number[],
        padding: (gated ? (gated as unknown as { padding: string }).padding : cfg['padding']) as 'same',
        dilationRate: (cfg['dilationRate'] as [number, number] | undefined) ?? 1,
        ...first,
      })
    : tf.layers.dense({ units: outKeep.length, activation: activation as 'relu', useBias, ...first });
  return { layer: newLayer, weights, out: { keep: outKeep, scale: scaleOut } };
}

function passThrough(layer: tf.layers.Layer, inFlow: Flow, first: { batchInputShape?: tf.Shape }): Built {
  const { name: _n, batchInputShape: _b, ...cfg } = layer.getConfig() as Record<string, unknown>;
  const cls = layer.getClassName();
  if (cls === 'Activation' && !HOMOGENEOUS.has(cfg['activation'] as string) && inFlow.scale.some((s) => s !== 1)) {
    throw new SparsekitError({
      argument: 'model',
      value: `Activation(${String(cfg['activation'])}) after a fractional channel gate`,
      expected: 'relu or linear there',
      code: 'unsupported',
    });
  }
  const Ctor = layer.constructor as new (c: object) => tf.layers.Layer;
  let out = inFlow;
  if (cls === 'Flatten') {
    const [h, w, c] = inputShapeOf(layer).slice(1);
    const keep: number[] = [];
    const scale: number[] = [];
    for (let p = 0; p < h * w; p++)
      inFlow.keep.forEach((ch, i) => {
        keep.push(p * c + ch);
        scale.push(inFlow.scale[i]);
      });
    out = { keep, scale };
  }
  return { layer: new Ctor({ ...cfg, ...first }), weights: [], out };
}

/**
 * A plain `tf.sequential` model (Dense, Conv2D and the pass-through layers, no gates) computing
 * what the gated model computes in evaluation mode: evaluation gates are folded into the weights,
 * units behind closed gates are removed from the layer that produces them, and channel gates of
 * a conv layer whose activation is not relu/linear are folded into the next weighted layer. The
 * model's input stays as it is (closed input features of the first layer become zero rows).
 * Supports chains of Dense, Conv2D, L0Dense, L0Conv2d, Dropout, MaxPooling2D, AveragePooling2D,
 * Activation and Flatten; anything else is a `SparsekitError` with code 'unsupported'.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { l0Dense, purge } from '@sparsekit/models-l0';
 * const gated = tf.sequential({ layers: [
 *   l0Dense({ units: 8, inputShape: [4], activation: 'relu' }), l0Dense({ units: 2 }),
 * ] });
 * const plain = purge(gated);
 * plain.layers.map((l) => l.getClassName()); // ['Dense', 'Dense']
 * ```
 */
export function purge(model: tf.LayersModel): tf.Sequential {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (layers.length === 0) throw new SparsekitError({ argument: 'model', value: 'a model without layers', expected: 'at least one layer' });
  layers.forEach(checkSupported);
  const needs = outputNeeds(layers);
  const inputShape = model.inputs[0].shape;
  const size = lastDim(inputShape as number[]);
  let flow: Flow = { keep: [...Array(size).keys()], scale: new Array(size).fill(1) };
  const built: Built[] = [];
  for (let i = 0; i < layers.length; i++) {
    const first = i === 0 ? { batchInputShape: inputShape } : {};
    const b = layers[i].getWeights().length > 0 ? weighted(layers[i], flow, needs[i], first) : passThrough(layers[i], flow, first);
    built.push(b);
    flow = b.out;
  }
  if (flow.scale.some((s) => s !== 1)) {
    tf.dispose(built.flatMap((b) => b.weights));
    throw new SparsekitError({
      argument: 'model',
      value: 'a last layer with fractional channel gates and a non-homogeneous activation',
      expected: 'relu or linear there',
      code: 'unsupported',
    });
  }
  const seq = tf.sequential();
  built.forEach((b) => {
    seq.add(b.layer);
    if (b.weights.length > 0) b.layer.setWeights(b.weights);
  });
  tf.dispose(built.flatMap((b) => b.weights));
  return seq;
}
