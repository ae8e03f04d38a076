import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { expectNoLeaks } from '@sparsekit/tensor/testing';
import { loadMnist, mnistTensors } from './index.js';

describe('loadMnist', () => {
  it("'official' keeps LeCun's split: 60,000 / 10,000 images with every digit", () => {
    const { train, test, source } = loadMnist();
    expect(source).toBe('official');
    expect([train.count, test.count]).toEqual([60_000, 10_000]);
    expect(train.images.length).toBe(60_000 * 784);
    // Class counts of the official training set (LeCun's page): 5,923 zeros, 6,742 ones.
    const zeros = train.labels.filter((l) => l === 0).length;
    const ones = train.labels.filter((l) => l === 1).length;
    expect([zeros, ones]).toEqual([5923, 6742]);
    expect(Math.min(...test.images.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...test.images.subarray(0, 784 * 50))).toBe(1);
  });

  it('subsets are seeded, disjoint within a side, and change with the seed', () => {
    const a = loadMnist({ trainSize: 500, testSize: 100, seed: 3 });
    const b = loadMnist({ trainSize: 500, testSize: 100, seed: 3 });
    const c = loadMnist({ trainSize: 500, testSize: 100, seed: 4 });
    expect(a.train.images).toEqual(b.train.images);
    expect(a.test.labels).toEqual(b.test.labels);
    expect(a.train.labels).not.toEqual(c.train.labels);
    const rows = new Set<string>();
    for (let k = 0; k < 500; k++) rows.add(a.train.images.subarray(k * 784, (k + 1) * 784).join(','));
    expect(rows.size).toBe(500);
  });

  it("'small' splits the 10,000 digits of the mnist package without overlap", () => {
    const { train, test } = loadMnist({ source: 'small', trainSize: 8000, testSize: 2000 });
    expect([train.count, test.count]).toEqual([8000, 2000]);
    const seen = new Set<string>();
    for (const s of [train, test]) for (let k = 0; k < s.count; k += 7) seen.add(s.images.subarray(k * 784, (k + 1) * 784).join(','));
    expect(seen.size).toBeGreaterThan(1400);
    expect(new Set(train.labels).size).toBe(10);
  });

  it('bad options name the argument', () => {
    expect(() => loadMnist({ trainSize: 0 })).toThrow(/trainSize/);
    expect(() => loadMnist({ testSize: 10_001 })).toThrow(/testSize/);
    expect(() => loadMnist({ source: 'mnist' as 'small' })).toThrow(/source/);
    expect(() => loadMnist({ trainSize: 10, extra: 1 } as object)).toThrow(/extra/);
    expect(() => loadMnist({ source: 'small', trainSize: 9000, testSize: 2000 })).toThrow(/testSize/);
  });
});

describe('mnistTensors', () => {
  it('builds [n, 784] images with int32 or one-hot labels, leak-free', async () => {
    const { test } = loadMnist({ testSize: 20, trainSize: 1 });
    await expectNoLeaks(() => {
      const plain = mnistTensors(test);
      const hot = mnistTensors(test, { oneHot: true });
      expect(plain.x.shape).toEqual([20, 784]);
      expect(plain.y.dtype).toBe('int32');
      expect(Array.from(tf.tidy(() => hot.y.argMax(1).dataSync()))).toEqual(Array.from(test.labels));
      tf.dispose([plain.x, plain.y, hot.x, hot.y]);
    });
  });
});
