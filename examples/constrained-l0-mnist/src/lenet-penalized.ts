/**
 * Penalized LeNet-5-Caffe, AMLab's recipe (`train_lenet5.py` with `L0LeNet5`): Adam 1e-3 on
 * everything, batch 100, temperature 2/3, drop rate 0.5 on every gate, the paper's evaluation
 * gate, N = 60,000 (AMLab's N: the penalty per example λ·E[L0]/N then has the anchor's strength
 * whatever subset is trained on; `DATASET_SIZE` overrides it), and its weight decay 5e-4 passed to the layers as the prior
 * precision (`L0LeNet5` does not multiply it by N as `L0MLP` does, so the decay per example is
 * ½·5e-4·w²/N). λ per weight and per gated layer (conv1, conv2, dense1, dense2):
 *
 * - `l0`: 1 on every layer, the default of AMLab's LeNet script (its repository has no per-layer values);
 * - `l0-sep`: 10, 0.5, 0.1, 10, Louizos et al.'s separate λ for LeNet-5-Caffe as we read them: strong
 *   where a gate switches few weights (25 per conv1 filter, 10 per input of the last layer), so a
 *   gate costs λ × its weights = 250, 250, 50 and 100 on the four layers. With 0.1 on the last layer
 *   (an independent reproduction's split, on a net with one more layer) a hidden unit costs 1 and
 *   most of them stay (measured in the package README). `LAMBDAS` overrides them (four
 *   comma-separated values).
 *
 * The anchor trains 200 epochs of 600 minibatches. A shorter run keeps the weights' step and
 * multiplies the gates' step by the ratio of minibatch counts, as the constrained runs do: Adam
 * moves a log α by about one step per minibatch, so the gates can then travel as far.
 */
import type * as tf from '@tensorflow/tfjs';
import { gateOptimizer } from '@sparsekit/models-l0';
import type { Data } from './dense-baseline.js';
import { compression } from './schedule.js';
import { FusedAdam } from '@sparsekit/solvers/stochastic';

export type PenalizedMode = 'l0' | 'l0-sep';

export const LENET_LAMBDAS: Readonly<Record<PenalizedMode, readonly number[]>> = {
  l0: [1, 1, 1, 1],
  'l0-sep': [10, 0.5, 0.1, 10],
};

/** AMLab's N (`L0LeNet5(N=60000)` in its LeNet script). */
export const LENET_DATASET_SIZE = 60000;

/** AMLab's `--weight-decay` default, used by `L0LeNet5` as the prior precision. */
export const LENET_WEIGHT_DECAY = 5e-4;

export interface PenalizedSchedule {
  readonly weightLr: number;
  readonly gateLr: number;
  readonly batchSize: number;
  readonly compression: number;
}

export function penalizedSchedule(o: { epochs: number; trainSize: number; gateLr?: string }): PenalizedSchedule {
  const batchSize = 100;
  const c = compression(o.epochs, o.trainSize, batchSize);
  return { weightLr: 1e-3, gateLr: o.gateLr === undefined ? 1e-3 * c : Number(o.gateLr), batchSize, compression: c };
}

/** `model.fit` with the layers' penalty as model losses; the gates get their own Adam step (and the log α clamp). */
export async function fitPenalized(
  model: tf.LayersModel,
  train: Data,
  o: { epochs: number; schedule: PenalizedSchedule; onEpochEnd: (epoch: number, loss: number) => void },
): Promise<void> {
  const weights = new FusedAdam(o.schedule.weightLr);
  const gates = new FusedAdam(o.schedule.gateLr);
  try {
    model.compile({ optimizer: gateOptimizer(model, { weights, gates }), loss: 'categoricalCrossentropy' });
    await model.fit(train.x, train.y, {
      epochs: o.epochs,
      batchSize: o.schedule.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochEnd: async (epoch, logs) => o.onEpochEnd(epoch, logs?.loss ?? Number.NaN) },
    });
  } finally {
    weights.dispose();
    gates.dispose();
  }
}
