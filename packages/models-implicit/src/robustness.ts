/**
 * Robustness of a classifier whose logits come from an implicit layer: clean accuracy, accuracy
 * under an L∞ attack of `@sparsekit/solvers/adversary`, and the accuracy certified by the L∞
 * Lipschitz certificate (margin > 2·L·ε), which no attack can beat.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { linfBall } from '@sparsekit/constraints';
import { adversary, type AttackMethod } from '@sparsekit/solvers/adversary';
import type { SolveError } from '@sparsekit/solvers';
import { SparsekitError } from '@sparsekit/tensor';
import type { ImplicitLayer } from './implicit-layer.js';
import { lipschitzCertificate } from './lipschitz-certificate.js';
import { checkKeys } from './solver-options.js';

/**
 * Options of {@link robustAccuracy}.
 *
 * @example
 * ```ts
 * import type { RobustAccuracyOptions } from '@sparsekit/models-implicit';
 * const o: RobustAccuracyOptions = { epsilon: 0.05, method: 'pgd-madry', maxIter: 20 };
 * ```
 */
export interface RobustAccuracyOptions {
  /** L∞ radius of the perturbations. */
  readonly epsilon: number;
  /** Default 'pgd-madry'. */
  readonly method?: AttackMethod;
  /** Attack iterations. Default 20. */
  readonly maxIter?: number;
  /** Input bounds, or null. Default [0, 1] (images). */
  readonly box?: readonly [number, number] | null;
}

/**
 * Accuracies of one batch.
 *
 * @example
 * ```ts
 * import type { RobustAccuracy } from '@sparsekit/models-implicit';
 * const gap = (r: RobustAccuracy) => r.robust - r.certified; // what the certificate cannot vouch for
 * ```
 */
export interface RobustAccuracy {
  readonly clean: number;
  /** Under the attack (an upper bound on the true robust accuracy). */
  readonly robust: number;
  /** Guaranteed by the certificate (a lower bound on it). */
  readonly certified: number;
  /** The L∞ Lipschitz constant used (the tighter of the two certificates). */
  readonly lipschitz: number;
}

function accuracy(logits: tf.Tensor, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')).dataSync()[0]);
}

/** Fraction of examples whose correct logit leads every other by more than 2·L·ε. */
function certifiedFraction(logits: tf.Tensor2D, labels: tf.Tensor1D, bound: number): number {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const hot = tf.oneHot(tf.cast(labels, 'int32'), k);
    const correct = tf.sum(tf.mul(logits, hot), 1);
    const others = tf.max(tf.add(logits, tf.mul(hot, -1e30)), 1);
    return tf.mean(tf.cast(tf.greater(tf.sub(correct, others), bound), 'float32')).dataSync()[0];
  });
}

/**
 * Clean, attacked and certified accuracy of `model` (logits) on a batch; `layer` is the implicit
 * layer whose output the logits are (the certificate covers exactly that map). Labels are class
 * indices. Data problems (non-finite losses, label count) come back as a Left.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { implicitLayer, robustAccuracy } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 3, hiddenUnits: 8, inputShape: [4] });
 * const model = tf.sequential({ layers: [layer] });
 * const r = robustAccuracy(model, layer, tf.randomUniform([16, 4], 0, 1, 'float32', 1), tf.tensor1d(new Array(16).fill(0), 'int32'), { epsilon: 0.01 });
 * ```
 */
export function robustAccuracy(
  model: tf.LayersModel,
  layer: ImplicitLayer,
  inputs: tf.Tensor2D,
  labels: tf.Tensor1D,
  options: RobustAccuracyOptions,
): E.Either<SolveError, RobustAccuracy> {
  checkKeys('options', options, ['epsilon', 'method', 'maxIter', 'box']);
  if (!(options.epsilon > 0 && Number.isFinite(options.epsilon)))
    throw new SparsekitError({ argument: 'epsilon', value: options.epsilon, expected: 'a finite number > 0' });
  const cert = lipschitzCertificate(layer);
  const lipschitz = Math.min(cert.normInf, cert.nemon);
  const attack = adversary(options.method ?? 'pgd-madry').perturb({
    model,
    inputs,
    labels,
    constraint: linfBall(options.epsilon),
    maxIter: options.maxIter ?? 20,
    box: options.box === undefined ? [0, 1] : options.box,
  });
  return E.map((r: { loss: tf.Tensor1D; perturbation: tf.Tensor }) => {
    const clean = tf.tidy(() => model.predict(inputs) as tf.Tensor2D);
    const attacked = tf.tidy(() => model.predict(tf.add(inputs, r.perturbation)) as tf.Tensor);
    const out = {
      clean: accuracy(clean, labels),
      robust: accuracy(attacked, labels),
      certified: certifiedFraction(clean, labels, 2 * lipschitz * options.epsilon),
      lipschitz,
    };
    tf.dispose([clean, attacked, r.loss, r.perturbation]);
    return out;
  })(attack);
}
