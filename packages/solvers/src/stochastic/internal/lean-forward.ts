/**
 * The forward pass and loss of a compiled layer stack, run by fitBatches itself.
 *
 * `model.apply` runs the layers through tfjs-layers' symbolic executor, and each stock dense layer
 * with a ReLU is then a matMul, an add and a relu under the gradient tape (tfjs fuses only the
 * linear activation when gradients are recorded), each node cloning what its gradient needs.
 * For a chain of layers (Sequential, or a functional model whose layers each feed the next), stock
 * dense layers with a fusable activation and nothing that adds losses or constraints run as one
 * `fusedDense` node on the layer's own variables; a softmax last layer under a categorical
 * cross-entropy becomes one `fusedSoftmaxCrossEntropy` node from the logits. Every other layer runs
 * through its own `apply`, and any other model through `model.apply`, as before.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDense, fusedSoftmaxCrossEntropy } from '@sparsekit/tensor';
import { hostCrossEntropyApplies, logitsCrossEntropyMean } from './logits-cross-entropy.js';

/** The pieces of a tfjs-layers Dense layer read here (its fields are not in the public typings). */
interface DenseFields {
  readonly kernel: tf.LayerVariable | null;
  readonly bias: tf.LayerVariable | null;
  readonly activation: { getClassName(): string } | null;
  readonly kernelRegularizer?: unknown;
  readonly biasRegularizer?: unknown;
  readonly activityRegularizer?: unknown;
  readonly kernelConstraint?: unknown;
  readonly biasConstraint?: unknown;
}

/** A stock dense layer run as one fused op on its own variables. */
export interface DenseStage {
  readonly kind: 'dense';
  readonly layer: tf.layers.Layer & DenseFields;
  readonly activation: 'relu' | 'linear';
}

/** One step of the chain: a fused dense layer, or a layer run through its own apply. */
type Stage = DenseStage | { readonly kind: 'layer'; readonly layer: tf.layers.Layer };

/** Cross-entropies that are one op from the logits when the last layer is a softmax dense layer. */
type FusedLoss = 'categorical' | 'sparse-categorical';

/** A training forward pass: the mean loss of a batch (before the layers' regularizer losses). */
export type BatchLoss = (x: tf.Tensor, y: tf.Tensor) => tf.Scalar;

const FUSABLE = new Set(['relu', 'linear']);

function denseStage(layer: tf.layers.Layer, lossFused: boolean): Stage {
  if (layer.getClassName() !== 'Dense') return { kind: 'layer', layer };
  const d = layer as tf.layers.Layer & DenseFields;
  const activation = d.activation?.getClassName() ?? 'linear';
  const plain =
    d.kernel !== null &&
    d.kernelRegularizer == null &&
    d.biasRegularizer == null &&
    d.activityRegularizer == null &&
    d.kernelConstraint == null &&
    d.biasConstraint == null &&
    d.kernel.dtype === 'float32' &&
    (layer.input as tf.SymbolicTensor).shape.length === 2;
  if (!plain) return { kind: 'layer', layer };
  if (FUSABLE.has(activation)) return { kind: 'dense', layer: d, activation: activation as 'relu' | 'linear' };
  // a softmax last layer hands its logits to the fused cross-entropy
  if (activation === 'softmax' && lossFused) return { kind: 'dense', layer: d, activation: 'linear' };
  return { kind: 'layer', layer };
}

/** The layers of `model` in order when each feeds the next (one input, one output, no reuse); else undefined. */
function chainOf(model: tf.LayersModel): tf.layers.Layer[] | undefined {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (layers.length === 0 || model.inputs.length !== 1) return undefined;
  let previous: tf.SymbolicTensor = model.inputs[0];
  for (const layer of layers) {
    const nodes = layer.inboundNodes;
    if (nodes.length !== 1 || nodes[0].inputTensors.length !== 1 || nodes[0].outputTensors.length !== 1) return undefined;
    if (nodes[0].inputTensors[0] !== previous) return undefined;
    previous = nodes[0].outputTensors[0];
  }
  return previous === model.outputs[0] ? layers : undefined;
}

function fusedLossOf(loss: unknown): FusedLoss | undefined {
  const name = Array.isArray(loss) && loss.length === 1 ? loss[0] : loss;
  if (name === 'categoricalCrossentropy') return 'categorical';
  if (name === 'sparseCategoricalCrossentropy') return 'sparse-categorical';
  return undefined;
}

