/**
 * The attack iterations shared by PGD-Madry and Frank-Wolfe: maximize the per-example loss
 * L(x + δ) over δ in the ball ∩ box, all examples at once (the examples are independent, so the
 * gradient of the summed loss is every example's own gradient; the model runs with
 * `training: false`).
 */
import * as tf from '@tensorflow/tfjs';
import type { PerExampleLoss } from '../per-example-losses.js';
import type { PerturbationGeometry } from './perturbation-set.js';

export type Forward = (inputs: tf.Tensor) => tf.Tensor;

export interface AttackInputs {
  readonly forward: Forward;
  readonly x: tf.Tensor2D;
  readonly shape: number[];
  readonly labels: tf.Tensor;
  readonly loss: PerExampleLoss;
  readonly set: PerturbationGeometry;
}

export interface AttackRule {
  readonly kind: 'pgd-madry' | 'frank-wolfe';
  readonly maxIter: number;
  readonly useBest: boolean;
  /** PGD-Madry step, relative to the radius. */
  readonly stepSize: number;
  readonly start: tf.Tensor2D;
}

/** Per-example losses at δ and the gradient of their sum (the ascent direction ∇L). */
export function lossAndGrad(a: AttackInputs, delta: tf.Tensor2D): { losses: tf.Tensor1D; grad: tf.Tensor2D } {
  let losses: tf.Tensor1D | null = null;
  const { value, grad } = tf.valueAndGrad((d: tf.Tensor) => {
    const l = a.loss(a.forward(tf.reshape(tf.add(a.x, d), a.shape)), a.labels);
    losses = tf.keep(l);
    return tf.sum(l) as tf.Scalar;
  })(delta);
  value.dispose();
  return { losses: losses as unknown as tf.Tensor1D, grad: grad as tf.Tensor2D };
}

export function lossAt(a: AttackInputs, delta: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => a.loss(a.forward(tf.reshape(tf.add(a.x, delta), a.shape)), a.labels));
}

/** One iteration: the next δ (the FW step is 2/(t+2), so the first step lands on a vertex). */
function nextDelta(a: AttackInputs, rule: AttackRule, delta: tf.Tensor2D, grad: tf.Tensor2D, t: number): tf.Tensor2D {
  const descent = tf.neg(grad) as tf.Tensor2D; // we minimize −L
  if (rule.kind === 'pgd-madry') return a.set.project(tf.add(delta, tf.mul(a.set.ascent(descent), rule.stepSize)) as tf.Tensor2D);
  const gamma = 2 / (t + 2);
  return tf.add(tf.mul(delta, 1 - gamma), tf.mul(a.set.lmo(descent), gamma)) as tf.Tensor2D;
}

/** Runs the attack; returns δ, its losses, and for Frank-Wolfe the gap at δ (not with useBest). */
export function runAttack(a: AttackInputs, rule: AttackRule): { delta: tf.Tensor2D; losses: tf.Tensor1D; gap?: tf.Tensor1D } {
  let delta = rule.start;
  let best: { delta: tf.Tensor2D; losses: tf.Tensor1D } | null = null;
  for (let t = 0; t < rule.maxIter; t++) {
    const { losses, grad } = lossAndGrad(a, delta);
    const next = tf.tidy(() => nextDelta(a, rule, delta, grad, t));
    if (rule.useBest) best = keepBest(best, delta, losses);
    tf.dispose([losses, grad, delta]);
    delta = next;
  }
  if (rule.kind === 'frank-wolfe' && !rule.useBest) {
    const { losses, grad } = lossAndGrad(a, delta);
    const gap = tf.tidy(() => tf.sum(tf.mul(grad, tf.sub(a.set.lmo(tf.neg(grad) as tf.Tensor2D), delta)), 1) as tf.Tensor1D);
    grad.dispose();
    return { delta, losses, gap };
  }
  const losses = lossAt(a, delta);
  if (!rule.useBest) return { delta, losses };
  const final = keepBest(best, delta, losses);
  tf.dispose([delta, losses]);
  return final;
}

/** Keeps, per example, the δ with the larger loss (the current one wins ties: fewer copies). */
function keepBest(best: { delta: tf.Tensor2D; losses: tf.Tensor1D } | null, delta: tf.Tensor2D, losses: tf.Tensor1D) {
  if (best === null) return { delta: tf.clone(delta), losses: tf.clone(losses) };
  const next = tf.tidy(() => {
    const better = tf.greaterEqual(losses, best.losses);
    return {
      delta: tf.where(tf.reshape(better, [-1, 1]).tile([1, delta.shape[1]]), delta, best.delta) as tf.Tensor2D,
      losses: tf.where(better, losses, best.losses) as tf.Tensor1D,
    };
  });
  tf.dispose([best.delta, best.losses]);
  return next;
}
