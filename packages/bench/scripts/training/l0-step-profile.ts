/**
 * Where one training step of the L0-gated MLP 784-300-100-10 (the `models-l0` suite's
 * `l0-mlp-epoch` model: structured gates, λ = 0.1, `FusedAdam` 1e-3, batch 100, a linear last
 * layer under `tf.losses.softmaxCrossEntropy`) spends its kernels: `tf.profile` of one
 * `fitBatches` step and one `model.fit` step, by kernel name, then the process CPU time per step
 * of whole epochs through each loop, and of torch's epoch of the same gated MLP (`python/torch_l0_mlp.py`
 * at one thread, its timer switched to `time.process_time`). CPU time sees through the load of a
 * shared machine better than wall time.
 * Environment: ONLY = 'fitBatches' times fitBatches alone (no kernel listing, no model.fit, no torch),
 * for back-to-back comparisons.
 * Run: node --conditions=@sparsekit/source --import tsx packages/bench/scripts/training/l0-step-profile.ts [backend] [n] [epochs]
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { l0Dense } from '@sparsekit/models-l0';
import { FusedAdam, fitBatches } from '@sparsekit/solvers/stochastic';
import { backendInfo, useBackendOrThrow } from '@sparsekit/tensor';
import { readDigits } from '../../src/suites/solvers/logistic.js';

const backend = process.argv[2] ?? 'wasm';
const n = Number(process.argv[3] ?? 1000);
const epochs = Number(process.argv[4] ?? 8);
const only = process.env.ONLY === 'fitBatches';
const loops = only ? (['fitBatches'] as const) : (['fitBatches', 'model.fit'] as const);
await useBackendOrThrow(backend as 'wasm', { blasThreads: 1 });
const info = backendInfo();
console.log(`backend ${info.name}, simd ${info.simd}, threads ${info.threads}, native [${(info.native ?? []).join(', ')}]`);

const { pixels, digits } = readDigits(n / 10);
const x = tf.tensor2d(pixels, [digits.length, 784]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits, 'int32'), 10).toFloat()) as tf.Tensor2D;

function gatedMlp(closure = process.env.LOSS === 'closure'): tf.Sequential {
  const penalty = { lambda: 0.1, datasetSize: n };
  const model = tf.sequential({
    layers: [
      l0Dense({ units: 300, inputShape: [784], activation: 'relu', dropRate: 0.2, seed: 1, ...penalty }),
      l0Dense({ units: 100, activation: 'relu', seed: 2, ...penalty }),
      l0Dense({ units: 10, seed: 3, ...penalty }),
    ],
  });
  model.compile({
    optimizer: new FusedAdam(1e-3),
    loss: closure ? (t: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, p) : tf.losses.softmaxCrossEntropy,
  });
  return model;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (const loop of only ? [] : loops) {
  const model = gatedMlp();
  const xb = x.slice(0, 100);
  const yb = y.slice(0, 100);
  const step = async () => {
    if (loop === 'fitBatches') await fitBatches(model, xb, yb, { batchSize: 100, shuffle: false });
    else await model.fit(xb, yb, { batchSize: 100, epochs: 1, shuffle: false, verbose: 0 });
  };
  await step();
  await step();
  const profile = await tf.profile(step);
  const names = profile.kernels.map((k) => k.name);
  console.log(`${loop}, one step: ${names.length} kernels, in order:\n  ${names.join(' ')}`);
  tf.dispose([xb, yb]);
  model.dispose();
}

for (const loop of loops) {
  const model = gatedMlp();
  const run = () =>
    loop === 'fitBatches'
      ? fitBatches(model, x, y, { batchSize: 100, shuffle: false })
      : model.fit(x, y, { batchSize: 100, epochs: 1, shuffle: false, verbose: 0 });
  await run();
  const per: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const c0 = cpuMs();
    await run();
    per.push((cpuMs() - c0) / Math.ceil(digits.length / 100));
  }
  per.sort((a, b) => a - b);
  console.log(
    `${loop}: CPU ms per step, median ${per[per.length >> 1].toFixed(2)} [${per[0].toFixed(2)}–${per[per.length - 1].toFixed(2)}]`,
  );
  model.dispose();
}

// torch's gated epoch on random pixels of the same shape (a dense epoch's time does not depend on the pixels)
function torchCpu(): void {
  const python = new URL('../../python/', import.meta.url).pathname;
  const code = [
    'import sys, time',
    `sys.path.insert(0, ${JSON.stringify(dirname(`${python}x`))})`,
    'time.perf_counter = time.process_time',
    'import torch_l0_mlp',
    'torch_l0_mlp.main()',
  ].join('\n');
  const request = { sizes: [784, 300, 100, 10], n, batch: 100, threads: 1, gated: true, samples: epochs, warmup: 1 };
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = spawnSync(process.env.SPARSEKIT_PYTHON ?? '/usr/bin/python3', ['-c', code], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env,
  });
  if (out.status !== 0) {
    console.log(`torch: not run (${out.stderr.trim().split('\n').pop()})`);
    return;
  }
  const r = JSON.parse(out.stdout) as { samples_ms: number[]; library: string };
  const per = r.samples_ms.map((ms) => ms / Math.ceil(n / 100)).sort((a, b) => a - b);
  console.log(
    `${r.library}, L0-gated: CPU ms per step, median ${per[per.length >> 1].toFixed(2)} [${per[0].toFixed(2)}–${per[per.length - 1].toFixed(2)}]`,
  );
}

if (!only) torchCpu();

/**
 * With PAIRED=1: fitBatches epochs of two models in one process, alternating epoch by epoch: the
 * loss behind a closure (the stock op under the tape) and the loss function itself (one host node).
 */
if (process.env.PAIRED === '1') {
  const models = [gatedMlp(true), gatedMlp(false)];
  const per: number[][] = [[], []];
  for (const m of models) await fitBatches(m, x, y, { batchSize: 100, shuffle: false });
  for (let e = 0; e < epochs; e++) {
    for (const [i, m] of models.entries()) {
      const c0 = cpuMs();
      await fitBatches(m, x, y, { batchSize: 100, shuffle: false });
      per[i].push((cpuMs() - c0) / Math.ceil(digits.length / 100));
    }
  }
  for (const [i, label] of ['closure (stock loss)', 'tf.losses.softmaxCrossEntropy (host node)'].entries()) {
    const p = per[i].sort((a, b) => a - b);
    console.log(
      `paired, ${label}: CPU ms per step, median ${p[p.length >> 1].toFixed(2)} [${p[0].toFixed(2)}–${p[p.length - 1].toFixed(2)}]`,
    );
  }
  for (const m of models) m.dispose();
}
