import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { DessiLbi } from './dessi-lbi.js';

let counter = 0;
const fresh = (prefix: string): string => `${prefix}_${counter++}`;

/** Float64 transcription of one upstream SLBI step for one parameter (momentum, decay, z, Γ). */
function handStep(
  w: number[],
  g: number[],
  st: { buf?: number[]; z: number[]; gamma: number[] },
  h: { lr: number; kappa: number; mu: number; m: number; wd: number },
): number[] {
  let d = g;
  if (h.m !== 0) {
    st.buf = st.buf ? st.buf.map((b, i) => h.m * b + g[i]) : [...g];
    st.buf = st.buf.map((b, i) => b + h.wd * w[i]);
    d = st.buf;
  }
  const lk = h.lr * h.kappa;
  const newW = w.map((v, i) => v - lk * d[i] - (lk / h.mu) * (v - st.gamma[i]));
  st.z = st.z.map((v, i) => v - (h.lr / h.mu) * (st.gamma[i] - w[i]));
  st.gamma = st.z.map((v) => h.kappa * Math.sign(v) * Math.max(Math.abs(v) - 1, 0));
  return newW;
}

describeBackends(['cpu', 'wasm'], 'DessiLbi', () => {
  it('matches a hand computation over two steps (L1 shrinkage, momentum with decay in the buffer)', () => {
    const w0 = [60, -80, 10, 0.5, -3, 120];
    const c = [1, -2, 0.5, 3, 0, -1];
    const name = fresh('w');
    const w = tf.variable(tf.tensor2d(w0, [2, 3]), true, name);
    const cT = tf.tensor2d(c, [2, 3]);
    const h = { lr: 0.1, kappa: 2, mu: 5, m: 0.9, wd: 0.01 };
    const opt = new DessiLbi({ lr: h.lr, kappa: h.kappa, mu: h.mu, momentum: h.m, weightDecay: h.wd });
    // f = Σ c⊙W + ½‖W‖² has gradient c + W.
    const f = (): tf.Scalar => tf.add(tf.sum(tf.mul(cT, w)), tf.mul(0.5, tf.sum(tf.square(w))));
    const st: { buf?: number[]; z: number[]; gamma: number[] } = { z: new Array(6).fill(0), gamma: new Array(6).fill(0) };
    let ref = w0;
    for (let k = 0; k < 2; k++) {
      const grad = ref.map((v, i) => c[i] + v);
      ref = handStep(ref, grad, st, h);
      opt.minimize(f);
      expectClose(w, ref, { rtol: 1e-5, atol: 1e-5, message: `W after step ${k + 1}` });
      const z = opt.z(name);
      const gamma = opt.gamma(name);
      expectClose(z, st.z, { rtol: 1e-5, atol: 1e-6, message: `Z after step ${k + 1}` });
      expectClose(gamma, st.gamma, { rtol: 1e-5, atol: 1e-6, message: `Γ after step ${k + 1}` });
      tf.dispose([z, gamma]);
    }
    expect(Array.from(opt.supportMask(name).dataSync())).toEqual(st.gamma.map((v) => (v !== 0 ? 1 : 0)));
    opt.dispose();
    tf.dispose([w, cT]);
  });

  it('reduces to SGD with rate lr·κ as μ → ∞', () => {
    const init = tf.tensor2d([
      [0.3, -1.2],
      [2, 0.7],
    ]);
    const a = tf.variable(init.clone(), true, fresh('a'));
    const b = tf.variable(init.clone(), true, fresh('b'));
    const target = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const loss = (v: tf.Variable) => (): tf.Scalar => tf.sum(tf.square(tf.sub(tf.mul(v, target), 1)));
    const lbiOpt = new DessiLbi({ lr: 0.01, kappa: 3, mu: 1e30, momentum: 0 });
    const sgd = tf.train.sgd(0.03);
    for (let k = 0; k < 5; k++) {
      lbiOpt.minimize(loss(a));
      sgd.minimize(loss(b));
    }
    expectClose(a, b, { rtol: 1e-6, atol: 1e-7 });
    lbiOpt.dispose();
    sgd.dispose();
    tf.dispose([init, a, b, target]);
  });

  it('keeps Γ zero for filters with ‖Z_f‖ ≤ 1, shrinks groups per output filter, skips decay on biases', () => {
    const kernel = tf.variable(tf.concat([tf.fill([1, 1, 2, 1], 200), tf.fill([1, 1, 2, 1], 1)], 3), true, fresh('conv/kernel'));
    const bias = tf.variable(tf.tensor1d([1, 1]), true, fresh('conv/bias'));
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 10, momentum: 0, weightDecay: 0.5 });
    opt.minimize(() => tf.add(tf.mul(0, tf.sum(kernel)), tf.sum(bias)));
    // Z = (lr/μ)·W: filter 0 has entries 2 (norm 2√2 > 1), filter 1 has 0.01 entries (norm < 1).
    const gamma = opt.gamma(kernel.name);
    const z0 = 2 * Math.SQRT2;
    expectClose(
      gamma,
      [2 * (1 - 1 / z0), 0.01 * 0, 2 * (1 - 1 / z0), 0].map((v, i) => (i % 2 === 0 ? v : 0)),
      { atol: 1e-6 },
    );
    expectClose(bias, [0.9, 0.9], { rtol: 1e-6 }); // plain SGD: 1 − lr·κ·1, no decay
    const ws = opt.wStar(kernel.name);
    expectClose(ws, tf.mul(kernel, tf.tensor4d([1, 0, 1, 0], [1, 1, 2, 2])), { rtol: 1e-6 });
    tf.dispose([gamma, ws]);
    opt.dispose();
    tf.dispose([kernel, bias]);
  });

  it('swaps in W* and recovers, prunes by order, and is leak-free after the first step', async () => {
    const name = fresh('dense/kernel');
    const w = tf.variable(
      tf.tensor2d([
        [50, 1],
        [-60, 2],
        [0.5, 70],
      ]),
      true,
      name,
    );
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 5, momentum: 0.9 });
    const f = (): tf.Scalar => tf.sum(tf.square(w));
    opt.minimize(f);
    await expectNoLeaks(() => {
      opt.minimize(f);
    });
    const before = Array.from(w.dataSync());
    opt.useWStar();
    const mask = Array.from(opt.supportMask(name).dataSync());
    expect(Array.from(w.dataSync())).toEqual(before.map((v, i) => Math.fround(v * mask[i])));
    opt.recover();
    expect(Array.from(w.dataSync())).toEqual(before);
    opt.updatePruneOrder(1);
    opt.pruneByOrder(50, [name]);
    const after = Array.from(w.dataSync());
    expect(after.filter((v) => v === 0).length).toBe(3);
    // Kept: the three entries selected by Γ at epoch 1 (order |W| − 1 vs |W| − 2000).
    expect(after.map((v) => v !== 0)).toEqual(mask.map((m) => m === 1));
    opt.recover();
    expect(Array.from(w.dataSync())).toEqual(before);
    opt.dispose();
    w.dispose();
  });

  it('trains a tf.sequential model through compile/fit', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })] });
    const opt = new DessiLbi({ lr: 0.05, kappa: 1, mu: 1, momentum: 0 });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const x = tf.tensor2d([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 1, 1],
    ]);
    const y = tf.tensor2d([[3], [0], [0], [3]]);
    const h = await model.fit(x, y, { epochs: 40, batchSize: 4, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    const kernelName = (model.layers[0].getWeights()[0] as tf.Variable).name;
    const mask = opt.supportMask(kernelName);
    expect(mask.dataSync()[0]).toBe(1); // the informative input is selected first
    tf.dispose([x, y, mask]);
    model.dispose();
    opt.dispose();
  });
});

