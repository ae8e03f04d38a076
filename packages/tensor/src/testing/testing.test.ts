import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeaks } from '../testing.js';

describe('expectClose', () => {
  it('passes within rtol/atol and reports the worst index otherwise', () => {
    expectClose([1, 2, 3], [1, 2 + 1e-6, 3]);
    expect(() => expectClose([1, 2.1, 3.5], [1, 2, 3], { rtol: 1e-3 })).toThrow(/flat index 2 \(of 3\): actual 3.5, expected 3/);
    expect(() => expectClose([0.1], [0], { atol: 0.01, rtol: 0, message: 'case A' })).toThrow(/^case A: values differ/);
  });

  it('compares tensors, nested arrays and NaN positions', () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, NaN],
    ]);
    expectClose(t, [
      [1, 2],
      [3, NaN],
    ]);
    expect(() =>
      expectClose(t, [
        [1, 2],
        [3, 4],
      ]),
    ).toThrow(/flat index 3/);
    expect(() => expectClose([1, 2], [1, 2, 3])).toThrow(/shape mismatch/);
    expectClose(Infinity, Infinity);
    t.dispose();
  });
});

describe('expectNoLeaks', () => {
  it('accepts returned fresh tensors and disposes them', async () => {
    const x = tf.ones([3]);
    const before = tf.memory().numTensors;
    await expectNoLeaks(() => ({ re: x.mul(2), im: [x.add(1)] }));
    expect(tf.memory().numTensors).toBe(before);
    // returning an input is not counted as fresh and is not disposed
    await expectNoLeaks(() => x);
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('fails on a leak and on disposing what the function does not own', async () => {
    const x = tf.ones([3]);
    await expect(
      expectNoLeaks(() => {
        x.square();
      }),
    ).rejects.toThrow(/leaked 1 tensor/);
    await expect(
      expectNoLeaks(async () => {
        x.dispose();
      }),
    ).rejects.toThrow(/disposed 1 tensor/);
  });
});
