/**
 * A lean training loop for compiled `tf.LayersModel`s: the same training step as `model.fit`
 * (the compiled loss, regularizer losses, metrics and optimizer, through tfjs-layers' own train
 * function) without fit's per-batch costs: a gather of every batch's rows, awaited callbacks and a
 * scalar read per batch. Batches are contiguous slices (of one permuted copy per epoch when
 * shuffling) and the epoch loss is summed on the device and read once per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, requireInteger, requireKnownKeys, SparsekitError } from '@sparsekit/tensor';

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

type TrainFunction = (data: tf.Tensor[]) => tf.Scalar[];

/**
 * Trains a compiled single-input, single-output model on (x, y), like
 * `model.fit(x, y, { batchSize, epochs, shuffle })`: same updates in the same order (without
 * shuffling, the weights after an epoch equal fit's), same epoch losses in the returned history,
 * callbacks of the same shape; `model.stopTraining = true` in a callback stops after the batch.
 * Not supported (use `fit`): validation data, sample or class weights, several inputs or outputs.
 * The tfjs-layers train function is an internal of `@tensorflow/tfjs` 4.22.
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
  const train = trainFunction(model, x, y);
  const callbacks = ([] as FitBatchesCallbacks[]).concat((options.callbacks ?? []) as FitBatchesCallbacks[]);
  const call = async (f: (c: FitBatchesCallbacks) => void | Promise<void> | undefined) => {
    for (const c of callbacks) await f(c);
  };
  const history: FitBatchesHistory = { epoch: [], history: { loss: [] } };
  model.stopTraining = false;
  await call((c) => c.onTrainBegin?.({}));
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    await call((c) => c.onEpochBegin?.(epoch, {}));
    const loss = await runEpoch(model, train, { x, y, batchSize, shuffle: options.shuffle ?? true, seed: seed + epoch }, callbacks);
    history.epoch.push(epoch);
    history.history.loss.push(loss);
    await call((c) => c.onEpochEnd?.(epoch, { loss }));
  }
  await call((c) => c.onTrainEnd?.({}));
  return history;
}

/** tfjs-layers' train function of a compiled model, after checking the data against it. */
function trainFunction(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): TrainFunction {
  if (!(model instanceof tf.LayersModel)) throw new SparsekitError({ argument: 'model', value: model, expected: 'a tf.LayersModel' });
  if (model.optimizer == null) {
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
  // a Sequential delegates compile and fit to the functional model it wraps
  const inner = model instanceof tf.Sequential ? (model as unknown as { model: tf.LayersModel }).model : model;
  return (inner as unknown as { makeTrainFunction(): TrainFunction }).makeTrainFunction();
}

interface EpochData {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
}

/** One pass over the data; returns the mean loss (one read, or one per batch with onBatchEnd). */
async function runEpoch(model: tf.LayersModel, train: TrainFunction, d: EpochData, callbacks: FitBatchesCallbacks[]): Promise<number> {
  const n = d.x.shape[0];
  const [x, y] = d.shuffle ? permuted(d, n) : [d.x, d.y];
  const perBatch = callbacks.some((c) => c.onBatchBegin !== undefined || c.onBatchEnd !== undefined);
  let total: tf.Tensor = tf.scalar(0);
  let seen = 0;
  try {
    for (let start = 0, batch = 0; start < n && !model.stopTraining; start += d.batchSize, batch++) {
      const size = Math.min(d.batchSize, n - start);
      if (perBatch) for (const c of callbacks) await c.onBatchBegin?.(batch, { batch, size });
      // the train function keeps its metric tensors out of tidy, as fit's batch logs do
      const [loss, ...metrics] = tf.tidy(() => train([sliceRows(x, start, size), sliceRows(y, start, size)]));
      tf.dispose(metrics);
      const next = tf.tidy(() => tf.add(total, tf.mul(loss, size)));
      total.dispose();
      total = next;
      seen += size;
      if (perBatch) {
        const logs = { batch, size, loss: (await loss.data())[0] };
        for (const c of callbacks) await c.onBatchEnd?.(batch, logs);
      }
      loss.dispose();
    }
    return seen === 0 ? Number.NaN : (await total.data())[0] / seen;
  } finally {
    total.dispose();
    if (d.shuffle) tf.dispose([x, y]);
  }
}

function permuted(d: EpochData, n: number): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const order = tf.tensor1d(createRng(d.seed).permutationArray(n), 'int32');
    return [tf.gather(d.x, order), tf.gather(d.y, order)];
  });
}

function sliceRows(t: tf.Tensor, start: number, size: number): tf.Tensor {
  return tf.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)]);
}
