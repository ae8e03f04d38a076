import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { l2Ball, linfBall } from '@sparsekit/constraints';
import { fitBatches } from './fit-batches.js';
import { StochasticFrankWolfe } from './stochastic-frank-wolfe.js';

/** Seeded three-class data (50 rows: the last batch of 16 is partial). */
function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([50, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
    const labels = tf.argMax(tf.matMul(x, tf.randomNormal([5, 3], 0, 1, 'float32', 4)), 1);
    return { x, y: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
  });
}

/** An MLP with seeded weights and an L2 regularizer (a layer loss the train step must add). */
function mlp(optimizer: () => tf.Optimizer): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        inputShape: [5],
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        kernelRegularizer: tf.regularizers.l2({ l2: 1e-2 }),
      }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: optimizer(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** The same ReLU MLP without regularizers, ending in a softmax: the path with no gradient tape. */
function softmaxMlp(optimizer: () => tf.Optimizer, loss = 'categoricalCrossentropy', frozenFirst = false): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [5], activation: 'relu', kernelInitializer: init(1), biasInitializer: 'ones' }),
      tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.layers[0].trainable = !frozenFirst;
  model.compile({ optimizer: optimizer(), loss });
  return model;
}

/** A functional chain mixing fused dense layers with one that is not (tanh) and a softmax output. */
function functionalChain(optimizer: () => tf.Optimizer): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const input = tf.input({ shape: [5] });
  const h1 = tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init(4) }).apply(input) as tf.SymbolicTensor;
  const h2 = tf.layers.dense({ units: 6, activation: 'tanh', kernelInitializer: init(5) }).apply(h1) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(6) }).apply(h2) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: optimizer(), loss: 'categoricalCrossentropy' });
  return model;
}

/** Not a chain (a skip connection): fitBatches must keep model.apply for it. */
function branching(optimizer: () => tf.Optimizer): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const input = tf.input({ shape: [5] });
  const h = tf.layers.dense({ units: 5, activation: 'relu', kernelInitializer: init(7) }).apply(input) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([input, h]) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(8) }).apply(sum) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: optimizer(), loss: 'categoricalCrossentropy' });
  return model;
}

