/**
 * `npm run dessi`: DessiLbi on LeNet-5 and MNIST as in the DessiLbi MNIST example (lr 0.1 divided by
 * 10 every INTERVAL epochs, κ = 1, μ = 20, momentum 0.9, batch 128, group sparsity on every conv
 * kernel, l1 on every dense kernel), next to the same net trained with SGD (momentum 0.9, same lr
 * schedule) for EPOCHS + FINETUNE epochs. After each DessiLbi epoch: test accuracy of W, the filters
 * in supp(Γ) and the accuracy of W restricted to that support. Then, for each `layers:percent` of
 * PRUNE ('last', the prune demo of DessiLbi on conv3, or 'all' conv layers), that percentage of
 * the layers' filters with the lowest prune order is removed with its biases, the net is evaluated,
 * fine-tuned FINETUNE epochs (SGD momentum, lr FINE_LR) with the pruned filters held at 0, and
 * evaluated again; at BASELINE (`layers:percent`) the SGD net is pruned by filter norm and fine-tuned
 * the same way. Environment: SPARSEKIT_BACKEND (default wasm), ARCH (lenet5 | lenet5-caffe), TRAIN,
 * TEST, EPOCHS, INTERVAL, FINETUNE, FINE_LR, PRUNE, BASELINE ('' for none), INIT (torch | glorot), SEED, OUT.
 * SEED fixes the data subset, the initial weights and every batch order: same SEED, same numbers.
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { filterSupport } from '@sparsekit/models-l0';
import { DessiLbi } from '@sparsekit/solvers/paths';
import { backendInfo, createRng, useBackendOrThrow, type BackendName } from '@sparsekit/tensor';
import { loadSplits } from './data.js';
import * as nets from './dessi-nets.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND ?? 'wasm') as BackendName);
const env = (k: string, d: string) => process.env[k] ?? d;
const arch = env('ARCH', 'lenet5') as nets.DessiArch;
const [trainSize, testSize, epochs, interval, fineEpochs, seed] = ['TRAIN', 'TEST', 'EPOCHS', 'INTERVAL', 'FINETUNE', 'SEED'].map((k, i) =>
  Number(env(k, ['12000', '10000', '10', '20', '2', '1'][i])),
);
const fineLr = Number(env('FINE_LR', '0.01'));
const init = env('INIT', 'torch') as nets.DessiInit;
const spec = (s: string) =>
  s
    .split(',')
    .filter(Boolean)
    .map((x) => ({ layers: x.split(':')[0], percent: Number(x.split(':')[1]) }));
const prunes = spec(env('PRUNE', 'last:50,last:80,last:90,all:80'));
const baselineSpec = spec(env('BASELINE', 'last:80'))[0];
const { train: t, test: v } = loadSplits(trainSize, testSize, seed, 'official');
const [train, test] = [nets.asImages(t), nets.asImages(v)];
const info = backendInfo();
const start = performance.now();
const secs = () => Math.round((performance.now() - start) / 1000);
const pct = (a: number) => `${(100 * a).toFixed(2)}%`;
console.log(
  `${arch}; backend ${info.name} (native kernels: ${info.native?.join(', ') || info.nativeReason}); official MNIST ${trainSize} / ${testSize}; ` +
    `${epochs} epochs (lr ×0.1 every ${interval}), fine-tuning ${fineEpochs} epochs at ${fineLr}; ${init} init, seed ${seed}`,
);

// Both nets see the same seeded batch order; every fine-tuning starts from the same order too.
async function trainEpochs(model: tf.LayersModel, from: number, to: number, setLr: (lr: number) => void, after: (e: number) => void) {
  const rng = createRng(seed);
  for (let e = from; e < to; e++) {
    setLr(nets.stepLr(0.1, e, interval));
    await nets.fitEpoch(model, train, rng);
    after(e);
  }
}

// SGD reference, EPOCHS + FINETUNE epochs (the budget of DessiLbi plus its fine-tuning).
const sgdNet = nets.lenet(arch, seed, init);
const sgdOpt = tf.train.momentum(0.1, 0.9);
sgdNet.compile({ optimizer: sgdOpt, loss: nets.logitsLoss });
const sgd: number[] = [];
await trainEpochs(
  sgdNet,
  0,
  epochs + fineEpochs,
  (lr) => sgdOpt.setLearningRate(lr),
  (e) => {
    sgd.push(nets.accuracy(sgdNet, test));
    console.log(`SGD epoch ${e + 1}: ${pct(sgd[e])}  ${secs()} s`);
  },
);

// DessiLbi: upstream's layer list (every conv and dense kernel; group for conv, l1 for dense).
const net = nets.lenet(arch, seed, init);
const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 20 });
net.compile({ optimizer: opt, loss: nets.logitsLoss });
const vars = nets.variablesOf(net);
const trace: { accuracy: number; wStar: number; selected: number[] }[] = [];
await trainEpochs(
  net,
  0,
  epochs,
  (lr) => opt.setLearningRate(lr),
  (e) => {
    opt.updatePruneOrder(e);
    const conv = filterSupport(opt, net).filter((s) => vars.get(s.name)!.rank === 4);
    const accuracy = nets.accuracy(net, test);
    opt.useWStar();
    const wStar = nets.accuracy(net, test);
    opt.recover();
    trace.push({ accuracy, wStar, selected: conv.map((s) => s.selected) });
    console.log(
      `DessiLbi epoch ${e + 1}: ${pct(accuracy)}; conv filters in supp(Γ) ${trace[e].selected.join('/')} of ${conv.map((s) => s.filters).join('/')}; ` +
        `W restricted to supp(Γ) (dense kernels too) ${pct(wStar)}  ${secs()} s`,
    );
  },
);

const convKernels = [...vars.values()].filter((k) => k.rank === 4).map((k) => k.name);
const layerSet = (layers: string, names: string[]) => (layers === 'all' ? names : names.slice(-1));
const totalFilters = convKernels.reduce((a, n) => a + vars.get(n)!.shape[3]!, 0);
const biasOf = (kernel: string) => vars.get(kernel.replace(/kernel(?!.*kernel)/, 'bias'))!;
const trained = nets.snapshot(net);
const results: Record<string, unknown>[] = [];
for (const { layers, percent } of prunes) {
  const pruned = layerSet(layers, convKernels);
  const kept = opt.pruneByOrder(percent, pruned, { pruneBias: true });
  const held = kept.map((r) => ({ kernel: vars.get(r.name)!, bias: biasOf(r.name), mask: r.mask }));
  const removed = kept.reduce((a, r) => a + r.mask.length - r.kept, 0);
  const layerSparsity = removed / kept.reduce((a, r) => a + r.mask.length, 0);
  const before = nets.accuracy(net, test);
  await nets.fineTune(net, train, held, fineEpochs, fineLr, createRng(seed + 1));
  const after = nets.accuracy(net, test);
  results.push({ layers, percent, kept: kept.map((r) => r.kept), layerSparsity, netSparsity: removed / totalFilters, before, after });
  console.log(
    `prune ${percent}% of ${pruned.length === 1 ? 'the last conv layer' : 'every conv layer'} by order: kept ${kept.map((r) => r.kept).join('/')} ` +
      `(${pct(layerSparsity)} of the pruned layers' filters, ${pct(removed / totalFilters)} of all conv filters): ${pct(before)}, ` +
      `fine-tuned ${pct(after)}  ${secs()} s`,
  );
  opt.recover();
  net.setWeights(trained);
}

// Baseline: the SGD net pruned by filter norm at BASELINE_PRUNE %, fine-tuned the same way.
let baseline: Record<string, unknown> | undefined;
if (baselineSpec) {
  const baselinePercent = baselineSpec.percent;
  const sv = nets.variablesOf(sgdNet);
  const sk = [...sv.values()].filter((k) => k.rank === 4).map((k) => k.name);
  const held = layerSet(baselineSpec.layers, sk).map((name) => {
    const kernel = sv.get(name)!;
    const bias = sv.get(name.replace(/kernel(?!.*kernel)/, 'bias'))!;
    return { kernel, bias, mask: nets.pruneByNorm(kernel, bias, baselinePercent) };
  });
  const before = nets.accuracy(sgdNet, test);
  await nets.fineTune(sgdNet, train, held, fineEpochs, fineLr, createRng(seed + 1));
  baseline = { ...baselineSpec, before, after: nets.accuracy(sgdNet, test) };
  console.log(
    `SGD pruned ${baselinePercent}% (${baselineSpec.layers}) by filter norm: ${pct(before)}, fine-tuned ${pct(baseline.after as number)}  ${secs()} s`,
  );
}
console.log(`SGD after ${epochs} epochs ${pct(sgd[epochs - 1])}, after ${epochs + fineEpochs} ${pct(sgd.at(-1)!)}; ${secs()} s`);
if (process.env.OUT) {
  const out = {
    arch,
    init,
    seed,
    backend: info,
    trainSize,
    testSize,
    epochs,
    interval,
    fineEpochs,
    fineLr,
    sgd,
    dessi: trace,
    prune: results,
    baseline,
  };
  writeFileSync(process.env.OUT, JSON.stringify({ ...out, seconds: secs() }, null, 1));
}
