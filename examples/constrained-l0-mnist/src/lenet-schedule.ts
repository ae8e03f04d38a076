/**
 * Step sizes of the constrained LeNet run. The anchor (constrained_sparsity's MNIST config) trains
 * 200 epochs of 60,000 digits with Adam 7e-4 for weights and gates and a dual step of 1e-4; a
 * shorter run keeps the weights' step and scales the gates' step and the dual step by the ratio of
 * minibatch counts (`compression`), so that the gates can travel as far and the multiplier
 * integrates the violation as much as in the anchor's run.
 */
import { compression } from './schedule.js';

export interface LenetSchedule {
  readonly weightLr: number;
  readonly gateLr: number;
  readonly dualLr: number;
  readonly compression: number;
}

export function lenetSchedule(o: {
  epochs: number;
  trainSize: number;
  batchSize: number;
  gateLr?: string;
  dualLr?: string;
  dualScale?: string;
}): LenetSchedule {
  const c = compression(o.epochs, o.trainSize, o.batchSize);
  return {
    weightLr: 7e-4,
    gateLr: o.gateLr === undefined ? 7e-4 * c : Number(o.gateLr),
    dualLr: o.dualLr === undefined ? 1e-4 * c * Number(o.dualScale ?? 1) : Number(o.dualLr),
    compression: c,
  };
}
