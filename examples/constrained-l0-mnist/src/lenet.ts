/**
 * `npm run lenet`: LeNet-5-Caffe (20-50-800-500) with `l0Conv2d` channel gates and `l0Dense`
 * input-feature gates, trained under expected density ≤ ε (model-wise) on MNIST, then purged;
 * prints the architecture kept and the test error, next to a dense LeNet-5-Caffe trained as many
 * epochs and magnitude-pruned to the density the purged model stores. Each epoch logs the
 * multiplier, the density, the test error and per-layer gate statistics. Conv training needs the
 * filter gradient: wasm with the native kernels of @sparsekit/native, or cpu (slow).
 * Environment: SPARSEKIT_BACKEND (default wasm), SOURCE (`official` default: a seeded subset of
 * the 60,000/10,000 split; `small`), TRAIN (default 8000), TEST (default 10000), EPOCHS (default
 * 5), EPSILON (default 0.1), BATCH (default 128), DROP_RATE (default 0.5), WARMUP (default 0:
 * epochs of weights only, counted in EPOCHS), GATE_LR, DUAL_LR, DUAL_SCALE (default 32; 1 gives the
 * anchor-derived schedule), BASELINE (`0` skips the dense baseline), SEED (default 1), OUT (JSON
 * file). Step sizes: see `lenet-schedule.ts`. MODE (`constrained` default; `l0` or `l0-sep`: penalized
 * with AMLab's LeNet settings, see `lenet-penalized.ts`; DATASET_SIZE is then the N of λ·E[L0]/N, default
 * 60,000, and LAMBDAS the four λ; EPSILON, WARMUP and DUAL_* do not apply).
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { backendInfo, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { l0Lenet5Caffe, expectedL0, fitConstrained, purge, type ConstrainedEpochLog } from '@sparsekit/models-l0';
import { loadSplits } from './data.js';
import { denseLenet, magnitudeError, testError, trainDense } from './dense-baseline.js';
import { formatGateStats, gateStats, type GateStats } from './gate-stats.js';
import { kept } from './lenet-net.js';
import {
  fitPenalized,
  LENET_DATASET_SIZE,
  LENET_LAMBDAS,
  LENET_WEIGHT_DECAY,
  type PenalizedMode,
  penalizedSchedule,
} from './lenet-penalized.js';
import { lenetSchedule } from './lenet-schedule.js';
import { FusedAdam } from '@sparsekit/solvers/stochastic';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName);
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
const [trainSize, testSize, epochs, epsilon, seed] = [
  env('TRAIN', 8000),
  env('TEST', 10000),
  env('EPOCHS', 5),
  env('EPSILON', 0.1),
  env('SEED', 1),
];
const mode = (process.env.MODE ?? 'constrained') as 'constrained' | PenalizedMode;
if (!['constrained', ...Object.keys(LENET_LAMBDAS)].includes(mode)) throw new Error(`MODE=${mode}: expected constrained, l0 or l0-sep`);
const penalized = mode === 'constrained' ? undefined : penalizedSchedule({ epochs, trainSize, gateLr: process.env.GATE_LR });
const batchSize = penalized?.batchSize ?? env('BATCH', 128);
const warmup = penalized ? 0 : env('WARMUP', 0);
const s = lenetSchedule({
  epochs: epochs - warmup,
  trainSize,
  batchSize,
  gateLr: process.env.GATE_LR,
  dualLr: process.env.DUAL_LR,
  dualScale: process.env.DUAL_SCALE,
});
const dropRate = env('DROP_RATE', 0.5);
const source = (process.env.SOURCE ?? 'official') as 'official' | 'small';
const { train, test } = loadSplits(trainSize, testSize, seed, source);
const img = (t: tf.Tensor2D) => tf.reshape(t, [-1, 28, 28, 1]);
const [trainImg, testImg] = [
  { x: img(train.x), y: train.y },
  { x: img(test.x), y: test.y },
];
const penalty = penalized && {
  lambdas: process.env.LAMBDAS ? process.env.LAMBDAS.split(',').map(Number) : LENET_LAMBDAS[mode as PenalizedMode],
  datasetSize: env('DATASET_SIZE', LENET_DATASET_SIZE),
  weightDecay: LENET_WEIGHT_DECAY,
};
const model = l0Lenet5Caffe({ dropRate, testGate: penalized ? 'paper' : 'median', seed, ...(penalty ? { penalty } : {}) });
const info = backendInfo();
console.log(
  `backend ${info.name} (native kernels: ${info.native?.join(', ') || info.nativeReason}); ${source} MNIST, ` +
    `${trainSize} training / ${testSize} test digits, ${epochs} epochs (${warmup} of warm-up) of batch ${batchSize}, ` +
    (penalty
      ? `${mode}: λ ${penalty.lambdas.join(', ')} (per weight, /N = ${penalty.datasetSize}), weight decay ${penalty.weightDecay}, ` +
        `Adam ${penalized!.weightLr}, gate step ${penalized!.gateLr}, paper gate`
      : `ε = ${epsilon}, dual step ${s.dualLr}, gate step ${s.gateLr}, median gate`) +
    `, drop rate ${dropRate}`,
);
interface Epoch {
  epoch: number;
  loss: number;
  density: number;
  multiplier: number;
  error: number;
  seconds: number;
  layers: GateStats[];
}
const trace: Epoch[] = [];
const start = performance.now();
const seconds = () => (performance.now() - start) / 1000;
const primal = new FusedAdam(s.weightLr);
const logEpoch = (offset: number) => (h: Pick<ConstrainedEpochLog, 'epoch' | 'loss' | 'density' | 'multiplier'>) => {
  const e = {
    epoch: offset + h.epoch + 1,
    loss: h.loss,
    density: h.density[0],
    multiplier: h.multiplier[0],
    error: testError(model, testImg),
  };
  trace.push({ ...e, seconds: seconds(), layers: gateStats(model) });
  console.log(
    `epoch ${e.epoch}: loss ${e.loss.toFixed(4)}  E[density] ${pct(e.density)}  λ ${e.multiplier.toFixed(3)}  ` +
      `error ${pct(e.error)}  ${seconds().toFixed(0)} s\n  ${formatGateStats(trace.at(-1)!.layers)}`,
  );
};
const common = { epsilon, batchSize, loss: 'categoricalCrossentropy' as const, primal, seed };
if (penalized) {
  const onEpochEnd = (epoch: number, loss: number) => logEpoch(0)({ epoch, loss, density: [expectedL0(model).fraction], multiplier: [0] });
  await fitPenalized(model, trainImg, { epochs, schedule: penalized, onEpochEnd });
} else {
  await fitConstrainedLenet();
}
async function fitConstrainedLenet(): Promise<void> {
  if (warmup > 0) {
    // Weights only: the gates stay at their initial drop rate (a step of 0) and the multiplier at 0
    // (the smallest positive dual step), so the gate gradients are informative when pruning starts.
    const frozen = tf.train.sgd(0);
    const w = fitConstrained(model, trainImg, {
      ...common,
      epochs: warmup,
      gateOptimizer: frozen,
      dualLr: Number.MIN_VALUE,
      onEpochEnd: logEpoch(0),
    });
    frozen.dispose();
    if (isLeft(w)) throw w.left;
  }
  const gates = new FusedAdam(s.gateLr);
  const out = fitConstrained(model, trainImg, {
    ...common,
    epochs: epochs - warmup,
    gateOptimizer: gates,
    dualLr: s.dualLr,
    onEpochEnd: logEpoch(warmup),
  });
  if (isLeft(out)) throw out.left;
}
const l0Seconds = seconds();
const plain = purge(model);
const k = kept(model, plain);
const error = { gated: testError(model, testImg), purged: testError(plain, testImg) };
const density = expectedL0(model).fraction;
console.log(
  `expected density ${pct(density)}, stored ${pct(k.storedDensity)}; architecture kept ${k.architecture.join('-')} ` +
    `(conv filters, conv filters, dense inputs in use of ${k.flattened} after purging, hidden units)`,
);
console.log(`held-out error: gated ${pct(error.gated)}, purged ${pct(error.purged)}; ${l0Seconds.toFixed(0)} s`);
let baseline: { denseError: number; magnitudeError: number } | undefined;
if (process.env.BASELINE !== '0') {
  const dense = await trainDense({ seed, epochs }, trainImg, denseLenet);
  baseline = { denseError: testError(dense, testImg), magnitudeError: magnitudeError(dense, testImg, k.storedDensity) };
  console.log(
    `dense LeNet-5-Caffe (${epochs} epochs, Adam 1e-3, batch 100): ${pct(baseline.denseError)}; ` +
      `magnitude-pruned to ${pct(k.storedDensity)}: ${pct(baseline.magnitudeError)}; ${seconds().toFixed(0)} s`,
  );
}
if (process.env.OUT) {
  const result = {
    backend: info,
    source,
    mode,
    ...(penalty ? { lambdas: penalty.lambdas, weightDecay: penalty.weightDecay, penalizedSchedule: penalized } : {}),
    trainSize,
    testSize,
    epochs,
    warmup,
    epsilon,
    dropRate,
    ...s,
    expectedDensity: density,
    ...k,
    error,
    baseline,
    l0Seconds,
    seconds: seconds(),
    trace,
  };
  writeFileSync(process.env.OUT, JSON.stringify(result, null, 1));
}
