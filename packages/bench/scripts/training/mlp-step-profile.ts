/**
 * Where one training step of the MLP 784-300-100-10 (the `training` suite's model, SGD lr 0.1,
 * batch 100) spends its time: kernels per batch (`tf.profile` of one step, by kernel name, with
 * their kernel time) and the process CPU time per batch of whole epochs through `fitBatches` and
 * `model.fit`, and of torch's epoch on the same digits (`python/torch_mlp_epoch.py`, one thread,
 * `time.process_time`). CPU time sees through the load of a shared machine better than wall time.
 * Run: node --conditions=@sparsekit/source --import tsx packages/bench/scripts/training/mlp-step-profile.ts [backend] [n] [epochs]
 * Environment: LOSS = 'softmax' (softmax last layer, 'categoricalCrossentropy', the default) or
 * 'logits' (linear last layer, `tf.losses.softmaxCrossEntropy` as a custom loss); ONLY = 'fitBatches'
 * times fitBatches alone (no kernel listing, no model.fit, no torch), for back-to-back comparisons.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fitBatches } from '@sparsekit/solvers/stochastic';
import { backendInfo, useBackendOrThrow } from '@sparsekit/tensor';
import { readDigits } from '../../src/suites/solvers/logistic.js';

const backend = process.argv[2] ?? 'wasm';
const n = Number(process.argv[3] ?? 2000);
const epochs = Number(process.argv[4] ?? 3);
const lossKind = process.env.LOSS ?? 'softmax';
const only = process.env.ONLY === 'fitBatches';
const loops = only ? (['fitBatches'] as const) : (['fitBatches', 'model.fit'] as const);
await useBackendOrThrow(backend as 'wasm', { blasThreads: 1 });
const info = backendInfo();
console.log(`backend ${info.name}, simd ${info.simd}, threads ${info.threads}, native [${(info.native ?? []).join(', ')}]`);

const { pixels, digits } = readDigits(n / 10);
const x = tf.tensor2d(pixels, [digits.length, 784]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits, 'int32'), 10).toFloat()) as tf.Tensor2D;

function mlp(): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: s });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 300, inputShape: [784], activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 10, activation: lossKind === 'softmax' ? 'softmax' : 'linear', kernelInitializer: init(3) }),
    ],
  });
  const loss = lossKind === 'softmax' ? 'categoricalCrossentropy' : (t: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, p);
  model.compile({ optimizer: tf.train.sgd(0.1), loss });
  return model;
}

/** 'median ms [min–max]' of sorted samples. */
const summary = (sorted: number[]) =>
  `median ${sorted[sorted.length >> 1].toFixed(2)} ms [${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}]`;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// kernels of one step, by name with their kernel time (a warm-up step first so every kernel is registered)
for (const loop of only ? [] : loops) {
  const model = mlp();
  const xb = x.slice(0, 100);
  const yb = y.slice(0, 100);
  const step = async () => {
    if (loop === 'fitBatches') await fitBatches(model, xb, yb, { batchSize: 100, shuffle: false });
    else await model.fit(xb, yb, { batchSize: 100, epochs: 1, shuffle: false, verbose: 0 });
  };
  await step();
  const profile = await tf.profile(step);
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of profile.kernels) {
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += Number(k.kernelTimeMs) || 0;
    byName.set(k.name, e);
  }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`${loop}, one batch: ${profile.kernels.length} kernels, ${total.toFixed(2)} ms kernel time`);
  console.log(rows.map(([k, e]) => `  ${k} ×${e.count} ${e.ms.toFixed(3)} ms`).join('\n'));
  tf.dispose([xb, yb]);
  model.dispose();
}

for (const loop of loops) {
  const model = mlp();
  const run = () =>
    loop === 'fitBatches'
      ? fitBatches(model, x, y, { batchSize: 100, shuffle: false })
      : model.fit(x, y, { batchSize: 100, epochs: 1, shuffle: false, verbose: 0 });
  await run();
  const per: number[] = [];
  let loss = 0;
  for (let e = 0; e < epochs; e++) {
    const c0 = cpuMs();
    const h = await run();
    per.push((cpuMs() - c0) / Math.ceil(digits.length / 100));
    loss = Number(h.history.loss[0]);
  }
  per.sort((a, b) => a - b);
  console.log(`${loop}: CPU per batch ${summary(per)}, last loss ${loss.toFixed(4)}`);
  model.dispose();
}

// torch on the same digits, one thread, CPU time of the process per epoch
if (!only) {
  const dir = mkdtempSync(join(tmpdir(), 'sparsekit-mlp-profile-'));
  const file = join(dir, 'x.f32');
  writeFileSync(file, new Uint8Array(Float32Array.from(pixels).buffer));
  const request = {
    train_file: file,
    labels: digits,
    batch: 100,
    optimizer: 'sgd',
    lr: 0.1,
    samples: epochs,
    warmup: 1,
    threads: 1,
    clock: 'process',
  };
  const script = new URL('../../python/torch_mlp_epoch.py', import.meta.url).pathname;
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = spawnSync(process.env.SPARSEKIT_PYTHON ?? '/usr/bin/python3', [script], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env,
  });
  rmSync(dir, { recursive: true, force: true });
  if (out.status !== 0) console.log(`torch: not run (${out.stderr.trim().split('\n').pop()})`);
  else {
    const r = JSON.parse(out.stdout) as { samples_ms: number[]; check: number; library: string };
    const per = r.samples_ms.map((ms) => ms / Math.ceil(digits.length / 100)).sort((a, b) => a - b);
    console.log(`${r.library}: CPU per batch ${summary(per)}, last loss ${r.check.toFixed(4)}`);
  }
}