/** The compiled loss is `tf.losses.softmaxCrossEntropy` itself (labels, logits; mean over the batch). */
function isLogitsCrossEntropy(loss: unknown): boolean {
  const fn = Array.isArray(loss) && loss.length === 1 ? loss[0] : loss;
  return fn === tf.losses.softmaxCrossEntropy;
}

/** The mean compiled loss of a batch's output: `tf.losses.softmaxCrossEntropy` as one host node on cpu and wasm. */
function meanLossOf(lossName: unknown, lossFn: (y: tf.Tensor, p: tf.Tensor) => tf.Tensor): (y: tf.Tensor, out: tf.Tensor) => tf.Scalar {
  if (!isLogitsCrossEntropy(lossName)) return (y, out) => tf.mean(lossFn(y, out));
  return (y, out) =>
    hostCrossEntropyApplies(out, y) ? logitsCrossEntropyMean(out as tf.Tensor2D, y as tf.Tensor2D) : tf.mean(lossFn(y, out));
}

/** A layer's output and the mask it hands on (Keras masks, e.g. from `Embedding({ maskZero })`). */
interface Flow {
  readonly h: tf.Tensor;
  readonly mask?: tf.Tensor;
}

/**
 * One stage, with masks passed as tfjs-layers' executor passes them: a layer gets the incoming mask
 * in `kwargs.mask`, and a layer that supports masking computes the next one (a dense layer passes
 * its input's mask on and ignores it, as stock Dense does).
 */
function runStage(stage: Stage, { h, mask }: Flow): Flow {
  if (stage.kind === 'dense') {
    const { layer, activation } = stage;
    const bias = layer.bias?.read() as tf.Tensor1D | undefined;
    return { h: fusedDense({ x: h as tf.Tensor2D, kernel: layer.kernel!.read() as tf.Tensor2D, bias, activation }), mask };
  }
  const { layer } = stage;
  const out = layer.apply(h, mask === undefined ? { training: true } : { training: true, mask }) as tf.Tensor;
  const next = layer.supportsMasking ? ((layer.computeMask(h, mask) as tf.Tensor | null) ?? undefined) : undefined;
  return { h: out, mask: next };
}

/** The labels of a sparse categorical loss as one-hot rows, as tfjs-layers reads them (floor, flatten). */
function oneHotLabels(y: tf.Tensor, classes: number): tf.Tensor2D {
  return tf.oneHot(tf.cast(tf.floor(tf.reshape(y, [-1])), 'int32'), classes).toFloat() as tf.Tensor2D;
}

/** How fitBatches runs a model's forward pass and loss. */
export interface LeanPlan {
  /** The mean loss of a batch (before the layers' regularizer losses), for a step under the tape. */
  readonly batchLoss: BatchLoss;
  /** Every layer a fused dense stage and a fused cross-entropy at the end: the step needs no tape. */
  readonly denseChain?: { readonly stages: readonly DenseStage[]; readonly labels: (y: tf.Tensor, classes: number) => tf.Tensor2D };
}

/**
 * The plan for `model` (the compiled functional model) with its compiled `loss`: the lean forward
 * pass when the model is a chain, else `model.apply` and the compiled loss function.
 */
export function leanPlanOf(model: tf.LayersModel, lossName: unknown, lossFn: (y: tf.Tensor, p: tf.Tensor) => tf.Tensor): LeanPlan {
  const layers = chainOf(model);
  const meanLoss = meanLossOf(lossName, lossFn);
  if (layers === undefined) return { batchLoss: (x, y) => meanLoss(y, model.apply(x, { training: true }) as tf.Tensor) };
  const fusedLoss = fusedLossOf(lossName);
  const stages = layers.map((l, i) => denseStage(l, fusedLoss !== undefined && i === layers.length - 1));
  const last = stages[stages.length - 1];
  const logitsOut = fusedLoss !== undefined && last.kind === 'dense' && (last.layer.activation?.getClassName() ?? '') === 'softmax';
  const labels = (y: tf.Tensor, classes: number) => (fusedLoss === 'sparse-categorical' ? oneHotLabels(y, classes) : (y as tf.Tensor2D));
  const batchLoss: BatchLoss = (x, y) => {
    let flow: Flow = { h: x };
    for (const stage of stages) flow = runStage(stage, flow);
    const { h } = flow;
    if (!logitsOut) return meanLoss(y, h);
    return tf.mean(fusedSoftmaxCrossEntropy({ logits: h as tf.Tensor2D, labels: labels(y, h.shape[1]!) }));
  };
  const allDense = stages.every((s): s is DenseStage => s.kind === 'dense');
  return logitsOut && allDense ? { batchLoss, denseChain: { stages, labels } } : { batchLoss };
}
