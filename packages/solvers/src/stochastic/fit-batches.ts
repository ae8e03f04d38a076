/**
 * A lean training loop for compiled `tf.LayersModel`s: the same training step as `model.fit`
 * (the compiled loss, regularizer losses and optimizer) without fit's per-batch costs: its
 * symbolic executor, metrics, a gather of every batch's rows on the device, awaited callbacks and a
 * scalar read per batch. The data are read once per call and each batch is made from host rows;
 * the epoch loss is summed on the device and read once per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, requireInteger, requireKnownKeys, SparsekitError, tapeNode } from '@sparsekit/tensor';
import { denseChainLoss } from './internal/dense-chain-step.js';
import { leanPlanOf } from './internal/lean-forward.js';

/** Callbacks with the shape of tfjs's `CustomCallbackArgs` (the subset a training loop calls). */
export interface FitBatchesCallbacks {
  onTrainBegin?(logs?: tf.Logs): void | Promise<void>;
  onTrainEnd?(logs?: tf.Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: tf.Logs): void | Promise<void>;
  /** `logs.loss`: the epoch's mean training loss (batches weighted by their size), as in `fit`. */
  onEpochEnd?(epoch: number, logs?: tf.Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: tf.Logs): void | Promise<void>;
  /** `logs`: `{ batch, size, loss }`. Giving it costs one device read per batch (the loss). */
  onBatchEnd?(batch: number, logs?: tf.Logs): void | Promise<void>;
}

/** Options of {@link fitBatches}. */
export interface FitBatchesOptions {
  /** Default 32, as `fit`. */
  readonly batchSize?: number;
  /** Default 1. */
  readonly epochs?: number;
  /** Shuffle the examples before each epoch. Default true, as `fit`. */
  readonly shuffle?: boolean;
  /** Seed of the shuffles (epoch e uses seed + e). Default 0. */
  readonly seed?: number;
  readonly callbacks?: FitBatchesCallbacks | readonly FitBatchesCallbacks[];
}

/** What {@link fitBatches} returns: the fields of a `tf.History` it fills. */
export interface FitBatchesHistory {
  readonly epoch: number[];
  readonly history: { loss: number[] };
}

const KEYS = ['batchSize', 'epochs', 'shuffle', 'seed', 'callbacks'];

type TrainStep = (x: tf.Tensor, y: tf.Tensor) => tf.Scalar;

/**
 * Trains a compiled single-input, single-output model on (x, y), like
 * `model.fit(x, y, { batchSize, epochs, shuffle })`: same updates in the same order (without
 * shuffling, the weights after an epoch equal fit's), same epoch losses in the returned history,
 * callbacks of the same shape; `model.stopTraining = true` in a callback stops after the batch.
 * Metrics are not computed (evaluate them per epoch if needed). Not supported (use `fit`):
 * validation data, sample or class weights, several inputs or outputs.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fitBatches } from '@sparsekit/solvers/stochastic';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })] });
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
 * const x = tf.tensor2d([[1, 0], [0, 1], [1, 1], [0, 0]]);
 * const y = tf.tensor2d([[1], [2], [3], [0]]);
 * const h = await fitBatches(model, x, y, { batchSize: 2, epochs: 20, shuffle: false });
 * h.history.loss.length; // => 20
 * ```
 */
export async function fitBatches(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitBatchesOptions = {},
): Promise<FitBatchesHistory> {
  requireKnownKeys(options, KEYS, 'fitBatches options');
  const batchSize = requireInteger('batchSize', options.batchSize ?? 32, 1);
  const epochs = requireInteger('epochs', options.epochs ?? 1, 0);
  const seed = requireInteger('seed', options.seed ?? 0, 0);
  const train = trainStep(model, x, y);
  const host: HostData = { x: toHost(x), y: toHost(y), n: x.shape[0] };
  const callbacks = ([] as FitBatchesCallbacks[]).concat((options.callbacks ?? []) as FitBatchesCallbacks[]);
  const call = async (f: (c: FitBatchesCallbacks) => void | Promise<void> | undefined) => {
    for (const c of callbacks) await f(c);
  };
  const history: FitBatchesHistory = { epoch: [], history: { loss: [] } };
  model.stopTraining = false;
  await call((c) => c.onTrainBegin?.({}));
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    await call((c) => c.onEpochBegin?.(epoch, {}));
    const settings = { batchSize, shuffle: options.shuffle ?? true, seed: seed + epoch };
    const loss = await runEpoch(model, train, host, settings, callbacks);
    history.epoch.push(epoch);
    history.history.loss.push(loss);
    await call((c) => c.onEpochEnd?.(epoch, { loss }));
  }
  await call((c) => c.onTrainEnd?.({}));
  return history;
}

/**
 * The training step of a compiled model, checked against the data: fit's total loss (mean of the
 * compiled loss, plus the layers' regularizer losses) minimized by the compiled optimizer over
 * the trainable weights. tfjs-layers' own train function runs the layers through its symbolic
 * executor (about twice the CPU time of the whole step for a small MLP) and computes the metrics
 * at every batch; here a chain of layers runs layer by layer, stock dense layers fused, and a
 * chain of plain dense layers under a softmax cross-entropy as one tape node (see lean-forward).
 */
function trainStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): TrainStep {
  if (!(model instanceof tf.LayersModel)) throw new SparsekitError({ argument: 'model', value: model, expected: 'a tf.LayersModel' });
  // a Sequential delegates compile and fit to the functional model it wraps
  const inner = model instanceof tf.Sequential ? (model as unknown as { model: tf.LayersModel }).model : model;
  if (model.optimizer == null || inner.lossFunctions == null) {
    throw new SparsekitError({ argument: 'model', value: model.name, expected: 'a compiled model (call model.compile first)' });
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new SparsekitError({ argument: 'model', value: model.name, expected: 'one input and one output (use model.fit otherwise)' });
  }
  for (const [argument, t] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!(t instanceof tf.Tensor) || t.rank < 1) throw new SparsekitError({ argument, value: t, expected: 'a tensor of rank >= 1' });
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new SparsekitError({ argument: 'y', value: y, code: 'shape_mismatch', expected: `${x.shape[0]} rows, as x` });
  }
  const plan = leanPlanOf(inner, inner.loss, inner.lossFunctions[0]);
  const chain = plan.denseChain && denseChainLoss(plan.denseChain.stages, plan.denseChain.labels);
  return (xb, yb) => {
    const variables = inner.trainableWeights.map((w) => w.read()) as tf.Variable[];
    const kept: tf.Tensor[] = [];
    const batchLoss = () => (chain ? chain(xb, yb, kept) : plan.batchLoss(xb, yb));
    const total = () => sumLosses(batchLoss(), inner.calculateLosses());
    try {
      return model.optimizer.minimize(total, true, variables) as tf.Scalar;
    } finally {
      tf.dispose(kept);
    }
  };
}

/**
 * The batch loss plus the layers' losses: one node when they are all scalars (an add per loss
 * would be a node each, with two saved clones and two reshapes backward), else adds as fit does.
 */
function sumLosses(batchLoss: tf.Scalar, extra: tf.Scalar[]): tf.Scalar {
  if (extra.length === 0) return batchLoss;
  const all = [batchLoss, ...extra];
  if (all.every((t) => t.rank === 0 && t.dtype === 'float32')) {
    // tf.addN would save a clone of every input, which its gradient never reads
    const inputs: tf.NamedTensorMap = Object.fromEntries(all.map((t, i) => [`l${i}`, t]));
    const gradients = (dy: tf.Scalar) => Object.fromEntries(all.map((_, i) => [`l${i}`, () => tf.clone(dy)]));
    return tapeNode<tf.Scalar>({ inputs, forward: () => tf.addN(all), gradients });
  }
  return extra.reduce((sum: tf.Scalar, t) => tf.add(sum, t), batchLoss);
}

/** The data on the host, read once per call: batches are built from it without slicing on the device. */
interface HostData {
  readonly x: HostArray;
  readonly y: HostArray;
  readonly n: number;
}

interface HostArray {
  readonly values: tf.TypedArray;
  readonly rowShape: number[];
  readonly rowSize: number;
  readonly dtype: tf.DataType;
}

/**
 * On wasm, tfjs's own `tf.slice` or `tf.gather` of a 100-row batch out of a 2,000×784 tensor cost
 * about 4 ms each (an add over the whole tensor costs 0.6 ms), more than the batch's matmuls; a
 * tensor made from a host subarray costs about 0.03 ms, on every backend and without the native
 * addon's row gather. One read of the data per call buys that.
 */
function toHost(t: tf.Tensor): HostArray {
  const rowShape = t.shape.slice(1);
  return { values: t.dataSync() as tf.TypedArray, rowShape, rowSize: rowShape.reduce((a, b) => a * b, 1), dtype: t.dtype };
}

function batchOf(a: HostArray, order: Int32Array | undefined, start: number, size: number): tf.Tensor {
  const { values, rowSize } = a;
  let rows: tf.TypedArray;
  if (order === undefined) rows = values.subarray(start * rowSize, (start + size) * rowSize);
  else {
    rows = new (values.constructor as new (n: number) => tf.TypedArray)(size * rowSize);
    for (let i = 0; i < size; i++) rows.set(values.subarray(order[start + i] * rowSize, (order[start + i] + 1) * rowSize), i * rowSize);
  }
  return tf.tensor(rows, [size, ...a.rowShape], a.dtype);
}

interface EpochSettings {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
}

/** One pass over the data; returns the mean loss (one read, or one per batch with onBatchEnd). */
async function runEpoch(
  model: tf.LayersModel,
  train: TrainStep,
  d: HostData,
  e: EpochSettings,
  callbacks: FitBatchesCallbacks[],
): Promise<number> {
  const order = e.shuffle ? Int32Array.from(createRng(e.seed).permutationArray(d.n)) : undefined;
  const perBatch = callbacks.some((c) => c.onBatchBegin !== undefined || c.onBatchEnd !== undefined);
  // the batch losses stay on the device until the epoch ends: one weighted sum and one read then
  const losses: tf.Tensor[] = [];
  const sizes: number[] = [];
  try {
    for (let start = 0, batch = 0; start < d.n && !model.stopTraining; start += e.batchSize, batch++) {
      const size = Math.min(e.batchSize, d.n - start);
      if (perBatch) for (const c of callbacks) await c.onBatchBegin?.(batch, { batch, size });
      const loss = tf.tidy(() => train(batchOf(d.x, order, start, size), batchOf(d.y, order, start, size)));
      losses.push(loss);
      sizes.push(size);
      if (perBatch) {
        const logs = { batch, size, loss: (await loss.data())[0] };
        for (const c of callbacks) await c.onBatchEnd?.(batch, logs);
      }
    }
    if (losses.length === 0) return Number.NaN;
    const seen = sizes.reduce((a, b) => a + b, 0);
    const total = tf.tidy(() => tf.dot(tf.stack(losses.map((l) => tf.reshape(l, []))), tf.tensor1d(sizes)));
    const value = (await total.data())[0] / seen;
    total.dispose();
    return value;
  } finally {
    tf.dispose(losses);
  }
}