/** Kernels per batch of fitBatches: the kernels of a 3-batch epoch minus a 1-batch epoch's, halved (per-epoch work cancels). */
async function kernelsPerBatch(m: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const count = async (rows: number) => {
    const [xb, yb] = [x.slice(0, rows), y.slice(0, rows)];
    await fitBatches(m, xb, yb, { batchSize: 16, shuffle: false });
    const info = await tf.profile(async () => {
      await fitBatches(m, xb, yb, { batchSize: 16, shuffle: false });
    });
    tf.dispose([xb, yb]);
    return info.kernels.length;
  };
  return ((await count(48)) - (await count(16))) / 2;
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describeBackends(['cpu', 'wasm'], 'fitBatches', () => {
  it.each([
    ['SGD', () => tf.train.sgd(0.1)],
    ['Adam', () => tf.train.adam(0.01)],
  ] as const)(
    'without shuffling, gives the weights and epoch losses of model.fit (%s, regularizer, partial batch)',
    async (_label, opt) => {
      const { x, y } = data();
      const a = mlp(opt);
      const b = mlp(opt);
      const fitted = await a.fit(x, y, { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 });
      const lean = await fitBatches(b, x, y, { batchSize: 16, epochs: 3, shuffle: false });
      expect(lean.epoch).toEqual([0, 1, 2]);
      expectClose(lean.history.loss, fitted.history.loss as number[], { rtol: 1e-5, atol: 1e-6 });
      const wa = weightsOf(a);
      weightsOf(b).forEach((w, i) => expectClose(w, wa[i], { rtol: 1e-5, atol: 1e-6, message: `weight ${i}` }));
      a.dispose();
      b.dispose();
      tf.dispose([x, y]);
    },
  );

  it.each([
    ['SGD', () => tf.train.sgd(0.1)],
    ['Adam', () => tf.train.adam(0.01)],
  ] as const)('ReLU MLP with a softmax output: the weights and epoch losses of model.fit (%s)', async (_label, opt) => {
    const { x, y } = data();
    const labels = tf.tidy(() => tf.argMax(y, 1).toFloat().reshape([-1, 1]));
    const cases: [tf.LayersModel, tf.LayersModel, tf.Tensor][] = [
      [softmaxMlp(opt), softmaxMlp(opt), y],
      [softmaxMlp(opt, 'sparseCategoricalCrossentropy'), softmaxMlp(opt, 'sparseCategoricalCrossentropy'), labels],
      [functionalChain(opt), functionalChain(opt), y],
      [branching(opt), branching(opt), y],
      [softmaxMlp(opt, 'categoricalCrossentropy', true), softmaxMlp(opt, 'categoricalCrossentropy', true), y],
    ];
    for (const [i, [a, b, target]] of cases.entries()) {
      const fitted = await a.fit(x, target, { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 });
      const lean = await fitBatches(b, x, target, { batchSize: 16, epochs: 3, shuffle: false });
      expectClose(lean.history.loss, fitted.history.loss as number[], { rtol: 1e-5, atol: 1e-6, message: `case ${i}: losses` });
      const wa = weightsOf(a);
      weightsOf(b).forEach((w, j) => expectClose(w, wa[j], { rtol: 1e-5, atol: 1e-6, message: `case ${i}: weight ${j}` }));
      a.dispose();
      b.dispose();
    }
    tf.dispose([x, y, labels]);
  });

  it('runs at most 44 kernels per batch for a 3-layer softmax MLP with SGD (the tape through model.apply ran 121)', async () => {
    const { x, y } = data();
    const m = softmaxMlp(() => tf.train.sgd(0.1));
    // 3 fused dense layers; 7 for the loss value and 3 for its gradient (softmax − y)·dy/batch; 3 kernel
    // gradients; 3 bias gradients as products with a row of ones (1 fill, 3 products, 3 reshapes); 2 input
    // gradients with their ReLU masks (6); SGD's 2 per variable (12); the batch loss kept for the epoch (1)
    // 44: the cross-entropy's gradient p·Σy − y takes the label rows' sums (2 kernels), exact for any label rows
    expect(await kernelsPerBatch(m, x, y)).toBeLessThanOrEqual(44);
    m.dispose();
    tf.dispose([x, y]);
  });

  it("runs a compiled tf.losses.softmaxCrossEntropy as one host node and sums layer losses in one node: fit's weights, fewer kernels", async () => {
    const { x, y } = data();
    const logitsMlp = (loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor) => {
      const m = mlp(() => tf.train.adam(0.01));
      m.compile({ optimizer: tf.train.adam(0.01), loss });
      return m;
    };
    const a = logitsMlp(tf.losses.softmaxCrossEntropy);
    const b = logitsMlp(tf.losses.softmaxCrossEntropy);
    const fitted = await a.fit(x, y, { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 });
    const lean = await fitBatches(b, x, y, { batchSize: 16, epochs: 3, shuffle: false });
    expectClose(lean.history.loss, fitted.history.loss as number[], { rtol: 1e-5, atol: 1e-6 });
    const wa = weightsOf(a);
    weightsOf(b).forEach((w, j) => expectClose(w, wa[j], { rtol: 1e-5, atol: 1e-6, message: `weight ${j}` }));
    // the same loss behind a closure is not recognized (the stock op and an add per layer loss): measured 115 against 153
    const closure = logitsMlp((t, p) => tf.losses.softmaxCrossEntropy(t, p));
    const [recognized, wrapped] = [await kernelsPerBatch(b, x, y), await kernelsPerBatch(closure, x, y)];
    expect(recognized).toBeLessThanOrEqual(wrapped - 35);
    tf.dispose([a, b, closure].flatMap((m) => m.getWeights()));
    tf.dispose([x, y]);
  });

  it("takes model.fit's steps under tf.losses.softmaxCrossEntropy with multi-hot and all-zero label rows (tfjs's p − y)", async () => {
    const { x, y } = data();
    // every fifth row all-zero, every fifth (shifted) multi-hot with two classes: row sums 0, 2 and 1
    const labels = tf.tidy(() => {
      const row = tf.range(0, 50).mod(5).reshape([50, 1]);
      const twoHot = tf.minimum(tf.add(y, tf.concat([y.slice([0, 1], [50, 2]), y.slice([0, 0], [50, 1])], 1)), 1);
      return tf.where(tf.equal(row, 0).tile([1, 3]), tf.zerosLike(y), tf.where(tf.equal(row, 1).tile([1, 3]), twoHot, y));
    });
    const rowSums = await labels.sum(1).data();
    expect(new Set(rowSums)).toEqual(new Set([0, 1, 2]));
    const logitsMlp = () => {
      const m = mlp(() => tf.train.sgd(0.5));
      m.compile({ optimizer: tf.train.sgd(0.5), loss: tf.losses.softmaxCrossEntropy });
      return m;
    };
    const [a, b] = [logitsMlp(), logitsMlp()];
    const fitted = await a.fit(x, labels, { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 });
    const lean = await fitBatches(b, x, labels, { batchSize: 16, epochs: 3, shuffle: false });
    expectClose(lean.history.loss, fitted.history.loss as number[], { rtol: 1e-5, atol: 1e-6 });
    const wa = weightsOf(a);
    weightsOf(b).forEach((w, j) => expectClose(w, wa[j], { rtol: 1e-5, atol: 1e-6, message: `weight ${j}` }));
    tf.dispose([a, b].flatMap((m) => m.getWeights()));
    tf.dispose([x, y, labels]);
  });

  it('drives a constrained optimizer exactly as model.fit does (StochasticFrankWolfe, biases skipped)', async () => {
    const { x, y } = data();
    // L∞ balls on the regularized MLP (its stack runs under the tape); L2 balls on the plain softmax MLP (one
    // tape node for the whole chain): an L∞ vertex is the sign of each gradient entry, so an entry within
    // float32 rounding of 0 (the fused loss's gradient is (p − y)/batch directly, the stock one goes through the
    // clip and the renormalisation) may pick the other vertex; the L2 vertex −r·g/‖g‖ is continuous in g
    const cases = [
      [mlp, () => linfBall(0.3)],
      [softmaxMlp, () => l2Ball(0.5)],
    ] as const;
    for (const [build, ball] of cases) {
      const make = (m: tf.LayersModel) => {
        const sets = new Map(m.layers.map((l) => [l.trainableWeights[0], ball()] as const));
        return new StochasticFrankWolfe(sets, { lr: 0.1, momentum: 0.9, unconstrained: 'skip' });
      };
      const models = [build(() => tf.train.sgd(0)), build(() => tf.train.sgd(0))];
      for (const m of models) m.compile({ optimizer: make(m), loss: 'categoricalCrossentropy' });
      await models[0].fit(x, y, { batchSize: 10, epochs: 2, shuffle: false, verbose: 0 });
      await fitBatches(models[1], x, y, { batchSize: 10, epochs: 2, shuffle: false });
      const w0 = weightsOf(models[0]);
      weightsOf(models[1]).forEach((w, i) => expectClose(w, w0[i], { rtol: 1e-5, atol: 1e-6, message: `${build.name}: weight ${i}` }));
      if (build === mlp) expect(Math.max(...w0[0].map(Math.abs))).toBeLessThanOrEqual(0.3 * (1 + 1e-6));
      for (const m of models) m.dispose();
    }
    tf.dispose([x, y]);
  });

  it('calls callbacks with fit-shaped logs, stops on model.stopTraining, and shuffles reproducibly by seed', async () => {
    const { x, y } = data();
    const m = mlp(() => tf.train.sgd(0.1));
    const batches: tf.Logs[] = [];
    const epochs: number[] = [];
    await fitBatches(m, x, y, {
      batchSize: 16,
      epochs: 3,
      callbacks: {
        onBatchEnd: (_b, logs) => {
          batches.push(logs!);
          if (batches.length === 6) m.stopTraining = true;
        },
        onEpochEnd: (e, logs) => {
          epochs.push(e);
          expect(Number.isFinite(logs!.loss)).toBe(true);
        },
      },
    });
    expect(batches.map((l) => [l.batch, l.size])).toEqual([
      [0, 16],
      [1, 16],
      [2, 16],
      [3, 2],
      [0, 16],
      [1, 16],
    ]);
    expect(epochs).toEqual([0, 1]);
    const runs = [];
    for (let r = 0; r < 2; r++) {
      const fresh = mlp(() => tf.train.sgd(0.1));
      await fitBatches(fresh, x, y, { batchSize: 16, epochs: 2, seed: 5 });
      runs.push(weightsOf(fresh));
      fresh.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('leaks no tensors (shuffled, with per-batch callbacks) and checks its arguments', async () => {
    const { x, y } = data();
    const m = mlp(() => tf.train.sgd(0.1));
    await fitBatches(m, x, y, { batchSize: 16 });
    await expectNoLeaks(async () => {
      await fitBatches(m, x, y, { batchSize: 16, epochs: 2, callbacks: [{ onBatchEnd: () => undefined }] });
    });
    // the one-node step of a plain softmax chain keeps its activations only until the step ends
    const chain = softmaxMlp(() => tf.train.adam(0.01), 'sparseCategoricalCrossentropy');
    const labels = tf.tidy(() => tf.argMax(y, 1).toFloat().reshape([-1, 1]));
    await fitBatches(chain, x, labels, { batchSize: 16 });
    await expectNoLeaks(async () => {
      await fitBatches(chain, x, labels, { batchSize: 16, epochs: 2 });
    });
    chain.dispose();
    labels.dispose();
    const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [5] })] });
    await expect(fitBatches(uncompiled, x, y)).rejects.toThrow(SparsekitError);
    await expect(fitBatches(m, x, tf.zeros([3, 3]))).rejects.toThrow(/50 rows/);
    await expect(fitBatches(m, x, y, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(fitBatches(m, x, y, { batchsize: 8 } as object)).rejects.toThrow(/batchsize/);
    uncompiled.dispose();
    m.dispose();
    tf.dispose([x, y]);
  });
});

// cpu only: tfjs 4.22's wasm backend has no UnsortedSegmentSum, the gradient of an Embedding layer
describeBackends(['cpu'], 'fitBatches with masks', () => {
  it('passes Keras masks on as model.fit does (Embedding with maskZero into a recurrent layer), and takes integer inputs', async () => {
    const make = (maskZero: boolean, inputs: 'ids' | 'ints') => {
      const init = (seed: number) => tf.initializers.glorotUniform({ seed });
      const layers =
        inputs === 'ids'
          ? [
              tf.layers.embedding({ inputDim: 6, outputDim: 3, inputLength: 4, maskZero, embeddingsInitializer: init(1) }),
              tf.layers.simpleRNN({ units: 4, kernelInitializer: init(2), recurrentInitializer: init(3) }),
              tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(4) }),
            ]
          : [
              tf.layers.dense({ units: 4, inputShape: [4], activation: 'relu', kernelInitializer: init(5) }),
              tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(6) }),
            ];
      const model = tf.sequential({ layers });
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
      return model;
    };
    // trailing zeros are padding: the mask changes the recurrent layer's output
    const x = tf.tensor2d(
      [
        [1, 2, 0, 0],
        [3, 0, 0, 0],
        [4, 5, 2, 0],
        [1, 1, 1, 1],
      ],
      undefined,
      'int32',
    );
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3).toFloat();
    for (const [maskZero, inputs] of [
      [true, 'ids'],
      [false, 'ids'],
      [false, 'ints'],
    ] as const) {
      const a = make(maskZero, inputs);
      const b = make(maskZero, inputs);
      const fitted = await a.fit(x, y, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0 });
      const lean = await fitBatches(b, x, y, { batchSize: 4, epochs: 2, shuffle: false });
      const message = `maskZero ${maskZero}, ${inputs}`;
      expectClose(lean.history.loss, fitted.history.loss as number[], { rtol: 1e-5, atol: 1e-6, message });
      const wa = weightsOf(a);
      weightsOf(b).forEach((w, j) => expectClose(w, wa[j], { rtol: 1e-5, atol: 1e-6, message: `${message}: weight ${j}` }));
      a.dispose();
      b.dispose();
    }
    tf.dispose([x, y]);
  });
});
