import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeKernelStatus, restoreStockKernels, setNativeThreads } from '../install.js';
import {
  skipWithoutAddon,
  BACKENDS,
  expectNoLeak,
  expectWithinBound,
  randomTensor,
  rng,
  selectBackend,
  stockAndNative,
  withNative,
} from './compare.test-helpers.js';

const abs = (t: tf.Tensor) => tf.abs(t);

/** Native and stock products and the Σ|a||b| bound (stock kernels), as arrays. */
function compareMatMul(kind: 'cpu' | 'wasm', a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean) {
  const run = () => tf.tidy(() => Array.from(tf.matMul(a, b, ta, tb).dataSync()));
  const { stock, native } = stockAndNative(kind, run);
  restoreStockKernels([kind]);
  const bound = tf.tidy(() => Array.from(tf.matMul(abs(a), abs(b), ta, tb).dataSync()));
  const k = ta ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
  expectWithinBound(native, stock, bound, k);
}

/** Float64 batched product with numpy-style broadcast of the batch dimensions (the oracle). */
function matmul64(a: tf.Tensor, b: tf.Tensor): { values: Float64Array; shape: number[] } {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const av = a.dataSync();
  const bv = b.dataSync();
  const batches = outBatch.reduce((p, d) => p * d, 1);
  const values = new Float64Array(batches * m * n);
  const index = (shape: number[], flat: number) => {
    let rest = flat,
      idx = 0,
      stride = 1;
    const shift = outBatch.length - shape.length;
    for (let axis = outBatch.length - 1; axis >= 0; axis--) {
      const c = rest % outBatch[axis];
      rest = Math.floor(rest / outBatch[axis]);
      if (axis - shift < 0) continue;
      if (shape[axis - shift] !== 1) idx += c * stride;
      stride *= shape[axis - shift];
    }
    return idx;
  };
  for (let t = 0; t < batches; t++) {
    const ao = index(a.shape.slice(0, -2), t) * m * k;
    const bo = index(b.shape.slice(0, -2), t) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < k; l++) s += av[ao + i * k + l] * bv[bo + l * n + j];
        values[t * m * n + i * n + j] = s;
      }
  }
  return { values, shape: [...outBatch, m, n] };
}

