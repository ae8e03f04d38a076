/**
 * Backward-pass comparison of the models-implicit suite: one gradient of the loss on a batch by
 * the implicit function theorem, unrolled autodiff and the 1-step phantom gradient, timed, with
 * the tensor memory of one gradient (peak above the start, from `tf.profile`) and its kernel
 * count as metrics; and the same peak against a fixed number of forward iterations.
 */
import * as tf from '@tensorflow/tfjs';
import { implicitLayer, type BackwardOptions, type FixedPointOptions } from '@sparsekit/models-implicit';
import { timingSolver } from '../../adapters.js';
import { trainHead, type Digits } from './mnist-digits.js';

export const BATCH = 500;
const TOL = 1e-4;

function gradientCall(d: Digits, seed: number, backward: BackwardOptions, forward: FixedPointOptions) {
  const layer = implicitLayer({ units: 10, hiddenUnits: 100, kappa: 0.95, activation: 'relu', seed, inputShape: [784], forward, backward });
  const net = tf.sequential({ layers: [layer] });
  const { x: u, y: labels } = trainHead(d, BATCH);
  const y = tf.oneHot(labels, 10);
  labels.dispose();
  const once = () => {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.apply(u) as tf.Tensor) as tf.Scalar);
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
  const dispose = () => {
    tf.dispose([u, y]);
    net.dispose();
  };
  return { layer, once, dispose };
}

/** Peak tensor bytes above the start and kernels launched during one call. */
async function profiled(once: () => number): Promise<{ peakMB: number; kernels: number }> {
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    once();
  });
  return { peakMB: (info.peakBytes - before) / 2 ** 20, kernels: info.kernels.length };
}

export const backwardSolver = (name: string, backward: BackwardOptions, baseline: boolean) =>
  timingSolver<Digits>({
    name,
    problems: ['backward'],
    samples: 3,
    baseline,
    prepare: async (d, ctx) => {
      const { layer, once, dispose } = gradientCall(d, ctx.seed, backward, { tol: TOL });
      const memory = await profiled(once);
      const metrics = {
        ...memory,
        forwardEvaluations: layer.lastForward?.nit ?? Number.NaN,
        adjointEvaluations: layer.lastBackward?.nit ?? 0,
      };
      return { call: () => ({ objective: once(), metrics }), dispose };
    },
  });

/** Forward evaluation counts of the memory sweep (tolerance 0: exactly this many). */
export const FORWARD_ITERATIONS = [10, 30, 90] as const;

export const memorySolver = (name: string, backward: BackwardOptions) =>
  timingSolver<Digits>({
    name,
    problems: ['backward-memory'],
    params: { forwardIterations: [...FORWARD_ITERATIONS] },
    samples: 1,
    warmup: 0,
    prepare: (d, ctx) => {
      const k = Number(ctx.params.forwardIterations);
      const fixed = { tol: 0, maxIter: k };
      const solver = backward.method === 'implicit' ? { ...backward, solver: fixed } : backward;
      const { once, dispose } = gradientCall(d, ctx.seed, solver, fixed);
      return { call: async () => ({ metrics: { forwardIterations: k, ...(await profiled(once)) } }), dispose };
    },
  });
