// SparsekitAdam against tfjs's own Adam arithmetic (the chain of ops of AdamOptimizer.applyGradients)
// on the same backend: the same float32 operations in the same order, so the same bits.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreStockKernels } from '../install.js';
import { BACKENDS, expectNoLeak, randomTensor, rng, selectBackend, skipWithoutAddon, withNative } from './compare.test-helpers.js';
import { hasOptimizerUpdates } from './optimizer-kernels.js';

interface Step {
  x: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
  g: tf.Tensor;
  accBeta1: tf.Tensor;
  accBeta2: tf.Tensor;
}
const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, learningRate: 3e-3 };

/** tfjs 4.22's update, op for op. */
function stockAdam({ x, m, v, g, accBeta1, accBeta2 }: Step): tf.Tensor[] {
  const { beta1, beta2, epsilon, learningRate } = attrs;
  const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
  const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
  const mHat = tf.div(m1, tf.sub(1, accBeta1));
  const vHat = tf.div(v1, tf.sub(1, accBeta2));
  return [tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate), x), m1, v1];
}

function step(shape: number[], seed: number, t = 7): Step {
  const next = rng(seed);
  return {
    x: randomTensor(shape, next),
    m: tf.mul(randomTensor(shape, next), 0.1),
    v: tf.abs(tf.mul(randomTensor(shape, next), 0.01)),
    g: randomTensor(shape, next),
    accBeta1: tf.pow(tf.scalar(0.9), t),
    accBeta2: tf.pow(tf.scalar(0.999), t),
  };
}

const fused = (s: Step) => tf.engine().runKernel('SparsekitAdam', { ...s }, attrs) as tf.Tensor[];
const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

/** Same shapes and the same bits, entry for entry (NaN payloads included). */
function expectSameBits(actual: tf.Tensor[], expected: tf.Tensor[]): void {
  expect(actual.map((t) => t.shape)).toEqual(expected.map((t) => t.shape));
  actual.forEach((t, k) => {
    const a = new Int32Array((t.dataSync() as Float32Array).slice().buffer);
    const b = new Int32Array((expected[k].dataSync() as Float32Array).slice().buffer);
    let mismatch = -1;
    for (let i = 0; i < a.length && mismatch < 0; i++) if (a[i] !== b[i]) mismatch = i;
    expect(mismatch, `output ${k} differs first at entry ${mismatch}`).toBe(-1);
  });
}

describe('hasOptimizerUpdates', () => {
  it('tells an addon built with the fused updates from one built before them', () => {
    expect(hasOptimizerUpdates({ adam: () => undefined })).toBe(true);
    expect(hasOptimizerUpdates({})).toBe(false);
  });
});

