/** Clean accuracy and robust accuracy (accuracy on the attacked test digits). */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { adversary, type AttackMethod } from '@sparsekit/solvers/adversary';
import type { Constraint, HasNormBall } from '@sparsekit/constraints';
import type { Split } from './data.js';

function accuracyOn(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor1D): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(x) as tf.Tensor, 1), y), 'float32')).dataSync()[0]);
}

export function cleanAccuracy(model: tf.LayersModel, data: Split): number {
  return accuracyOn(model, data.x, data.y);
}

export interface AttackSpec {
  readonly method: AttackMethod;
  readonly ball: Constraint & HasNormBall;
  readonly maxIter: number;
  readonly batchSize?: number;
}

/** Accuracy on x + δ, δ maximizing the cross-entropy per digit (best iterate kept). */
export function robustAccuracy(model: tf.LayersModel, data: Split, spec: AttackSpec): number {
  const n = data.x.shape[0];
  const batch = spec.batchSize ?? 500;
  const attack = adversary(spec.method);
  let correct = 0;
  for (let start = 0; start < n; start += batch) {
    const size = Math.min(batch, n - start);
    const x = data.x.slice([start, 0], [size, -1]);
    const y = data.y.slice([start], [size]);
    const r = attack.perturb({ model, inputs: x, labels: y, constraint: spec.ball, maxIter: spec.maxIter, useBest: true });
    if (E.isLeft(r)) throw r.left;
    const xAdv = tf.add(x, r.right.perturbation);
    correct += accuracyOn(model, xAdv, y) * size;
    tf.dispose([x, y, xAdv, r.right.loss, r.right.perturbation]);
  }
  return correct / n;
}