/** Float64 DessiLbi step without momentum on a zero loss gradient, group shrinkage per output (last axis). */
function groupCouplingStep(w: number[], st: { z: number[]; gamma: number[] }, out: number, lr: number, mu: number): number[] {
  const newW = w.map((v, i) => v - (lr / mu) * (v - st.gamma[i]));
  st.z = st.z.map((v, i) => v - (lr / mu) * (st.gamma[i] - w[i]));
  const norms = Array.from({ length: out }, (_, f) => Math.hypot(...st.z.filter((_, i) => i % out === f)));
  st.gamma = st.z.map((v, i) => v * Math.max(0, 1 - 1 / norms[i % out]));
  return newW;
}

describeBackends(['cpu', 'wasm'], 'DessiLbi schedules and pruning', () => {
  it('setLearningRate changes both the W step lr·κ and the Z step lr/μ of the next steps', () => {
    const w0 = [60, -80, 10, 0.5, -3, 120];
    const c = [1, -2, 0.5, 3, 0, -1];
    const name = fresh('w');
    const w = tf.variable(tf.tensor2d(w0, [2, 3]), true, name);
    const cT = tf.tensor2d(c, [2, 3]);
    const h = { lr: 0.1, kappa: 2, mu: 5, m: 0.9, wd: 0 };
    const opt = new DessiLbi({ lr: h.lr, kappa: h.kappa, mu: h.mu, momentum: h.m });
    const f = (): tf.Scalar => tf.add(tf.sum(tf.mul(cT, w)), tf.mul(0.5, tf.sum(tf.square(w))));
    const st: { buf?: number[]; z: number[]; gamma: number[] } = { z: new Array(6).fill(0), gamma: new Array(6).fill(0) };
    let ref = w0;
    for (const lr of [0.1, 0.1, 0.01, 0.01]) {
      if (lr !== opt.lr) opt.setLearningRate(lr);
      ref = handStep(
        ref,
        ref.map((v, i) => c[i] + v),
        st,
        { ...h, lr },
      );
      opt.minimize(f);
    }
    expectClose(w, ref, { rtol: 1e-5, atol: 1e-5 });
    const z = opt.z(name);
    expectClose(z, st.z, { rtol: 1e-5, atol: 1e-6 });
    expect(opt.getConfig().lr).toBe(0.01);
    expect(() => opt.setLearningRate(0)).toThrow(/lr/);
    expect(() => opt.setLearningRate(Number.NaN)).toThrow(/lr/);
    z.dispose();
    opt.dispose();
    tf.dispose([w, cT]);
  });

  it('prunes conv filters by entry epoch then norm, zeroes their biases, and recover() restores kernel and bias', async () => {
    // kernel [1, 1, 2, 4]: filter f holds entries f and 4 + f. With a zero kernel gradient and no
    // momentum, Z grows by (lr/μ)(W − Γ): filter 0 (norm 150) enters supp(Γ) at step 1, filter 1
    // (norm 50) at step 3, filters 2 and 3 (norms 5, 6) never.
    const w0 = [150, 30, -3, 0, 0, 40, 4, 6];
    const name = fresh('conv/kernel');
    const kernel = tf.variable(tf.tensor4d(w0, [1, 1, 2, 4]), true, name);
    const bias = tf.variable(tf.tensor1d([1, 2, 3, 4]), true, name.replace('kernel', 'bias'));
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 10, momentum: 0 });
    const f = (): tf.Scalar => tf.add(tf.mul(0, tf.sum(kernel)), tf.sum(bias));
    const st = { z: new Array(8).fill(0), gamma: new Array(8).fill(0) };
    let ref = w0;
    const entered: number[] = [];
    for (let step = 1; step <= 3; step++) {
      ref = groupCouplingStep(ref, st, 4, 0.1, 10);
      opt.minimize(f);
      if (step === 1) opt.updatePruneOrder(0);
      for (let g = 0; g < 4; g++) if (entered[g] === undefined && st.gamma[g] !== 0) entered[g] = step === 1 ? 0 : 1;
    }
    opt.updatePruneOrder(1);
    expect(entered).toEqual([0, 1]); // the reference agrees with the comment above
    expectClose(kernel, ref, { rtol: 1e-5 });
    const trainedBias = Array.from(bias.dataSync());
    expectClose(trainedBias, [0.7, 1.7, 2.7, 3.7], { rtol: 1e-6 }); // plain SGD, lr·κ = 0.1 per step
    const norm = (g: number) => Math.hypot(ref[g], ref[4 + g]);
    const order = [norm(0) - 0, norm(1) - 1, norm(2) - 2000, norm(3) - 2000];
    // 25th percentile: between filter 2 (lowest) and 3; only filter 2 goes.
    expect(order[2]).toBeLessThan(order[3]);
    const [r25] = opt.pruneByOrder(25, [name], { pruneBias: true });
    expect(r25).toEqual({ name, mask: [1, 1, 0, 1], kept: 3 });
    expect(Array.from(bias.dataSync())).toEqual([trainedBias[0], trainedBias[1], 0, trainedBias[3]]);
    opt.recover();
    expectClose(kernel, ref, { rtol: 1e-5 });
    expect(Array.from(bias.dataSync())).toEqual(trainedBias);
    // 50th percentile: the two filters that entered supp(Γ) stay, whatever their norms.
    await expectNoLeaks(() => {
      opt.pruneByOrder(50, [name], { pruneBias: true });
      opt.recover();
    });
    const [r50] = opt.pruneByOrder(50, [name], { pruneBias: true });
    expect(r50.mask).toEqual([1, 1, 0, 0]);
    expectClose(
      kernel,
      ref.map((v, i) => (i % 4 < 2 ? v : 0)),
      { rtol: 1e-5 },
    );
    expect(Array.from(bias.dataSync())).toEqual([trainedBias[0], trainedBias[1], 0, 0]);
    opt.recover();
    expect(Array.from(bias.dataSync())).toEqual(trainedBias);
    expect(() => opt.pruneByOrder(101, [name])).toThrow(/percent/);
    opt.dispose();
    tf.dispose([kernel, bias]);
  });
  it('pools the prune order of several kernels under one threshold (pooled), unlike the per-layer cut', async () => {
    // Zero gradient, no momentum: Z grows by (lr/μ)(W − Γ), so a filter of norm ≥ 100 enters supp(Γ) at
    // step 1 (epoch 0), norm 50 at step 3 (epoch 1), norms ≤ 6 never (order = norm − 2000).
    const a = tf.variable(tf.tensor4d([150, 5, 6], [1, 1, 1, 3]), true, fresh('pa/kernel'));
    const b = tf.variable(tf.tensor4d([200, 50, 4], [1, 1, 1, 3]), true, fresh('pb/kernel'));
    const aBias = tf.variable(tf.tensor1d([1, 2, 3]), true, a.name.replace('kernel', 'bias'));
    const dense = tf.variable(tf.tensor2d([3, 1], [2, 1]), true, fresh('pd/kernel'));
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 10, momentum: 0 });
    const f = (): tf.Scalar => tf.add(tf.mul(0, tf.add(tf.add(tf.sum(a), tf.sum(b)), tf.sum(dense))), tf.sum(aBias));
    for (let step = 1; step <= 3; step++) {
      opt.minimize(f);
      if (step === 1) opt.updatePruneOrder(0);
    }
    opt.updatePruneOrder(1);
    const masks = (percent: number, pooled: boolean) => {
      const r = opt.pruneByOrder(percent, [a.name, b.name], { pruneBias: true, pooled }).map((x) => x.mask);
      opt.recover();
      return r;
    };
    // Pooled orders, ascending: b2, a1, a2 (never entered), b1 (epoch 1), a0, b0. 50% → numpy's percentile between a2 and b1.
    expect(masks(50, true)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(masks(70, true)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    // Per layer, 50% keeps each layer's upper half (ties at the threshold kept): a2 stays, b1 too.
    expect(masks(50, false)).toEqual([
      [1, 0, 1],
      [1, 1, 0],
    ]);
    const trained = Array.from(aBias.dataSync());
    opt.pruneByOrder(50, [a.name, b.name], { pruneBias: true, pooled: true });
    expect(Array.from(aBias.dataSync())).toEqual([trained[0], 0, 0]);
    opt.recover();
    expect(Array.from(aBias.dataSync())).toEqual(trained);
    await expectNoLeaks(() => {
      opt.pruneByOrder(50, [a.name, b.name], { pooled: true });
      opt.recover();
    });
    expect(() => opt.pruneByOrder(50, [a.name, dense.name], { pooled: true })).toThrow(/names.*one sparsity mode/s);
    expect(() => opt.pruneByOrder(-1, [a.name, b.name], { pooled: true })).toThrow(/percent/);
    opt.dispose();
    tf.dispose([a, b, aBias, dense]);
  });
  it('never empties a layer under a pooled cut (each keeps its maximum-order filters) and rejects duplicate names', () => {
    // Same dynamics as above: orders a = [150, 5 − 2000, 6 − 2000], b = [200, 49, 4 − 2000], c = [150, 150, 5 − 2000].
    const a = tf.variable(tf.tensor4d([150, 5, 6], [1, 1, 1, 3]), true, fresh('qa/kernel'));
    const b = tf.variable(tf.tensor4d([200, 50, 4], [1, 1, 1, 3]), true, fresh('qb/kernel'));
    const c = tf.variable(tf.tensor4d([150, 150, 5], [1, 1, 1, 3]), true, fresh('qc/kernel'));
    const opt = new DessiLbi({ lr: 0.1, kappa: 1, mu: 10, momentum: 0 });
    const f = (): tf.Scalar => tf.mul(0, tf.add(tf.add(tf.sum(a), tf.sum(b)), tf.sum(c)));
    for (let step = 1; step <= 3; step++) {
      opt.minimize(f);
      if (step === 1) opt.updatePruneOrder(0);
    }
    opt.updatePruneOrder(1);
    const masks = (percent: number, names: string[], pooled: boolean) => {
      const r = opt.pruneByOrder(percent, names, { pooled }).map((x) => x.mask);
      opt.recover();
      return r;
    };
    // At 100 the common threshold is b0's order: a alone would lose every filter; it keeps a0, its maximum.
    expect(masks(100, [a.name, b.name], true)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    // A tie at a layer's maximum keeps every tied filter (c0 and c1), as the per-layer cut does.
    expect(masks(100, [a.name, b.name, c.name], true)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(masks(100, [a.name, b.name, c.name], false)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    const before = Array.from(a.dataSync());
    for (const pooled of [true, false])
      expect(() => opt.pruneByOrder(50, [a.name, b.name, a.name], { pooled })).toThrow(/names.*distinct.*qa\/kernel/s);
    expect(Array.from(a.dataSync())).toEqual(before);
    opt.dispose();
    tf.dispose([a, b, c]);
  });
});