for (const kind of BACKENDS) {
  describe(`SparsekitAdam [${kind}]`, () => {
    skipWithoutAddon();
    beforeAll(async () => {
      await selectBackend(kind);
      withNative(kind, () => undefined);
    });
    afterAll(() => restoreStockKernels([kind]));

    it('gives the bits of tfjs Adam arithmetic (vectors, matrices, zero moments, NaN and ±Infinity gradients)', () => {
      tf.tidy(() => {
        for (const [shape, seed] of [
          [[1], 1],
          [[300], 2],
          [[784, 30], 3],
          [[2, 3, 4], 4],
        ] as const) {
          const s = step([...shape], seed);
          expectSameBits(fused(s), stockAdam(s));
          const fresh = { ...s, m: tf.zerosLike(s.x), v: tf.zerosLike(s.x), accBeta1: tf.scalar(0.9), accBeta2: tf.scalar(0.999) };
          expectSameBits(fused(fresh), stockAdam(fresh));
        }
        const odd = { ...step([4], 5), g: tf.tensor1d([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0]) };
        expectSameBits(fused(odd), stockAdam(odd));
        expect(values(fused(odd))[0].slice(0, 3).every(Number.isNaN)).toBe(true);
      });
    });

    it('updates in place from the second step, unless another tensor holds the memory or it came from the caller', () => {
      const s = step([40, 3], 9);
      const user = Float32Array.from(s.x.dataSync());
      const x = tf.variable(tf.tensor(user, s.x.shape)); // the cpu backend keeps `user` itself
      const m = tf.variable(s.m);
      const v = tf.variable(s.v);
      const stepOnce = () =>
        tf.tidy(() => {
          const expected = stockAdam({ ...s, x, m, v });
          const out = fused({ ...s, x, m, v });
          expectSameBits(out, expected);
          const moved = out.map((t, k) => t.dataId !== [x, m, v][k].dataId);
          [x, m, v].forEach((variable, k) => variable.assign(out[k]));
          return moved;
        });
      const copy = Float32Array.from(user);
      expect(stepOnce()).toEqual([true, true, true]); // first step: new memory, the caller's array untouched
      expect(Array.from(user)).toEqual(Array.from(copy));
      expect(stepOnce()).toEqual([false, false, false]); // memory the kernel made, held by the variables only
      const snapshot = tf.clone(x);
      const before = Array.from(snapshot.dataSync());
      // cpu's clone shares x's memory, so that step writes new memory (all three: in place is all or nothing); wasm's clone copies
      expect(stepOnce()).toEqual(kind === 'cpu' ? [true, true, true] : [false, false, false]);
      expect(Array.from(snapshot.dataSync())).toEqual(before);
      expect(stepOnce()).toEqual([false, false, false]);
      tf.dispose([snapshot, x, m, v, ...Object.values(s)]);
    });

    it('leaves slices of the variables and arrays read from them as they were (cpu hands out its own arrays)', () => {
      const s = step([6, 4], 5);
      const [x, m, v] = [tf.variable(s.x), tf.variable(s.m), tf.variable(s.v)];
      const update = () =>
        tf.tidy(() => {
          const out = fused({ ...s, x, m, v });
          const moved = out.map((t, k) => t.dataId !== [x, m, v][k].dataId);
          [x, m, v].forEach((variable, k) => variable.assign(out[k]));
          return moved;
        });
      update();
      const row = tf.slice(x, [1, 0], [1, 4]); // cpu: a subarray view of x's array under a new dataId
      const read = x.dataSync(); // cpu: x's array itself
      const [rowBefore, readBefore] = [Array.from(row.dataSync()), Array.from(read)];
      expect(update()).toEqual([false, false, false]); // still under the same dataIds
      expect(Array.from(row.dataSync())).toEqual(rowBefore);
      expect(Array.from(read)).toEqual(readBefore);
      expect(Array.from(x.dataSync())).not.toEqual(readBefore);
      tf.dispose([row, x, m, v, ...Object.values(s)]);
    });

    it('writes new memory while a gradient tape records (a step inside a differentiated function)', () => {
      const s = step([4, 3], 8);
      const [x, m, v] = [tf.variable(s.x), tf.variable(s.m), tf.variable(s.v)];
      const update = () => {
        const out = fused({ ...s, x, m, v });
        const moved = out.map((t, k) => t.dataId !== [x, m, v][k].dataId);
        [x, m, v].forEach((variable, k) => variable.assign(out[k]));
        return moved;
      };
      tf.tidy(update);
      let inside: boolean[] = [];
      tf.tidy(() =>
        tf.grad((a: tf.Tensor) => {
          inside = update();
          return tf.sum(a);
        })(tf.ones([2])),
      );
      expect(inside).toEqual([true, true, true]);
      expect(tf.tidy(update)).toEqual([false, false, false]); // outside a tape: in place again
      tf.dispose([x, m, v, ...Object.values(s)]);
    });

    it('accepts a gradient that shares memory with the variable (inputs are only read)', () => {
      const s = step([5], 4);
      tf.tidy(() => {
        const g = tf.reshape(s.x, [5]); // the same dataId as x
        expectSameBits(fused({ ...s, g }), stockAdam({ ...s, g }));
      });
      tf.dispose(Object.values(s));
    });

    it('refuses inputs that are not float32 or not of one shape (no stock kernel to fall back on)', () => {
      tf.tidy(() => {
        const s = step([3], 6);
        expect(() => fused({ ...s, g: tf.cast(s.g, 'int32') })).toThrow(/SparsekitAdam: this case .* is not supported/);
        expect(() => fused({ ...s, g: tf.ones([4]) })).toThrow(/SparsekitAdam: this case/);
      });
    });

    it('leaks no tensor and no wasm memory, in place or not', () => {
      const s = step([50, 7], 7);
      expectNoLeak(() => tf.dispose(fused(s)));
      const [x, m, v] = [tf.variable(s.x), tf.variable(s.m), tf.variable(s.v)];
      const update = () =>
        tf.tidy(() => {
          const out = fused({ ...s, x, m, v });
          [x, m, v].forEach((variable, k) => variable.assign(out[k]));
        });
      update(); // from now on in place
      expectNoLeak(update);
      tf.dispose([x, m, v, ...Object.values(s)]);
    });
  });
}

describe('SparsekitAdam when the outputs grow the wasm heap', () => {
  skipWithoutAddon();
  beforeAll(async () => {
    await selectBackend('wasm');
    withNative('wasm', () => undefined);
  });
  afterAll(() => restoreStockKernels(['wasm']));

  it('takes its views after allocating all three outputs', () => {
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
    const before = heap();
    // three outputs of a quarter of the current heap each cannot fit beside the inputs
    const n = Math.ceil(before / 16);
    tf.tidy(() => {
      const s = step([n], 8);
      const expected = stockAdam(s);
      const grown = heap();
      expectSameBits(fused(s), expected);
      expect(heap()).toBeGreaterThan(grown);
    });
  });
});
