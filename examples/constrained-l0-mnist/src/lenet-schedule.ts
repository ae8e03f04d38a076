/**
 * Step sizes of the constrained LeNet run. The anchor (constrained_sparsity's MNIST config) trains
 * 200 epochs of 60,000 digits with Adam 7e-4 for weights and gates and a dual step of 1e-4. A
 * shorter run keeps the weights' step and scales the gates' step and the dual step by the ratio of
 * minibatch counts (`compression`), so that the gates can travel as far and the multiplier
 * integrates the violation as much as in the anchor's run (`dualScale: 1`, the anchor-derived schedule).
 *
 * The LeNet default multiplies the dual step by a further 32 (`DUAL_SCALE`). Why: a gate's mobility
 * is confined to the first epochs. Closed gates sink to the log α clamp, where they still count
 * P(z ≠ 0) = 0.047 in the expected L0, and open gates rise to the upper clamp, where the sample is 1
 * and both the loss and the constraint gradient vanish; which gates stay open is decided while log α
 * is still near its start. With the anchor-derived step the multiplier is below 1 when that happens
 * (0.90 after the first of 6 short epochs) and the density then falls only as fast as the
 * multiplier integrates a small violation (about 1 pp per epoch). ×32 makes the multiplier large while the gates are
 * still mobile; in short runs it overshoots below ε, the dual restarts and the density settles on ε
 * from below as useful gates reopen. The price is a less selective first prune.
 */
import { compression } from './schedule.js';

export interface LenetSchedule {
  readonly weightLr: number;
  readonly gateLr: number;
  readonly dualLr: number;
  readonly compression: number;
}

/** Default factor on top of the anchor-derived dual step (see above). */
export const LENET_DUAL_SCALE = 32;

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
    dualLr: o.dualLr === undefined ? 1e-4 * c * Number(o.dualScale ?? LENET_DUAL_SCALE) : Number(o.dualLr),
    compression: c,
  };
}
