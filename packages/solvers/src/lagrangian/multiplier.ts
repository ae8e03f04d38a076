/**
 * Lagrange multipliers: dense (one entry per violation entry) or indexed (a bank of `size`
 * entries of which a step observes the ones named by `indices`, e.g. per-sample constraints).
 * Inequality multipliers are kept non-negative by projection after every dual step.
 */
import * as tf from '@tensorflow/tfjs';
import { requireInteger, SparsekitError } from '@sparsekit/tensor';
import type { ConstraintSpec } from './types.js';

/** A multiplier bound to one constraint. */
export class Multiplier {
  readonly kind: 'dense' | 'indexed';
  private value: tf.Variable | undefined;
  private readonly size: number | undefined;
  private readonly init: number;

  constructor(
    private readonly spec: ConstraintSpec,
    index: number,
  ) {
    const m = spec.multiplier ?? { kind: 'dense' };
    this.kind = m.kind;
    this.init = m.init ?? 0;
    if (spec.kind === 'ineq' && this.init < 0)
      throw new SparsekitError({
        argument: `constraints[${index}].multiplier.init`,
        value: this.init,
        expected: 'a number >= 0 for an inequality',
      });
    if (m.kind === 'indexed') {
      this.size = requireInteger(`constraints[${index}].multiplier.size`, m.size, 1);
      if (!spec.indices)
        throw new SparsekitError({
          argument: `constraints[${index}].indices`,
          value: undefined,
          expected: 'an indices() function for an indexed multiplier',
        });
      this.value = tf.variable(tf.fill([this.size], this.init), false);
    }
  }

  /** The multiplier entries matching a violation g (created lazily for dense multipliers). */
  current(g: tf.Tensor, ids?: tf.Tensor1D): tf.Tensor {
    if (this.kind === 'dense') {
      if (!this.value) this.value = tf.variable(tf.fill(g.shape, this.init), false);
      return this.value;
    }
    return tf.tidy(() => tf.reshape(tf.gather(this.value!, ids!), g.shape));
  }

  /** λ ← proj(λ + η·d) on the observed entries; optional dual restart where g ≤ 0. */
  ascend(direction: tf.Tensor, g: tf.Tensor, eta: number, restart: boolean, ids?: tf.Tensor1D): void {
    const v = this.value!;
    tf.tidy(() => {
      const step =
        this.kind === 'dense'
          ? tf.mul(direction, eta)
          : tf.scatterND(tf.expandDims(ids!, 1), tf.mul(tf.reshape(direction, [-1]), eta), [this.size!]);
      let next = tf.add(v, step);
      if (this.spec.kind === 'ineq') next = tf.relu(next);
      if (restart && this.spec.kind === 'ineq') {
        const feasible =
          this.kind === 'dense'
            ? tf.lessEqual(g, 0)
            : tf.greater(tf.scatterND(tf.expandDims(ids!, 1), tf.cast(tf.lessEqual(tf.reshape(g, [-1]), 0), 'float32'), [this.size!]), 0);
        next = tf.where(feasible, tf.zerosLike(next), next);
      }
      v.assign(next);
    });
  }

  /** A copy of all multiplier entries (zeros of shape [0] before the first dense use). */
  snapshot(): tf.Tensor {
    return this.value ? tf.clone(this.value) : tf.tensor1d([]);
  }

  /** Overwrites all entries (used to undo an extrapolation step). */
  restore(values: tf.Tensor): void {
    this.value?.assign(values);
  }

  dispose(): void {
    this.value?.dispose();
    this.value = undefined;
  }
}