for (const kind of BACKENDS) {
  describe(`native matmul kernels [${kind}]`, () => {
    skipWithoutAddon();
    beforeAll(() => selectBackend(kind));
    afterAll(() => restoreStockKernels());

    it('BatchMatMul matches the stock kernel on random shapes, all transposes', () => {
      const next = rng(11);
      for (let trial = 0; trial < 16; trial++) {
        const [m, n, k] = [
          trial % 6 === 2 ? 1 : 1 + Math.floor(next() * 40),
          trial % 6 === 3 ? 1 : 1 + Math.floor(next() * 40),
          1 + Math.floor(next() * 60),
        ];
        const ta = trial % 2 === 1;
        const tb = Math.floor(trial / 2) % 2 === 1;
        const batch = trial < 4 ? [] : [1 + Math.floor(next() * 3)];
        const a = randomTensor([...batch, ...(ta ? [k, m] : [m, k])], next);
        const b = randomTensor([...batch, ...(tb ? [n, k] : [k, n])], next);
        compareMatMul(kind, a, b, ta, tb);
        tf.dispose([a, b]);
      }
    });

    it('matrix-vector products (one row or one column, the BLAS gemv path) match the stock kernel, all transposes', () => {
      const next = rng(15);
      for (const [m, n] of [
        [1, 23],
        [19, 1],
        [1, 1],
      ]) {
        for (const [ta, tb] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ]) {
          const k = 37;
          const a = randomTensor([2, ...(ta ? [k, m] : [m, k])], next);
          const b = randomTensor([2, ...(tb ? [n, k] : [k, n])], next);
          compareMatMul(kind, a, b, ta, tb);
          tf.dispose([a, b]);
        }
      }
    });

    it('broadcasts batch dimensions numpy-style, matching a float64 oracle', () => {
      const next = rng(12);
      const cases: Array<[number[], number[]]> = [
        [
          [3, 7, 5],
          [5, 4],
        ],
        [
          [7, 5],
          [3, 5, 4],
        ],
        [
          [2, 1, 6, 5],
          [3, 5, 4],
        ],
        [
          [1, 3, 6, 5],
          [2, 1, 5, 4],
        ],
      ];
      for (const [as, bs] of cases) {
        const a = randomTensor(as, next);
        const b = randomTensor(bs, next);
        const oracle = matmul64(a, b);
        const { native } = stockAndNative(kind, () =>
          tf.tidy(() => {
            const c = tf.matMul(a, b);
            return { shape: c.shape, values: Array.from(c.dataSync()) };
          }),
        );
        expect(native.shape).toEqual(oracle.shape);
        const bound = matmul64(abs(a), abs(b)).values;
        expectWithinBound(native.values, oracle.values, bound, as[as.length - 1]);
        tf.dispose([a, b]);
      }
    });

    it('_FusedMatMul: bias (per column, scalar, full) and every activation match the unfused ops', () => {
      // The oracle is matMul + add + activation run as separate stock kernels: the stock wasm
      // _FusedMatMul adds a rank-1 bias wrongly to batched products and rejects other biases.
      const next = rng(13);
      const [m, n, k] = [9, 7, 13];
      const a = randomTensor([2, m, k], next);
      const b = randomTensor([2, k, n], next);
      const biases = [randomTensor([n], next), randomTensor([1], next), randomTensor([2, m, n], next)];
      const prelu = randomTensor([n], next);
      const unfused: Record<string, (x: tf.Tensor) => tf.Tensor> = {
        linear: (x) => x,
        relu: tf.relu,
        relu6: tf.relu6,
        elu: tf.elu,
        sigmoid: tf.sigmoid,
        leakyrelu: (x) => tf.leakyRelu(x, 0.1),
        prelu: (x) => tf.prelu(x, prelu),
      };
      for (const [i, activation] of (['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const).entries()) {
        const bias = biases[i % 3];
        const native = withNative(kind, () =>
          tf.tidy(() =>
            Array.from(
              tf.fused
                .matMul({
                  a,
                  b,
                  bias,
                  activation,
                  preluActivationWeights: activation === 'prelu' ? prelu : undefined,
                  leakyreluAlpha: 0.1,
                })
                .mul(6)
                .dataSync(),
            ),
          ),
        );
        restoreStockKernels([kind]);
        const [expected, bound] = tf.tidy(() => {
          const y = unfused[activation](tf.matMul(a, b).add(bias)).mul(6);
          return [Array.from(y.dataSync()), Array.from(tf.matMul(abs(a), abs(b)).add(abs(bias)).mul(6).add(tf.abs(y)).dataSync())];
        });
        expectWithinBound(native, expected, bound, k);
      }
      tf.dispose([a, b, prelu, ...biases]);
    });

    it('gradients through tf.grads match the stock kernels', () => {
      const next = rng(14);
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ]) {
        const [m, n, k] = [11, 6, 17];
        const a = randomTensor([3, ...(ta ? [k, m] : [m, k])], next);
        const b = randomTensor([3, ...(tb ? [n, k] : [k, n])], next);
        const r = randomTensor([3, m, n], next);
        const grads = (x: tf.Tensor, y: tf.Tensor, w: tf.Tensor) =>
          tf.tidy(() =>
            tf
              .grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, ta, tb).mul(w).sum())([x, y])
              .map((g) => Array.from(g.dataSync())),
          );
        const { stock, native } = stockAndNative(kind, () => grads(a, b, r));
        restoreStockKernels([kind]);
        const bound = grads(abs(a), abs(b), abs(r));
        expectWithinBound(native[0], stock[0], bound[0], n);
        expectWithinBound(native[1], stock[1], bound[1], m);
        tf.dispose([a, b, r]);
      }
    });

    it('falls back to the stock kernel for int32 and empty operands', () => {
      const { stock, native } = stockAndNative(kind, () =>
        tf.tidy(() => {
          const ints =
            kind === 'cpu'
              ? Array.from(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32')).dataSync())
              : [];
          const empty = tf.matMul(tf.zeros([0, 3]), tf.zeros([3, 2])).shape;
          return { ints, empty };
        }),
      );
      expect(native).toEqual(stock);
      if (kind === 'cpu') expect(native.ints).toEqual([19, 22, 43, 50]);
    });

    it('keeps the BLAS thread count across small products (run on one thread) and large ones', () => {
      withNative(kind, () => {
        const before = nativeKernelStatus().threads;
        setNativeThreads(2);
        try {
          for (const [m, k, n] of [
            [100, 100, 1],
            [64, 64, 64],
            [160, 160, 160],
          ]) {
            const a = randomTensor([m, k], rng(m + n));
            const b = randomTensor([k, n], rng(k + 1));
            const c = tf.tidy(() => tf.matMul(a, b).dataSync());
            expect(c.length).toBe(m * n);
            expect(nativeKernelStatus().threads).toBe(2);
            tf.dispose([a, b]);
          }
        } finally {
          if (before !== undefined) setNativeThreads(before);
        }
      });
    });

    it('is leak-free', () => {
      stockAndNative(kind, () => undefined);
      const a = tf.ones([2, 5, 3]);
      const b = tf.ones([3, 4]);
      expectNoLeak(() =>
        tf.tidy(() => {
          tf.matMul(a, b).dataSync();
          tf.fused.matMul({ a: tf.ones([5, 3]), b, bias: tf.ones([4]), activation: 'relu' }).dataSync();
        }),
      );
      tf.dispose([a, b]);
    });
  });
}
