/**
 * Normal training and PGD-Madry adversarial training (Madry et al. 2018) with the same seeded
 * minibatch loop: in adversarial training every minibatch is replaced by its worst case in the
 * L∞ ball of radius ε ∩ [0, 1]⁷⁸⁴, found by a few PGD-Madry steps (random start) against the
 * current model, before the model takes its Adam step.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { adversary } from '@sparsekit/solvers/adversary';
import type { Constraint, HasNormBall } from '@sparsekit/constraints';
import { createRng } from '@sparsekit/tensor';
import { CLASSES, type Split } from './data.js';

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
}

export interface AdversarialTrainOptions extends TrainOptions {
  /** The perturbation ball, e.g. linfBall(0.1). */
  readonly ball: Constraint & HasNormBall;
  /** PGD-Madry steps per minibatch. */
  readonly attackIter: number;
}

/** Minibatch inputs to train on: the clean batch, or a perturbed copy (a fresh tensor). */
type BatchInputs = (x: tf.Tensor2D, y: tf.Tensor1D) => tf.Tensor2D;

async function trainLoop(model: tf.LayersModel, data: Split, options: TrainOptions, inputsFor: BatchInputs): Promise<void> {
  const n = data.x.shape[0];
  const rng = createRng(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = rng.permutationArray(n);
    for (let start = 0; start < n; start += options.batchSize) {
      const idx = tf.tensor1d(order.slice(start, Math.min(start + options.batchSize, n)), 'int32');
      const x = tf.gather(data.x, idx) as tf.Tensor2D;
      const y = tf.gather(data.y, idx) as tf.Tensor1D;
      const inputs = inputsFor(x, y);
      const yOneHot = tf.oneHot(y, CLASSES);
      await model.trainOnBatch(inputs, yOneHot);
      tf.dispose([idx, x, y, inputs, yOneHot]);
    }
  }
}

export function trainNormally(model: tf.LayersModel, data: Split, options: TrainOptions): Promise<void> {
  return trainLoop(model, data, options, (x) => tf.clone(x));
}

export function trainAdversarially(model: tf.LayersModel, data: Split, options: AdversarialTrainOptions): Promise<void> {
  let batch = 0;
  return trainLoop(model, data, options, (x, y) => {
    const attack = adversary('pgd-madry', { randomStart: true, seed: options.seed * 100003 + batch++, stepSize: 2.5 / options.attackIter });
    const r = attack.perturb({ model, inputs: x, labels: y, constraint: options.ball, maxIter: options.attackIter });
    if (E.isLeft(r)) throw r.left;
    const adv = tf.add(x, r.right.perturbation) as tf.Tensor2D;
    tf.dispose([r.right.loss, r.right.perturbation]);
    return adv;
  });
}
