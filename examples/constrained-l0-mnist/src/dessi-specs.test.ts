import * as tf from '@tensorflow/tfjs';
import { createRng, useBackendOrThrow } from '@sparsekit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { fineTune, lenet, variablesOf } from './dessi-nets.js';
import { kernelsOf, parseSpecs, pruneByMagnitude, sparsity } from './dessi-specs.js';

beforeAll(async () => {
  await useBackendOrThrow('cpu');
});

describe('prune specs of the DessiLbi example', () => {
  it("selects conv3 ('last'), conv3 and fc1 ('demo'), every conv layer ('all') or one ('conv2') and rejects others", () => {
    const net = lenet('lenet5', 1);
    const vars = variablesOf(net);
    const [c1, , c2, , c3, , d1] = [...vars.keys()];
    expect(kernelsOf('last', vars)).toEqual([c3]);
    expect(kernelsOf('demo', vars)).toEqual([c3, d1]);
    expect(kernelsOf('all', vars)).toEqual([c1, c2, c3]);
    expect(kernelsOf('pooled', vars)).toEqual([c1, c2, c3]);
    expect(kernelsOf('conv2', vars)).toEqual([c2]);
    expect(() => kernelsOf('conv4', vars)).toThrow(/conv4/);
    expect(parseSpecs('demo:80,all:75')).toEqual([
      { layers: 'demo', percent: 80 },
      { layers: 'all', percent: 75 },
    ]);
    net.dispose();
  });

  it('prunes by magnitude at the numpy percentile (filters: norm ≥ it with their biases; dense: |w| > it) and fine-tuning holds the zeros', async () => {
    const net = lenet('lenet5', 2);
    const vars = variablesOf(net);
    const [c3, d1] = kernelsOf('demo', vars);
    const norms = Array.from(tf.tidy(() => tf.norm(tf.reshape(vars.get(c3)!, [-1, 120]), 'euclidean', 0).dataSync()));
    const abs = Array.from(tf.tidy(() => tf.abs(vars.get(d1)!).dataSync()));
    const held = [pruneByMagnitude(vars, c3, 80), pruneByMagnitude(vars, d1, 80)];
    // 120 filters: position 0.8 · 119 = 95.2, so the 24 largest norms stay; 10,080 weights: the 2,016 largest |w|
    const rank = (v: number[], x: number) => v.filter((y) => y > x).length;
    held[0].mask.forEach((m, i) => expect(m).toBe(rank(norms, norms[i]) < 24 ? 1 : 0));
    held[1].mask.forEach((m, i) => expect(m).toBe(rank(abs, abs[i]) < 2016 ? 1 : 0));
    const s = sparsity(vars, held);
    expect(s.kept).toEqual([24, 2016]);
    expect(s.prunedLayers).toBeCloseTo(0.8, 12);
    expect(s.allConv).toBeCloseTo(96 / 142, 12);
    expect(s.dense).toBeCloseTo(0.8, 12);
    expect(held[1].bias).toBeUndefined();
    const rng = createRng(3);
    const data = {
      x: tf.tensor4d(Float32Array.from(rng.uniformArray(32 * 784)), [32, 28, 28, 1]),
      y: tf.oneHot(tf.tensor1d(rng.choiceArray(10, 32), 'int32'), 10) as tf.Tensor2D,
    };
    await fineTune(net, data, held, 1, 0.01, rng);
    const kernel = vars.get(c3)!.dataSync();
    const bias = vars.get(c3.replace(/kernel$/, 'bias'))!.dataSync();
    const dense = vars.get(d1)!.dataSync();
    held[0].mask.forEach((m, f) => {
      if (m === 0) expect(Math.abs(bias[f])).toBe(0);
      if (m === 0) for (let j = f; j < kernel.length; j += 120) expect(Math.abs(kernel[j])).toBe(0);
    });
    held[1].mask.forEach((m, i) => (m === 0 ? expect(Math.abs(dense[i])).toBe(0) : undefined));
    // the kept weights did move
    expect(held[1].mask.some((m, i) => m === 1 && dense[i] !== 0)).toBe(true);
    tf.dispose([data.x, data.y]);
    net.dispose();
  });
  it('keeps a given number of the largest conv filters (the per-layer counts of a pooled cut), none for 0', () => {
    const net = lenet('lenet5', 4);
    const vars = variablesOf(net);
    const [c1, c2] = kernelsOf('all', vars);
    const norms = Array.from(tf.tidy(() => tf.norm(tf.reshape(vars.get(c2)!, [-1, 16]), 'euclidean', 0).dataSync()));
    const h = pruneByMagnitude(vars, c2, 99, 5);
    const rank = (v: number[], x: number) => v.filter((y) => y > x).length;
    h.mask.forEach((m, i) => expect(m).toBe(rank(norms, norms[i]) < 5 ? 1 : 0));
    expect(pruneByMagnitude(vars, c1, 0, 0).mask).toEqual(new Array(6).fill(0));
    expect(sparsity(vars, [h]).allConv).toBeCloseTo(11 / 142, 12);
    net.dispose();
  });
});
