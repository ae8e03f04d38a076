import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { fusedSoftmaxCrossEntropy, SparsekitError } from './index.js';
import { describeBackends, expectClose, expectNoLeaks } from './testing.js';

/** tfjs-layers' categoricalCrossentropy of a softmax layer's output, from stock ops: the oracle. */
function stock(labels: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  const eps = tf.backend().epsilon();
  const p = tf.softmax(logits);
  const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), eps, 1 - eps);
  return tf.neg(tf.sum(tf.mul(labels, tf.log(q)), -1));
}

/** Float64 plain-JS softmax cross-entropy and its gradient (softmax − y) / batch, from log-sum-exp. */
function reference(z: number[][], y: number[][]): { value: number; grad: number[][] } {
  let value = 0;
  const grad = z.map((row, i) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    value += -row.reduce((s, v, c) => s + y[i][c] * (v - lse), 0) / z.length;
    return row.map((v, c) => (Math.exp(v - lse) - y[i][c]) / z.length);
  });
  return { value, grad };
}

function data(seed: number, scale = 3) {
  return tf.tidy(() => {
    const logits = tf.mul(tf.randomNormal([6, 4], 0, 1, 'float32', seed), scale) as tf.Tensor2D;
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1, 0], 'int32'), 4).toFloat() as tf.Tensor2D;
    return { logits, labels };
  });
}

describeBackends(['cpu', 'wasm'], 'fusedSoftmaxCrossEntropy', () => {
  it('mean value and gradient (softmax − y)/batch equal a float64 reference and tf.grads of the stock composition', () => {
    tf.tidy(() => {
      for (const [labelsKind, seed] of [
        ['one-hot', 1],
        ['soft', 2],
      ] as const) {
        const { logits, labels: hard } = data(seed);
        const labels = labelsKind === 'one-hot' ? hard : (tf.softmax(tf.randomNormal([6, 4], 0, 1, 'float32', 9)) as tf.Tensor2D);
        const ours = (z: tf.Tensor) => tf.mean(fusedSoftmaxCrossEntropy({ logits: z as tf.Tensor2D, labels }));
        const theirs = (z: tf.Tensor) => tf.mean(stock(labels, z));
        const want = reference(logits.arraySync(), labels.arraySync());
        expectClose(ours(logits), want.value, { rtol: 1e-5, atol: 1e-6 });
        expectClose(theirs(logits), want.value, { rtol: 1e-5, atol: 1e-6 });
        const g = tf.grad(ours)(logits);
        expectClose(g, want.grad, { rtol: 1e-4, atol: 1e-6, message: `${labelsKind}: against float64` });
        expectClose(g, tf.grad(theirs)(logits), { rtol: 1e-4, atol: 1e-6, message: `${labelsKind}: against the stock gradient` });
      }
    });
  });

  it('differentiates label rows that do not sum to 1 (zeros, scaled, soft) as the stock composition does', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([
        [0, 1, -1],
        [2, 0, 1],
        [0.5, 0.5, -2],
        [1, -1, 0],
      ]);
      const labels = tf.tensor2d([
        [0, 0, 0],
        [2, 0, 0],
        [0.2, 0.3, 0.1],
        [0, 1, 0],
      ]);
      const ours = tf.grad((z: tf.Tensor) => tf.sum(fusedSoftmaxCrossEntropy({ logits: z as tf.Tensor2D, labels })))(logits);
      const theirs = tf.grad((z: tf.Tensor) => tf.sum(stock(labels, z)))(logits);
      expectClose(ours, theirs, { rtol: 1e-5, atol: 1e-6 });
      // a zero label row costs nothing and pulls nothing
      expectClose(tf.slice(ours, [0, 0], [1, 3]), tf.zeros([1, 3]), { atol: 0 });
    });
  });

  it('takes integer labels without leaking their float32 copy', async () => {
    const { logits } = data(7);
    const labels = tf.tensor2d(
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
        [0, 1, 0, 0],
        [1, 0, 0, 0],
      ],
      undefined,
      'int32',
    );
    await expectNoLeaks(() => fusedSoftmaxCrossEntropy({ logits, labels }).dispose());
    tf.dispose([logits, labels]);
  });

  it('clips the value as tfjs-layers does (−log ε at most) and keeps the true gradient there', () => {
    tf.tidy(() => {
      // the true class has probability e^-40 ≈ 4e-18 < ε: the stock loss is −log ε and its gradient is zero there
      const logits = tf.tensor2d([[40, 0, 0]]);
      const labels = tf.tensor2d([[0, 1, 0]]);
      const eps = tf.backend().epsilon();
      expectClose(fusedSoftmaxCrossEntropy({ logits, labels }), [-Math.log(Math.fround(eps))], { rtol: 1e-6 });
      expectClose(stock(labels, logits), [-Math.log(Math.fround(eps))], { rtol: 1e-6 });
      const g = tf.grad((z: tf.Tensor) => tf.sum(fusedSoftmaxCrossEntropy({ logits: z as tf.Tensor2D, labels })))(logits);
      expectClose(g, [[1, -1, 0]], { atol: 1e-6 });
      const stockGrad = tf.grad((z: tf.Tensor) => tf.sum(stock(labels, z)))(logits);
      expect(Math.max(...Array.from(stockGrad.dataSync()).map(Math.abs))).toBeLessThan(1e-6);
    });
  });

  it('weights each example by its incoming gradient and differentiates the labels (−log p)', () => {
    tf.tidy(() => {
      const { logits, labels } = data(3, 1);
      const w = tf.tensor1d([1, 2, 0, -1, 0.5, 3]);
      const f = (z: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.mul(fusedSoftmaxCrossEntropy({ logits: z as tf.Tensor2D, labels: y as tf.Tensor2D }), w));
      const g = (z: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(stock(y, z), w));
      const [gz, gy] = tf.grads(f)([logits, labels]);
      const [sz, sy] = tf.grads(g)([logits, labels]);
      expectClose(gz, sz, { rtol: 1e-4, atol: 1e-6 });
      expectClose(gy, sy, { rtol: 1e-4, atol: 1e-6 });
    });
  });

  it('rejects wrong shapes naming the argument, leaks nothing, and runs fewer kernels than the stock loss', async () => {
    const { logits, labels } = data(4);
    expect(() => fusedSoftmaxCrossEntropy({ logits: tf.zeros([3]) as unknown as tf.Tensor2D, labels })).toThrow(SparsekitError);
    expect(() => fusedSoftmaxCrossEntropy({ logits, labels: tf.zeros([6, 3]) as tf.Tensor2D })).toThrow(/labels/);
    await expectNoLeaks(() => {
      const g = tf.grads((z: tf.Tensor, y: tf.Tensor) =>
        tf.mean(fusedSoftmaxCrossEntropy({ logits: z as tf.Tensor2D, labels: y as tf.Tensor2D })),
      )([logits, labels]);
      tf.dispose(g);
    });
    const count = async (f: (z: tf.Tensor) => tf.Tensor) =>
      (await tf.profile(() => tf.grad((z: tf.Tensor) => tf.mean(f(z)))(logits))).kernels.length;
    const ours = await count((z) => fusedSoftmaxCrossEntropy({ logits: z as tf.Tensor2D, labels }));
    const theirs = await count((z) => stock(labels, z));
    expect(ours).toBeLessThan(theirs);
    tf.dispose([logits, labels]);
  });
});
