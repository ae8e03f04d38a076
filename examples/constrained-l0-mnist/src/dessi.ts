/**
 * `npm run dessi`: DessiLbi on LeNet-5-Caffe (conv 20 → pool → conv 50 → pool → dense 500 → 10) on
 * MNIST with group sparsity on the conv filters (lr 0.1, κ = 1, μ = 20, momentum 0.9, batch 128,
 * the DessiLbi MNIST recipe), next to the same net trained with SGD (momentum 0.9, lr 0.1). After
 * each epoch: test accuracy of W, the filters in supp(Γ), and the accuracy of W restricted to that
 * support (pruned by Γ); at the end PRUNE % of each conv layer's filters are removed by DessiLbi's
 * prune order and the net is fine-tuned with the pruned filters held at 0. Environment:
 * SPARSEKIT_BACKEND (default wasm), TRAIN (default 6000), TEST (default 10000), EPOCHS (default 6),
 * FINETUNE (epochs, default 2), PRUNE (percent, default 80), RESET_BIAS (0 keeps the conv biases of the
 * pruned net; default: reset to 0 before fine-tuning), OUT (JSON file).
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { filterSupport } from '@sparsekit/models-l0';
import { DessiLbi } from '@sparsekit/solvers/paths';
import { backendInfo, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { loadSplits } from './data.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName);
const trainSize = Number(process.env.TRAIN ?? 6000);
const testSize = Number(process.env.TEST ?? 10000);
const epochs = Number(process.env.EPOCHS ?? 6);
const fineTune = Number(process.env.FINETUNE ?? 2);
const { train, test } = loadSplits(trainSize, testSize, 1, 'official');
const img = (s: tf.Tensor2D) => tf.reshape(s, [-1, 28, 28, 1]);
const [trainX, testX] = [img(train.x), img(test.x)];
const info = backendInfo();
console.log(
  `backend ${info.name} (native kernels: ${info.native?.join(', ') || info.nativeReason}); official MNIST ${trainSize} / ${testSize}, ${epochs} epochs`,
);

function lenet(seed: number): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: s });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1], activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu', kernelInitializer: init(seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 500, activation: 'relu', kernelInitializer: init(seed + 2) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed + 3) }),
    ],
  });
}

const accuracy = (m: tf.LayersModel) =>
  tf.tidy(() => {
    let hits = 0;
    for (let s = 0; s < testSize; s += 1000) {
      const x = testX.slice([s, 0, 0, 0], [Math.min(1000, testSize - s), 28, 28, 1]);
      const y = test.y.slice([s, 0], [x.shape[0], 10]);
      hits += tf.sum(tf.cast(tf.equal(tf.argMax(m.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0];
    }
    return hits / testSize;
  });

const start = performance.now();
const secs = () => ((performance.now() - start) / 1000).toFixed(0);

// SGD reference.
const sgdNet = lenet(1);
sgdNet.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
const sgdTrace: number[] = [];
for (let e = 0; e < epochs; e++) {
  await sgdNet.fit(trainX, train.y, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0 });
  sgdTrace.push(accuracy(sgdNet));
  console.log(`SGD epoch ${e + 1}: test accuracy ${(100 * sgdTrace.at(-1)!).toFixed(2)}%  ${secs()} s`);
}

// DessiLbi with group sparsity on the conv kernels only.
const net = lenet(1);
const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20, sparsity: (_n, v) => (v.rank === 4 ? 'group' : 'none') });
net.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
const trace: { epoch: number; accuracy: number; prunedAccuracy: number; filterSparsity: number; selected: number[] }[] = [];
for (let e = 0; e < epochs; e++) {
  await net.fit(trainX, train.y, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0 });
  opt.updatePruneOrder(e);
  const support = filterSupport(opt, net);
  const selected = support.map((s) => s.selected);
  const total = support.reduce((a, s) => a + s.filters, 0);
  const full = accuracy(net);
  opt.useWStar();
  const pruned = accuracy(net);
  opt.recover();
  const filterSparsity = 1 - selected.reduce((a, b) => a + b, 0) / total;
  trace.push({ epoch: e, accuracy: full, prunedAccuracy: pruned, filterSparsity, selected });
  console.log(
    `DessiLbi epoch ${e + 1}: test accuracy ${(100 * full).toFixed(2)}%, filters in supp(Γ) ${selected.join('/')} of ${support.map((s) => s.filters).join('/')} (filter sparsity ${(100 * filterSparsity).toFixed(1)}%), pruned by Γ ${(100 * pruned).toFixed(2)}%  ${secs()} s`,
  );
}

// DessiLbi's prune demo: remove PRUNE % of each conv layer's filters by prune order (filters that
// entered supp(Γ) late and have a small norm go first), biases included, then fine-tune with the
// pruned filters held at 0.
const prunePercent = Number(process.env.PRUNE ?? 80);
const convNames = filterSupport(opt, net).map((s) => s.name);
opt.pruneByOrder(prunePercent, convNames, { pruneBias: true });
const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
const masks = convNames.map((name) => {
  const kernel = variables.find((v) => v.name === name)!;
  const bias = variables.find((v) => v.name === name.replace(/kernel(?!.*kernel)/, 'bias'))!;
  const mask = tf.tidy(() => tf.cast(tf.greater(tf.sum(tf.abs(tf.reshape(kernel, [-1, kernel.shape[3]!])), 0), 0), 'float32'));
  return { kernel, bias, mask };
});
const kept = masks.map((m) => m.mask.sum().dataSync()[0]);
const filterSparsity = 1 - kept.reduce((a, b) => a + b, 0) / masks.reduce((a, m) => a + m.mask.size, 0);
const prunedAccuracy = accuracy(net);
console.log(
  `pruned ${prunePercent}% of the filters by order: kept ${kept.join('/')} (filter sparsity ${(100 * filterSparsity).toFixed(1)}%), test accuracy ${(100 * prunedAccuracy).toFixed(2)}%`,
);
// The surviving filters can carry large negative biases (their ReLU outputs are then 0 on every
// digit once the other filters are gone, and no gradient reaches the conv layers): fine-tuning
// starts from zero conv biases unless RESET_BIAS=0.
if (process.env.RESET_BIAS !== '0') for (const { bias } of masks) bias.assign(tf.zerosLike(bias));
console.log(
  `conv biases ${process.env.RESET_BIAS !== '0' ? 'reset to 0' : 'kept'} before fine-tuning: test accuracy ${(100 * accuracy(net)).toFixed(2)}%`,
);
const hold = () =>
  tf.tidy(() => {
    for (const { kernel, bias, mask } of masks) {
      kernel.assign(tf.mul(kernel, mask));
      bias.assign(tf.mul(bias, mask));
    }
  });
net.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
const fineTrace: number[] = [];
for (let e = 0; e < fineTune; e++) {
  await net.fit(trainX, train.y, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0, callbacks: { onBatchEnd: async () => hold() } });
  fineTrace.push(accuracy(net));
  console.log(`fine-tune epoch ${e + 1} (pruned filters held at 0): test accuracy ${(100 * fineTrace.at(-1)!).toFixed(2)}%  ${secs()} s`);
}
const last = trace.at(-1)!;
console.log(
  `SGD ${(100 * sgdTrace.at(-1)!).toFixed(2)}%; DessiLbi ${(100 * last.accuracy).toFixed(2)}% (pruned to supp(Γ), ${(100 * last.filterSparsity).toFixed(1)}% filter sparsity: ${(100 * last.prunedAccuracy).toFixed(2)}%); ${prunePercent}% of filters pruned by order (${(100 * filterSparsity).toFixed(1)}% sparsity) ${(100 * prunedAccuracy).toFixed(2)}%, fine-tuned ${(100 * (fineTrace.at(-1) ?? NaN)).toFixed(2)}%; ${secs()} s`,
);
if (process.env.OUT) {
  const result = {
    backend: info,
    trainSize,
    testSize,
    epochs,
    fineTune,
    sgd: sgdTrace,
    dessi: trace,
    pruneByOrder: { percent: prunePercent, kept, filterSparsity, accuracy: prunedAccuracy },
    fineTuned: fineTrace,
    seconds: Number(secs()),
  };
  writeFileSync(process.env.OUT, JSON.stringify(result, null, 1));
}
